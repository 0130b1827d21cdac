import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import type { ArticleInput } from "./article-input";
import { editorActor, findArticleOrThrow } from "./find-article";
import { indexArticle } from "./index-article.server";

/** Saves a new title, body and tags, and replaces the article's search passages in the same transaction. */
export async function updateArticle(ctx: { shopId: string; staff: { id: string; name: string } }, articleId: string, input: ArticleInput) {
  return runInTransaction(async (tx) => {
    const current = await findArticleOrThrow(tx, ctx.shopId, articleId);
    const article = await tx.knowledgeArticle.update({ where: { id: current.id }, data: { title: input.title, body: input.body, tags: input.tags } });
    await indexArticle(tx, article);
    await recordAudit(tx, {
      shopId: ctx.shopId,
      entityType: "article",
      entityId: article.id,
      action: "updated",
      actor: editorActor(ctx.staff),
      data: { title: article.title },
    });
    return article;
  });
}
