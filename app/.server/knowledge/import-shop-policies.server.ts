import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import { createAdminClient, type RetryOptions } from "../platforms/shopify/admin-client";
import type { AdminGraphql } from "../platforms/shopify/admin-graphql";
import { MAX_BODY_CHARS, MAX_TITLE_CHARS } from "./article-input";
import type { MerchantContext } from "../shops/shop-context";
import { htmlToMarkdown } from "./html-to-markdown";
import { indexArticle } from "./index-article.server";

/** The store's legal policies (refund, shipping, privacy, terms, ...); needs the `read_legal_policies` scope. */
export const SHOP_POLICIES = `#graphql
  query DokaniShopPolicies {
    shop {
      shopPolicies { id title body type url updatedAt }
    }
  }`;

const shopPoliciesSchema = z.object({
  shop: z.object({
    shopPolicies: z.array(
      z.object({ id: z.string(), title: z.string(), body: z.string(), type: z.string().regex(/^[A-Z_]{1,60}$/), url: z.string(), updatedAt: z.string() }),
    ),
  }),
});

/** What an import did, for the merchant's confirmation. */
export type ImportSummary = { created: number; updated: number; unchanged: number; skipped: number };

/**
 * Copies the store's Shopify policies into the knowledge base as articles with source
 * `shopify_policy`, one per policy type (`sourceRef`). A policy seen before updates its article
 * (the merchant's publish choice is kept); a new one is published, so the chat can answer from it at
 * once; an empty policy is skipped. The HTML becomes safe Markdown. Platform failures surface as
 * `PlatformError` with a message the merchant can act on.
 */
export async function importShopPolicies(
  ctx: MerchantContext,
  input: { graphql: AdminGraphql; retry?: RetryOptions },
): Promise<ImportSummary> {
  const data = await createAdminClient(input.graphql, input.retry).request("the shop's policies", SHOP_POLICIES, {}, shopPoliciesSchema);
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
  await runInTransaction(async (tx) => {
    for (const policy of data.shop.shopPolicies) {
      const body = htmlToMarkdown(policy.body).slice(0, MAX_BODY_CHARS).trim();
      const title = policy.title.replace(/\s+/g, " ").trim().slice(0, MAX_TITLE_CHARS) || policy.type.replace(/_/g, " ").toLowerCase();
      if (!body) {
        summary.skipped++;
        continue;
      }
      const existing = await tx.knowledgeArticle.findUnique({
        where: { shopId_source_sourceRef: { shopId: ctx.shop.id, source: "shopify_policy", sourceRef: policy.type } },
      });
      if (existing && existing.title === title && existing.body === body) {
        summary.unchanged++;
        continue;
      }
      const article = existing
        ? await tx.knowledgeArticle.update({ where: { id: existing.id }, data: { title, body } })
        : await tx.knowledgeArticle.create({
            data: {
              shopId: ctx.shop.id,
              title,
              body,
              source: "shopify_policy",
              sourceRef: policy.type,
              tags: ["policy"],
              status: "published",
              publishedAt: new Date(),
            },
          });
      await indexArticle(tx, article);
      await recordAudit(tx, {
        shopId: ctx.shop.id,
        entityType: "article",
        entityId: article.id,
        action: existing ? "reimported" : "imported",
        actor: ctx.actor,
        data: { source: "shopify_policy", policyType: policy.type, url: policy.url },
      });
      if (existing) summary.updated++;
      else summary.created++;
    }
  });
  return summary;
}
