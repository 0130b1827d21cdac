import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import type { MerchantContext } from "../shops/shop-context";
import { findArticleOrThrow } from "./find-article";

/** Deletes an article and its search passages together; the chat stops citing it at once. */
export async function deleteArticle(ctx: MerchantContext, input: { articleId: string }) {
  return runInTransaction(async (tx) => {
    const article = await findArticleOrThrow(tx, ctx.shop.id, input.articleId);
    await tx.knowledgeChunk.deleteMany({ where: { articleId: article.id } });
    await tx.knowledgeArticle.delete({ where: { id: article.id } });
    await recordAudit(tx, {
      shopId: ctx.shop.id,
      entityType: "article",
      entityId: article.id,
      action: "deleted",
      actor: ctx.actor,
      data: { title: article.title, source: article.source },
    });
    return article;
  });
}
