import { recordAudit } from "../audit/record-audit";
import { DEMO_ARTICLES } from "../demo/catalog";
import { runInTransaction } from "../jobs/enqueue-job";
import type { MerchantContext } from "../shops/shop-context";
import { indexArticle } from "./index-article.server";
import type { ImportSummary } from "./import-shop-policies.server";

/**
 * The demo store's stand-in for importing policies: restores the sample help-centre articles
 * (source `demo`, keyed by slug) to their original text, creating any that were deleted. Status is
 * the merchant's choice on articles that exist and the sample's own on recreated ones.
 */
export async function importDemoArticles(ctx: MerchantContext): Promise<ImportSummary> {
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
  await runInTransaction(async (tx) => {
    for (const sample of DEMO_ARTICLES) {
      const existing = await tx.knowledgeArticle.findUnique({ where: { shopId_source_sourceRef: { shopId: ctx.shop.id, source: "demo", sourceRef: sample.slug } } });
      const tags = [...sample.tags];
      if (existing && existing.title === sample.title && existing.body === sample.body && existing.tags.join(",") === tags.join(",")) {
        summary.unchanged++;
        continue;
      }
      const published = sample.status === "published";
      const article = existing
        ? await tx.knowledgeArticle.update({ where: { id: existing.id }, data: { title: sample.title, body: sample.body, tags } })
        : await tx.knowledgeArticle.create({
            data: { shopId: ctx.shop.id, title: sample.title, body: sample.body, tags, source: "demo", sourceRef: sample.slug, status: sample.status, publishedAt: published ? new Date() : null },
          });
      await indexArticle(tx, article);
      await recordAudit(tx, {
        shopId: ctx.shop.id,
        entityType: "article",
        entityId: article.id,
        action: existing ? "reimported" : "imported",
        actor: ctx.actor,
        data: { source: "demo", slug: sample.slug },
      });
      if (existing) summary.updated++;
      else summary.created++;
    }
  });
  return summary;
}
