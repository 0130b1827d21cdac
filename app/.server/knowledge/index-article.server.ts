import { randomUUID } from "node:crypto";
import type { DbClient } from "../db.server";
import { env } from "../env.server";
import { enqueueJob } from "../jobs/enqueue-job";
import { chunkArticle } from "./chunk-article";
import { embedArticleJob } from "./jobs";

/** The embedding job waits this long, so after a burst of edits the first job embeds the last text and the rest find nothing to do. */
export const EMBED_DELAY_MS = 5_000;

/**
 * Replaces an article's search passages with ones cut from its current text. Call it with the
 * transaction that changed the article, so search never sees an article without its passages.
 * With a model configured it also enqueues the passages' embeddings (`knowledge.embed`).
 */
export async function indexArticle(client: DbClient, article: { id: string; shopId: string; title: string; body: string }) {
  await client.knowledgeChunk.deleteMany({ where: { articleId: article.id } });
  const chunks = chunkArticle(article.title, article.body);
  if (chunks.length) {
    const rows = chunks.map((chunk, position) => ({ id: randomUUID(), shopId: article.shopId, articleId: article.id, position, heading: chunk.heading, text: chunk.text }));
    await client.knowledgeChunk.createMany({ data: rows });
    if (env().OPENAI_API_KEY) {
      await enqueueJob(
        client,
        embedArticleJob,
        { shopId: article.shopId, articleId: article.id },
        { shopId: article.shopId, dedupKey: `knowledge.embed:${article.id}:${rows[0]!.id}`, runAt: new Date(Date.now() + EMBED_DELAY_MS) },
      );
    }
  }
  return chunks.length;
}
