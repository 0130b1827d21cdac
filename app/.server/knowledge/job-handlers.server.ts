import type { JobHandler } from "../jobs/runtime-types";
import { embedArticle } from "./embed-article.server";
import type { embedArticleJob } from "./jobs";

/** Runs `knowledge.embed`. */
export const handleEmbedArticle: JobHandler<typeof embedArticleJob.payload> = async (payload, ctx) => {
  const stored = await embedArticle(ctx.db, payload);
  ctx.log.info({ articleId: payload.articleId, stored }, "Article passages embedded");
};
