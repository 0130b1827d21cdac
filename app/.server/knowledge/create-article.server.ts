import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import type { MerchantContext } from "../shops/shop-context";
import type { ArticleInput } from "./article-input";
import { indexArticle } from "./index-article.server";

/** Writes a new manual article (a draft unless `publish`) and its search passages in one transaction. */
export async function createArticle(ctx: MerchantContext, input: ArticleInput & { publish?: boolean }) {
  return runInTransaction(async (tx) => {
    const now = new Date();
    const article = await tx.knowledgeArticle.create({
      data: {
        shopId: ctx.shop.id,
        title: input.title,
        body: input.body,
        tags: input.tags,
        source: "manual",
        status: input.publish ? "published" : "draft",
        publishedAt: input.publish ? now : null,
      },
    });
    await indexArticle(tx, article);
    await recordAudit(tx, {
      shopId: ctx.shop.id,
      entityType: "article",
      entityId: article.id,
      action: "created",
      actor: ctx.actor,
      data: { title: article.title, status: article.status },
    });
    return article;
  });
}
