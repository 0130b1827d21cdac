import { z } from "zod";
import { database, Prisma, type Database, type DbClient } from "../db.server";
import type { Env } from "../env.server";
import { log } from "../logger.server";

/*
 * Optional vector similarity for knowledge search. It needs PostgreSQL's `vector` extension (the
 * embedded PGlite always loads it; a PostgreSQL server has it only when pgvector is installed), so
 * its table, `knowledge_chunk_embeddings`, lives outside the Prisma schema and its migrations: they
 * must apply on a server without the extension. It is created here, idempotently, the first time
 * a process asks; where the extension is missing, vector search is off and search is full-text only.
 */

/** An embeddings model Dokani can use (`DOKANI_EMBEDDING_MODEL`). */
export type EmbeddingModel = Env["DOKANI_EMBEDDING_MODEL"];

/** The length of each model's vectors; the table's column is fixed to the configured model's. */
export const EMBEDDING_DIMENSIONS: Record<EmbeddingModel, number> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
};

/** pgvector builds HNSW indexes on vectors of at most this many dimensions. */
const MAX_INDEXED_DIMENSIONS = 2000;

const availability = new WeakMap<Database, Map<EmbeddingModel, Promise<boolean>>>();

/**
 * Whether this process's database can store and search embeddings of `model`: the `vector`
 * extension is there (or could be created) and `knowledge_chunk_embeddings` exists with the model's
 * dimension. Asked once per process and model; never throws.
 */
export function vectorSearchAvailable(model: EmbeddingModel): Promise<boolean> {
  const db = database();
  let byModel = availability.get(db);
  if (!byModel) availability.set(db, (byModel = new Map()));
  let answer = byModel.get(model);
  if (!answer) byModel.set(model, (answer = detect(db, model)));
  return answer;
}

async function detect(db: Database, model: EmbeddingModel): Promise<boolean> {
  // Outside any transaction: on PostgreSQL without pgvector the CREATE fails, which would abort one.
  // A second try covers another instance creating the same objects at the same moment.
  for (let attempt = 1; ; attempt++) {
    try {
      return await ensureEmbeddingsTable(db.prisma, model);
    } catch (error) {
      if (attempt < 2 && !/extension "vector"|could not open extension|is not available/i.test(String(error))) continue;
      log().info({ err: error }, "Knowledge search is full-text only: the database has no vector extension");
      return false;
    }
  }
}

async function ensureEmbeddingsTable(client: DbClient, model: EmbeddingModel): Promise<boolean> {
  const dimensions = EMBEDDING_DIMENSIONS[model];
  await client.$executeRawUnsafe(`CREATE EXTENSION IF NOT EXISTS vector`);
  await client.$executeRawUnsafe(`
    CREATE TABLE IF NOT EXISTS "knowledge_chunk_embeddings" (
      "chunkId" uuid PRIMARY KEY REFERENCES "knowledge_chunks"("id") ON DELETE CASCADE,
      "shopId" uuid NOT NULL,
      "model" text NOT NULL,
      "embedding" vector(${dimensions}) NOT NULL
    )`);
  await client.$executeRawUnsafe(`CREATE INDEX IF NOT EXISTS "knowledge_chunk_embeddings_shopId_idx" ON "knowledge_chunk_embeddings" ("shopId")`);
  // The table keeps the dimension it was made with; a model of another dimension leaves vector search off.
  const [column] = await client.$queryRaw<Array<{ dimensions: number }>>`
    SELECT atttypmod AS dimensions FROM pg_attribute
    WHERE attrelid = '"knowledge_chunk_embeddings"'::regclass AND attname = 'embedding'`;
  if (Number(column?.dimensions) !== dimensions) {
    log().warn({ model, dimensions, table: column?.dimensions }, "Knowledge search is full-text only: the embeddings table was made for another model's dimension");
    return false;
  }
  if (dimensions <= MAX_INDEXED_DIMENSIONS) {
    try {
      await client.$executeRawUnsafe(
        `CREATE INDEX IF NOT EXISTS "knowledge_chunk_embeddings_embedding_idx" ON "knowledge_chunk_embeddings" USING hnsw ("embedding" vector_cosine_ops)`,
      );
    } catch (error) {
      // pgvector before 0.5 has no HNSW; exact search over one shop's rows still works.
      log().info({ err: error }, "Knowledge embeddings are searched without an HNSW index");
    }
  }
  return true;
}

/** A vector as pgvector's text form, for a `::vector` parameter. */
export function toVectorLiteral(values: number[]): string {
  return `[${values.join(",")}]`;
}

/** Checks what the embeddings API returned: one finite vector of the model's length per input. */
export function parseEmbeddings(data: unknown, model: EmbeddingModel, count: number): number[][] {
  const vectors = z
    .array(z.object({ index: z.number().int().min(0), embedding: z.array(z.number().finite()).length(EMBEDDING_DIMENSIONS[model]) }))
    .length(count)
    .parse(data);
  return [...vectors].sort((a, b) => a.index - b.index).map((v) => v.embedding);
}

/** Passages nearer than this cosine distance are candidates; farther ones are off-topic. */
export const MAX_VECTOR_DISTANCE = 0.6;

/** The shop's published passages nearest to `embedding`, nearest first. */
export function nearestPassagesSql(shopId: string, model: EmbeddingModel, embedding: number[], limit: number): Prisma.Sql {
  const literal = toVectorLiteral(embedding);
  return Prisma.sql`
    SELECT * FROM (
      SELECT c."articleId", a."title", c."heading", c."text", c."position", (e."embedding" <=> ${literal}::vector)::float8 AS distance
      FROM "knowledge_chunk_embeddings" e
      JOIN "knowledge_chunks" c ON c."id" = e."chunkId"
      JOIN "knowledge_articles" a ON a."id" = c."articleId"
      WHERE e."shopId" = ${shopId}::uuid AND e."model" = ${model} AND c."shopId" = ${shopId}::uuid AND a."status" = 'published'
      ORDER BY e."embedding" <=> ${literal}::vector
      LIMIT ${limit}
    ) n
    WHERE n.distance < ${MAX_VECTOR_DISTANCE}
    ORDER BY n.distance, n."articleId", n."position"`;
}
