import { db } from "../db.server";
import type { ShopContext } from "../shops/shop-context";
import { findArticleOrThrow } from "./find-article";

/** The shop's article with the number of search passages it has; 404 for anything else. */
export async function getArticle(ctx: ShopContext, articleId: string) {
  const article = await findArticleOrThrow(db(), ctx.shop.id, articleId);
  const passages = await db().knowledgeChunk.count({ where: { articleId: article.id } });
  return {
    id: article.id,
    title: article.title,
    body: article.body,
    status: article.status,
    source: article.source,
    sourceRef: article.sourceRef,
    tags: article.tags,
    publishedAt: article.publishedAt?.toISOString() ?? null,
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    passages,
  };
}
