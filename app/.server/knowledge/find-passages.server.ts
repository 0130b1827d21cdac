import type { DbClient } from "../db.server";
import { indexPassages, matchPassages, type MatchLanguage, type PassageIndex, type PassageMatch } from "./match-passages";

/** At most this many passages are read per shop; a help centre larger than that is matched on its most recent articles. */
const MAX_PASSAGES = 5_000;

// The index of a shop's published passages, rebuilt when an article is added, changed or removed.
const indexes = new Map<string, { key: string; index: PassageIndex }>();

async function passageIndex(client: DbClient, shopId: string): Promise<PassageIndex> {
  const [stamp] = await client.$queryRaw<Array<{ count: bigint; latest: Date | null }>>`
    SELECT count(*) AS count, max("updatedAt") AS latest FROM "knowledge_articles" WHERE "shopId" = ${shopId}::uuid AND "status" = 'published'`;
  const key = `${stamp?.count ?? 0}:${stamp?.latest?.getTime() ?? 0}`;
  const cached = indexes.get(shopId);
  if (cached?.key === key) return cached.index;
  const chunks = await client.knowledgeChunk.findMany({
    where: { shopId, article: { status: "published" } },
    select: { articleId: true, heading: true, text: true, position: true, article: { select: { title: true, tags: true } } },
    orderBy: [{ article: { updatedAt: "desc" } }, { position: "asc" }],
    take: MAX_PASSAGES,
  });
  const index = indexPassages(chunks.map((c) => ({ articleId: c.articleId, title: c.article.title, tags: c.article.tags, heading: c.heading, text: c.text, position: c.position })));
  if (indexes.size > 200) indexes.clear();
  indexes.set(shopId, { key, index });
  return index;
}

/**
 * The published passages that answer a shopper's question, best first, matched in the shopper's
 * language without a model (match-passages.ts); empty when no passage answers it.
 */
export async function findPassages(client: DbClient, shopId: string, query: string, language: MatchLanguage, limit = 3): Promise<PassageMatch[]> {
  return matchPassages(await passageIndex(client, shopId), query.slice(0, 500), language, limit);
}
