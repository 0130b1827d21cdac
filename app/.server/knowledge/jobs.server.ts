import { z } from "zod";
import { defineJob, type JobDefinition } from "../jobs/define-job";
import { embedArticle } from "./embed-article.server";

/** Embeds an article's current passages for hybrid search; a no-op where vector search is off. */
export const embedArticleJob = defineJob({
  name: "knowledge.embed",
  payload: z.object({ shopId: z.string().uuid(), articleId: z.string().uuid() }),
  handler: async (payload, ctx) => {
    const stored = await embedArticle(ctx.db, payload);
    ctx.log.info({ articleId: payload.articleId, stored }, "Article passages embedded");
  },
});

/** The knowledge base jobs, registered in `jobs/registry.server.ts`. */
export const knowledgeJobs: JobDefinition[] = [embedArticleJob];
