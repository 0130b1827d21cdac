import { z } from "zod";

/**
 * What the triage model must answer. The model sees this schema (strict structured output), and
 * its answer is parsed with it again, plus limits the JSON schema cannot carry, before anyone
 * reads it: a model's output is a boundary like any HTTP body.
 */

/** The structured output the model is asked for; every field is described for the model. */
export const TriageOutputSchema = z.object({
  action: z
    .enum(["approve", "deny", "request_info"])
    .describe("What the merchant should do: approve the return, deny it, or request_info to ask the shopper for more (such as a photo)."),
  reasoning: z
    .string()
    .describe("Two to four plain sentences for the merchant that name the facts behind the recommendation. Do not quote the shopper's text at length."),
  confidence: z.number().min(0).max(1).describe("How sure you are of the recommendation, from 0 (guess) to 1 (certain)."),
  photoCheck: z
    .object({
      verdict: z
        .enum(["shows_claim", "does_not_show_claim", "unclear", "no_photos"])
        .describe("Whether the attached photos show what the shopper reports (the damage, the fault, the wrong item): no_photos when none are attached."),
      note: z.string().describe("One plain sentence for the merchant on what the photos show, or an empty string when there are none."),
    })
    .describe("Your look at the photos against the shopper's claim."),
});

/** The model's answer after validation: the same fields, with the reasoning trimmed and bounded. */
export const TriageAnswerSchema = TriageOutputSchema.extend({
  reasoning: z.string().trim().min(1).max(2000),
  // An answer without it (an older model prompt, a model that skipped it) still gives a recommendation.
  photoCheck: z.object({ verdict: z.enum(["shows_claim", "does_not_show_claim", "unclear", "no_photos"]), note: z.string().trim().max(500) }).optional(),
});

/** A validated triage answer. */
export type TriageAnswer = z.infer<typeof TriageAnswerSchema>;
