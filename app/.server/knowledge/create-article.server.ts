import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import type { ArticleInput } from "./article-input";
import { editorActor } from "./find-article";
import { indexArticle } from "./index-article.server";

/** Writes a new manual article (a draft unless `publish`) and its search passages in one transaction. */
export async function createArticle(ctx: { shopId: string; staff: { id: string; name: string } }, input: ArticleInput, options: { publish?: boolean } = {}) {
  return runInTransaction(async (tx) => {
    const now = new Date();
    const article = await tx.knowledgeArticle.create({
      data: {
        shopId: ctx.shopId,
        title: input.title,
        body: input.body,
        tags: input.tags,
        source: "manual",
        status: options.publish ? "published" : "draft",
        publishedAt: options.publish ? now : null,
      },
    });
    await indexArticle(tx, article);
    await recordAudit(tx, {
      shopId: ctx.shopId,
      entityType: "article",
      entityId: article.id,
      action: "created",
      actor: editorActor(ctx.staff),
      data: { title: article.title, status: article.status },
    });
    return article;
  });
}
