import type { DbClient } from "../db.server";

/** A passage of a published article that matches a query, best first. */
export type KnowledgeHit = { articleId: string; title: string; heading: string | null; text: string; rank: number };

/** Queries are cut to this length: a question, not a document. */
export const MAX_QUERY_CHARS = 500;

type Row = { articleId: string; title: string; heading: string | null; text: string; rank: number };

/**
 * Full-text search over the shop's published articles, passage by passage. The query is read as a
 * web search (`websearch_to_tsquery`: every word must match, quotes for phrases, `-` to exclude)
 * and ranked with `ts_rank_cd`, headings weighing more than text (weights A and B, set by the
 * passages' trigger). When that finds nothing, as a chatty question often does, any word of the
 * query may match, each also as a prefix. Only full-text search: the passages carry no
 * embeddings (docs/chat.md).
 */
export async function searchKnowledge(client: DbClient, shopId: string, query: string, options: { limit?: number } = {}): Promise<KnowledgeHit[]> {
  const text = query.replace(/\s+/g, " ").trim().slice(0, MAX_QUERY_CHARS);
  if (!text) return [];
  const limit = Math.max(1, Math.min(options.limit ?? 5, 20));
  const strict = await client.$queryRaw<Row[]>`
    SELECT c."articleId", a."title", c."heading", c."text", ts_rank_cd(c."searchVector", q.query)::float8 AS rank
    FROM (SELECT websearch_to_tsquery('english', ${text}) AS query) q
    JOIN "knowledge_chunks" c ON c."searchVector" @@ q.query
    JOIN "knowledge_articles" a ON a."id" = c."articleId" AND a."status" = 'published'
    WHERE c."shopId" = ${shopId}::uuid AND numnode(q.query) > 0
    ORDER BY rank DESC, c."articleId", c."position"
    LIMIT ${limit}`;
  if (strict.length) return strict.map(toHit);
  // Any stemmed word of the query, as a prefix ("ship" finds "shipping"); quoted so no word is read as an operator.
  const loose = await client.$queryRaw<Row[]>`
    WITH words AS (
      SELECT string_agg(quote_literal(lexeme) || ':*', ' | ') AS expr
      FROM unnest(to_tsvector('english', ${text})) AS t(lexeme, positions, weights)
    ), q AS (SELECT to_tsquery('simple', expr) AS query FROM words WHERE expr IS NOT NULL)
    SELECT c."articleId", a."title", c."heading", c."text", ts_rank_cd(c."searchVector", q.query)::float8 AS rank
    FROM q
    JOIN "knowledge_chunks" c ON c."searchVector" @@ q.query
    JOIN "knowledge_articles" a ON a."id" = c."articleId" AND a."status" = 'published'
    WHERE c."shopId" = ${shopId}::uuid
    ORDER BY rank DESC, c."articleId", c."position"
    LIMIT ${limit}`;
  return loose.map(toHit);
}

function toHit(row: Row): KnowledgeHit {
  return { articleId: row.articleId, title: row.title, heading: row.heading, text: row.text, rank: Number(row.rank) };
}
