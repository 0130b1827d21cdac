import type OpenAI from "openai";
import { Prisma, type DbClient } from "../db.server";
import { env } from "../env.server";
import { createOpenAIClient } from "../ai/create-openai-client.server";
import { readShopSettings } from "../shops/shop-settings";
import { type EmbeddingModel, nearestPassagesSql, parseEmbeddings, vectorSearchAvailable } from "./vector-store.server";

/** A passage of a published article that matches a query, best first. */
export type KnowledgeHit = { articleId: string; title: string; heading: string | null; text: string; rank: number };

/** Queries are cut to this length: a question, not a document. */
export const MAX_QUERY_CHARS = 500;

/**
 * At most this many matching passages are ranked. A query of the help centre's own words matches
 * tens to hundreds of passages and all are ranked; one made of words nearly every article uses is
 * ranked among the first passages the index finds, so its cost stays flat however large the
 * knowledge base grows.
 */
export const MAX_RANKED_PASSAGES = 400;

type Row = { articleId: string; title: string; heading: string | null; text: string; position: number; rank: number };

/** Reciprocal rank fusion's constant: a passage's score from one list is 1 / (RRF_K + its place). */
export const RRF_K = 60;

/** The query's embedding must come back within this, or the search is full-text alone. */
export const QUERY_EMBEDDING_TIMEOUT_MS = 2_000;

export type SearchKnowledgeOptions = {
  limit?: number;
  /** The model client for the query's embedding; undefined reads OPENAI_API_KEY, null means full-text only. */
  openai?: OpenAI | null;
  embeddingModel?: EmbeddingModel;
};

/**
 * Searches the shop's published articles, passage by passage. Always full-text (`fullTextSearch`);
 * where the database has the vector extension, a model is configured, the shop's AI is on and its
 * passages have embeddings, the passages nearest to the query's embedding are merged in by
 * reciprocal rank fusion (docs/chat.md). Any failure of the embedding leaves full-text alone.
 */
export async function searchKnowledge(client: DbClient, shopId: string, query: string, options: SearchKnowledgeOptions = {}): Promise<KnowledgeHit[]> {
  const text = normaliseQuery(query);
  if (!text) return [];
  const limit = clampLimit(options.limit);
  const openai = options.openai === undefined ? createOpenAIClient() : options.openai;
  const model = options.embeddingModel ?? env().DOKANI_EMBEDDING_MODEL;
  if (!openai || !(await vectorSearchAvailable(model)) || !(await canSearchByMeaning(client, shopId, model))) {
    return (await fullTextSearch(client, shopId, text, limit)).map(toHit);
  }
  const candidates = limit * 2;
  const [lexical, embedding] = await Promise.all([fullTextSearch(client, shopId, text, candidates), embedQuery(openai, model, text)]);
  if (!embedding) return lexical.slice(0, limit).map(toHit);
  const nearest = await client.$queryRaw<Row[]>(nearestPassagesSql(shopId, model, embedding, candidates));
  return fuse([lexical, nearest], limit);
}

function normaliseQuery(query: string) {
  return query.replace(/\s+/g, " ").trim().slice(0, MAX_QUERY_CHARS);
}

function clampLimit(limit: number | undefined) {
  return Math.max(1, Math.min(limit ?? 5, 20));
}

/** The shop has AI on and embeddings from `model`: only then is the query sent to the model. */
async function canSearchByMeaning(client: DbClient, shopId: string, model: EmbeddingModel): Promise<boolean> {
  const [shop] = await client.$queryRaw<Array<{ settings: unknown; embedded: boolean }>>`
    SELECT s."settings", EXISTS (SELECT 1 FROM "knowledge_chunk_embeddings" e WHERE e."shopId" = s."id" AND e."model" = ${model}) AS embedded
    FROM "shops" s WHERE s."id" = ${shopId}::uuid`;
  return Boolean(shop?.embedded) && readShopSettings(shop!.settings).aiEnabled;
}

async function embedQuery(openai: OpenAI, model: EmbeddingModel, text: string): Promise<number[] | null> {
  try {
    const response = await openai.embeddings.create({ model, input: [text] }, { timeout: QUERY_EMBEDDING_TIMEOUT_MS, maxRetries: 0 });
    return parseEmbeddings(response.data, model, 1)[0]!;
  } catch {
    return null;
  }
}

/** Reciprocal rank fusion: each passage scores the sum of 1 / (RRF_K + place) over the lists it is in. */
function fuse(lists: Row[][], limit: number): KnowledgeHit[] {
  const fused = new Map<string, { row: Row; score: number }>();
  for (const list of lists) {
    list.forEach((row, index) => {
      const key = `${row.articleId}:${row.position}`;
      const entry = fused.get(key) ?? { row, score: 0 };
      entry.score += 1 / (RRF_K + index + 1);
      fused.set(key, entry);
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.row.articleId.localeCompare(b.row.articleId) || a.row.position - b.row.position)
    .slice(0, limit)
    .map(({ row, score }) => toHit({ ...row, rank: score }));
}

/**
 * Full-text search, passage by passage. The query is read as a
 * web search (`websearch_to_tsquery`: every word must match, quotes for phrases, `-` to exclude)
 * and ranked with `ts_rank_cd`, headings weighing more than text (weights A and B, set by the
 * passages' trigger). When that finds nothing, as a chatty question often does, any word of the
 * query may match, each also as a prefix.
 */
async function fullTextSearch(client: DbClient, shopId: string, text: string, limit: number): Promise<Row[]> {
  // The strict search also hands back the fallback's query, so a miss costs one more round trip, not two:
  // any stemmed word of the query, as a prefix ("ship" finds "shipping"), quoted so no word is read as an operator.
  const strict = await client.$queryRaw<Array<Row & { loose: string | null }>>`
    WITH words AS (
      SELECT string_agg(quote_literal(lexeme) || ':*', ' | ') AS loose FROM unnest(to_tsvector('english', ${text})) AS t(lexeme, positions, weights)
    ),
    hits AS (${rankedPassages(shopId, limit, Prisma.sql`websearch_to_tsquery('english', ${text})`)})
    SELECT w.loose, h.* FROM words w LEFT JOIN hits h ON true
    ORDER BY h.rank DESC, h."articleId", h."position"`;
  const found = strict.filter((row) => row.articleId !== null);
  if (found.length) return found;
  const loose = strict[0]?.loose;
  if (!loose) return [];
  // As a subquery the prefixes' tsquery is opaque to the planner, which then keeps to the GIN index: it
  // overrates what prefix matching costs there and would otherwise scan the whole table.
  const rows = await client.$queryRaw<Row[]>`
    SELECT * FROM (${rankedPassages(shopId, limit, Prisma.sql`(SELECT to_tsquery('simple', ${loose}))`)}) h
    ORDER BY h.rank DESC, h."articleId", h."position"`;
  return rows;
}

/**
 * The best `limit` published passages of the shop for a tsquery. The query is an expression of
 * constants, so the planner estimates how many passages match and picks the GIN index on
 * "searchVector" alone or intersected with the shop's; at most MAX_RANKED_PASSAGES matches are
 * ranked, and only the winners' text is read.
 */
function rankedPassages(shopId: string, limit: number, tsquery: Prisma.Sql): Prisma.Sql {
  // MATERIALIZED plans the match on its own, as a bitmap scan of the index, and the LIMIT then reads
  // only as many rows as it needs; written inline, the LIMIT would tempt the planner into a sequential scan.
  return Prisma.sql`
    WITH matches AS MATERIALIZED (
      SELECT c."id", c."searchVector"
      FROM "knowledge_chunks" c
      WHERE c."searchVector" @@ ${tsquery} AND c."shopId" = ${shopId}::uuid AND numnode(${tsquery}) > 0
        AND EXISTS (SELECT 1 FROM "knowledge_articles" p WHERE p."id" = c."articleId" AND p."status" = 'published')
    )
    SELECT k."articleId", a."title", k."heading", k."text", k."position", b.rank
    FROM (
      SELECT m."id", ts_rank_cd(m."searchVector", ${tsquery})::float8 AS rank
      FROM (SELECT * FROM matches LIMIT ${MAX_RANKED_PASSAGES}) m
      ORDER BY rank DESC
      LIMIT ${limit * 4}
    ) b
    JOIN "knowledge_chunks" k ON k."id" = b."id"
    JOIN "knowledge_articles" a ON a."id" = k."articleId"
    ORDER BY b.rank DESC, k."articleId", k."position"
    LIMIT ${limit}`;
}

function toHit(row: Row): KnowledgeHit {
  return { articleId: row.articleId, title: row.title, heading: row.heading, text: row.text, rank: Number(row.rank) };
}
