import { randomUUID } from "node:crypto";
import type { DbClient } from "../db.server";
import { chunkArticle } from "./chunk-article";

/**
 * Replaces an article's search passages with ones cut from its current text. Call it with the
 * transaction that changed the article, so search never sees an article without its passages.
 */
export async function indexArticle(client: DbClient, article: { id: string; shopId: string; title: string; body: string }) {
  await client.knowledgeChunk.deleteMany({ where: { articleId: article.id } });
  const chunks = chunkArticle(article.title, article.body);
  if (chunks.length) {
    await client.knowledgeChunk.createMany({
      data: chunks.map((chunk, position) => ({ id: randomUUID(), shopId: article.shopId, articleId: article.id, position, heading: chunk.heading, text: chunk.text })),
    });
  }
  return chunks.length;
}
