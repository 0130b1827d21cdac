import { z } from "zod";
import { MAX_MESSAGE_CHARS } from "./validation";

const text = z
  .string({ error: "Write a message first." })
  .transform((v) => v.replace(/\r\n?/g, "\n").trim())
  .pipe(z.string().min(1, "Write a message first.").max(MAX_MESSAGE_CHARS, `Keep it to ${MAX_MESSAGE_CHARS.toLocaleString("en-US")} characters or fewer.`));

/** Every action the conversation page posts, told apart by `intent`. */
export const conversationIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("reply"), text }),
  z.object({ intent: z.literal("note"), text }),
  z.object({ intent: z.literal("take_over") }),
  z.object({ intent: z.literal("hand_back") }),
  z.object({ intent: z.literal("assign"), to: z.enum(["me", "nobody"], { error: "Choose who to assign it to." }) }),
  z.object({
    intent: z.literal("snooze"),
    until: z.iso.datetime({ offset: true, error: "Choose a date and time to snooze until." }).transform((v) => new Date(v)),
  }),
  z.object({ intent: z.literal("unsnooze") }),
  z.object({ intent: z.literal("close"), askSatisfaction: z.enum(["on", "true", "1"]).optional().transform(Boolean) }),
  z.object({ intent: z.literal("reopen") }),
  z.object({
    intent: z.literal("whatsapp_template"),
    template: z.string({ error: "Choose a template." }).regex(/^[a-z0-9_]{1,64}$/, "Choose a template."),
    variables: z
      .string()
      .max(20_000)
      .default("{}")
      .transform((v, issue) => {
        try {
          return z.record(z.string(), z.string().max(1_024)).parse(JSON.parse(v));
        } catch {
          issue.addIssue({ code: "custom", message: "Fill in the template's variables." });
          return z.NEVER;
        }
      }),
  }),
], { error: "That action is not one this page offers." });

export type ConversationIntent = z.infer<typeof conversationIntentSchema>;
