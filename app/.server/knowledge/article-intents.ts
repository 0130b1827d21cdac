import { z } from "zod";

/** The actions the article page posts, told apart by `intent`; `save` carries the editor's fields. */
export const articleIntentSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("save") }).loose(),
    z.object({ intent: z.literal("publish") }),
    z.object({ intent: z.literal("unpublish") }),
    z.object({ intent: z.literal("delete") }),
  ],
  { error: "That action is not one this page offers." },
);

/** The actions of the knowledge base list. */
export const knowledgeListIntentSchema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("import") })], {
  error: "That action is not one this page offers.",
});
