import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import type { MerchantContext } from "../shops/shop-context";
import { findArticleOrThrow } from "./find-article";
import { indexArticle } from "./index-article.server";

/**
 * Publishes an article (the chat answers from it from now on) or takes it back to draft. Its
 * passages are rebuilt in the same transaction, so search and status never disagree.
 */
export async function publishArticle(ctx: MerchantContext, input: { articleId: string; published: boolean }) {
  return runInTransaction(async (tx) => {
    const current = await findArticleOrThrow(tx, ctx.shop.id, input.articleId);
    const article = await tx.knowledgeArticle.update({
      where: { id: current.id },
      data: input.published ? { status: "published", publishedAt: current.publishedAt ?? new Date() } : { status: "draft", publishedAt: null },
    });
    await indexArticle(tx, article);
    await recordAudit(tx, {
      shopId: ctx.shop.id,
      entityType: "article",
      entityId: article.id,
      action: input.published ? "published" : "unpublished",
      actor: ctx.actor,
    });
    return article;
  });
}
