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
});

/** The model's answer after validation: the same fields, with the reasoning trimmed and bounded. */
export const TriageAnswerSchema = TriageOutputSchema.extend({
  reasoning: z.string().trim().min(1).max(2000),
});

/** A validated triage answer. */
export type TriageAnswer = z.infer<typeof TriageAnswerSchema>;
