import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import { editorActor, findArticleOrThrow } from "./find-article";

/** Deletes an article and its search passages together; the chat stops citing it at once. */
export async function deleteArticle(ctx: { shopId: string; staff: { id: string; name: string } }, articleId: string) {
  return runInTransaction(async (tx) => {
    const article = await findArticleOrThrow(tx, ctx.shopId, articleId);
    await tx.knowledgeChunk.deleteMany({ where: { articleId: article.id } });
    await tx.knowledgeArticle.delete({ where: { id: article.id } });
    await recordAudit(tx, {
      shopId: ctx.shopId,
      entityType: "article",
      entityId: article.id,
      action: "deleted",
      actor: editorActor(ctx.staff),
      data: { title: article.title, source: article.source },
    });
    return article;
  });
}
