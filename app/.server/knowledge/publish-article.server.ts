import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import { editorActor, findArticleOrThrow } from "./find-article";
import { indexArticle } from "./index-article.server";

/**
 * Publishes an article (the chat answers from it from now on) or takes it back to draft. Its
 * passages are rebuilt in the same transaction, so search and status never disagree.
 */
export async function publishArticle(ctx: { shopId: string; staff: { id: string; name: string } }, articleId: string, published: boolean) {
  return runInTransaction(async (tx) => {
    const current = await findArticleOrThrow(tx, ctx.shopId, articleId);
    const article = await tx.knowledgeArticle.update({
      where: { id: current.id },
      data: published ? { status: "published", publishedAt: current.publishedAt ?? new Date() } : { status: "draft", publishedAt: null },
    });
    await indexArticle(tx, article);
    await recordAudit(tx, {
      shopId: ctx.shopId,
      entityType: "article",
      entityId: article.id,
      action: published ? "published" : "unpublished",
      actor: editorActor(ctx.staff),
    });
    return article;
  });
}
