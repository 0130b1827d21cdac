import type { PrismaClient } from "../db.server";
import { rollupAnalyticsDays } from "./rollup-analytics-days.server";

/**
 * Finds every (shop, day) whose source rows changed since `since` (returns and conversations by
 * `updatedAt`, demo orders by `createdAt`) and recomputes those days. This catches changes that no
 * rollup job was queued for: triage, conversations, order imports, redactions.
 */
export async function sweepAnalytics(client: PrismaClient, since: Date): Promise<{ shops: number; days: number }> {
  const touched = await client.$queryRaw<Array<{ shopId: string; day: Date | string }>>`
    SELECT "shopId"::text AS "shopId", "createdAt"::date AS "day" FROM "return_requests" WHERE "updatedAt" >= ${since}
    UNION
    SELECT "shopId"::text, "createdAt"::date FROM "conversations" WHERE "updatedAt" >= ${since}
    UNION
    SELECT "shopId"::text, "processedAt"::date FROM "demo_orders" WHERE "createdAt" >= ${since}`;
  const byShop = new Map<string, string[]>();
  for (const { shopId, day } of touched) {
    const key = typeof day === "string" ? day.slice(0, 10) : day.toISOString().slice(0, 10);
    byShop.set(shopId, [...(byShop.get(shopId) ?? []), key]);
  }
  let days = 0;
  for (const [shopId, list] of byShop) {
    // Chunks keep each locked transaction short on a shop with a long history of changes.
    for (let i = 0; i < list.length; i += 62) days += (await rollupAnalyticsDays(client, shopId, list.slice(i, i + 62))).days;
  }
  return { shops: byShop.size, days };
}
