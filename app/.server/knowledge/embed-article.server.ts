import OpenAI from "openai";
import { type PrismaClient, Prisma } from "../db.server";
import { env } from "../env.server";
import { createOpenAIClient } from "../ai/create-openai-client.server";
import { PermanentJobError } from "../jobs/define-job";
import { readShopSettings } from "../shops/shop-settings";
import { type EmbeddingModel, parseEmbeddings, toVectorLiteral, vectorSearchAvailable } from "./vector-store.server";

/** Passages sent to the embeddings API in one request. */
export const EMBEDDING_BATCH_SIZE = 64;
const EMBEDDING_TIMEOUT_MS = 30_000;

export type EmbedArticleOptions = {
  /** The model client; undefined reads OPENAI_API_KEY, null means none. */
  openai?: OpenAI | null;
  model?: EmbeddingModel;
};

/**
 * Stores an embedding for each current passage of an article that has none from `model` (an
 * older model's is replaced), so hybrid search can find it by meaning. Does nothing (and returns 0) without the vector extension, without
 * a model client, or when the shop turned AI off.
 */
export async function embedArticle(client: PrismaClient, input: { shopId: string; articleId: string }, options: EmbedArticleOptions = {}): Promise<number> {
  const openai = options.openai === undefined ? createOpenAIClient() : options.openai;
  const model = options.model ?? env().DOKANI_EMBEDDING_MODEL;
  if (!openai || !(await vectorSearchAvailable(model))) return 0;
  const shop = await client.shop.findUnique({ where: { id: input.shopId }, select: { settings: true } });
  if (!shop || !readShopSettings(shop.settings).aiEnabled) return 0;
  const chunks = await client.knowledgeChunk.findMany({
    where: { articleId: input.articleId, shopId: input.shopId },
    orderBy: { position: "asc" },
    select: { id: true, heading: true, text: true, article: { select: { title: true } } },
  });
  const done = await client.$queryRaw<Array<{ chunkId: string }>>`
    SELECT e."chunkId"::text AS "chunkId" FROM "knowledge_chunk_embeddings" e JOIN "knowledge_chunks" c ON c."id" = e."chunkId"
    WHERE c."articleId" = ${input.articleId}::uuid AND e."model" = ${model}`;
  const embedded = new Set(done.map((row) => row.chunkId));
  const pending = chunks.filter((chunk) => !embedded.has(chunk.id));
  let stored = 0;
  for (let start = 0; start < pending.length; start += EMBEDDING_BATCH_SIZE) {
    const batch = pending.slice(start, start + EMBEDDING_BATCH_SIZE);
    const vectors = await embed(openai, model, batch.map((c) => [c.article.title, c.heading, c.text].filter(Boolean).join("\n")));
    // Joined to the passages, so one replaced while the model answered is skipped (its new text has its own job).
    stored += await client.$executeRaw`
      INSERT INTO "knowledge_chunk_embeddings" ("chunkId", "shopId", "model", "embedding")
      SELECT c."id", c."shopId", ${model}, v.embedding::vector
      FROM (VALUES ${Prisma.join(batch.map((c, i) => Prisma.sql`(${c.id}::uuid, ${toVectorLiteral(vectors[i]!)})`))}) AS v(id, embedding)
      JOIN "knowledge_chunks" c ON c."id" = v.id
      ON CONFLICT ("chunkId") DO UPDATE SET "model" = EXCLUDED."model", "embedding" = EXCLUDED."embedding"`;
  }
  return stored;
}

async function embed(openai: OpenAI, model: EmbeddingModel, input: string[]): Promise<number[][]> {
  try {
    const response = await openai.embeddings.create({ model, input }, { timeout: EMBEDDING_TIMEOUT_MS, maxRetries: 0 });
    return parseEmbeddings(response.data, model, input.length);
  } catch (error) {
    // A refused request (bad key, unknown model, malformed output) will be refused again: retrying cannot help.
    const transient = error instanceof OpenAI.APIConnectionError || (error instanceof OpenAI.APIError && (error.status === 429 || (error.status ?? 500) >= 500));
    if (transient) throw error;
    throw new PermanentJobError(`Embedding failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
