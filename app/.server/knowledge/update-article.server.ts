import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import type { MerchantContext } from "../shops/shop-context";
import type { ArticleInput } from "./article-input";
import { findArticleOrThrow } from "./find-article";
import { indexArticle } from "./index-article.server";

/** Saves a new title, body and tags, and replaces the article's search passages in the same transaction. */
export async function updateArticle(ctx: MerchantContext, input: ArticleInput & { articleId: string }) {
  return runInTransaction(async (tx) => {
    const current = await findArticleOrThrow(tx, ctx.shop.id, input.articleId);
    const article = await tx.knowledgeArticle.update({ where: { id: current.id }, data: { title: input.title, body: input.body, tags: input.tags } });
    await indexArticle(tx, article);
    await recordAudit(tx, {
      shopId: ctx.shop.id,
      entityType: "article",
      entityId: article.id,
      action: "updated",
      actor: ctx.actor,
      data: { title: article.title },
    });
    return article;
  });
}
