import { z } from "zod";
import { decodeCursor, encodeCursor, keysetAfterDescending } from "../api/keyset-cursor";
import { db, type Prisma } from "../db.server";
import type { ShopContext } from "../shops/shop-context";

/** The knowledge base list's query string; unknown values fall back to the defaults. */
export const articleFiltersSchema = z.object({
  status: z.enum(["all", "draft", "published"]).catch("all"),
  q: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => v?.trim().slice(0, 200) || undefined),
  cursor: z.string().max(300).optional().catch(undefined),
});

export type ArticleFilters = z.infer<typeof articleFiltersSchema>;

export const ARTICLES_PAGE_SIZE = 50;

/** A shop's articles, most recently updated first, keyset-paginated, filtered by status and a title search. */
export async function listArticles(ctx: ShopContext, filters: ArticleFilters, limit = ARTICLES_PAGE_SIZE) {
  const and: Prisma.KnowledgeArticleWhereInput[] = [{ shopId: ctx.shop.id }];
  if (filters.status !== "all") and.push({ status: filters.status });
  if (filters.q) and.push({ title: { contains: filters.q, mode: "insensitive" } });
  if (filters.cursor) {
    and.push(...keysetAfterDescending("updatedAt", decodeCursor(filters.cursor)));
  }
  const found = await db().knowledgeArticle.findMany({
    where: { AND: and },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { id: true, title: true, status: true, source: true, tags: true, updatedAt: true },
  });
  const page = found.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map((a) => ({ ...a, updatedAt: a.updatedAt.toISOString() })),
    nextCursor: found.length > limit && last ? encodeCursor({ createdAt: last.updatedAt, id: last.id }) : null,
  };
}
