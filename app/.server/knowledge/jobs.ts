import { z } from "zod";
import { defineJob } from "../jobs/define-job";

/** Embeds an article's current passages for hybrid search; a no-op where vector search is off. */
export const embedArticleJob = defineJob({
  name: "knowledge.embed",
  payload: z.object({ shopId: z.string().uuid(), articleId: z.string().uuid() }),
});
