import type { PrismaClient } from "../db.server";
import { dayOf } from "./analytics-period";
import { rollupAnalyticsDays } from "./rollup-analytics-days.server";
import { knownZone } from "../../components/shop-time";

/**
 * Finds every (shop, day) whose source rows changed since `since` (returns and conversations by
 * `updatedAt`, demo orders by `createdAt`) and recomputes those days. This catches changes that no
 * rollup job was queued for: triage, conversations, order imports, redactions.
 */
export async function sweepAnalytics(client: PrismaClient, since: Date): Promise<{ shops: number; days: number }> {
  // Whole hours changed, then the days they fall on in each shop's time zone. An hour can straddle
  // a local midnight (zones 30 or 45 minutes off the hour), so both its ends are counted.
  const touched = await client.$queryRaw<Array<{ shopId: string; hour: Date; timezone: string }>>`
    SELECT t."shopId"::text AS "shopId", t."hour", s."timezone"
    FROM (
      SELECT "shopId", date_trunc('hour', "createdAt") AS "hour" FROM "return_requests" WHERE "updatedAt" >= ${since}
      UNION
      SELECT "shopId", date_trunc('hour', "createdAt") FROM "conversations" WHERE "updatedAt" >= ${since}
      UNION
      SELECT "shopId", date_trunc('hour', "processedAt") FROM "demo_orders" WHERE "createdAt" >= ${since}
    ) t JOIN "shops" s ON s."id" = t."shopId"`;
  const byShop = new Map<string, Set<string>>();
  for (const { shopId, hour, timezone } of touched) {
    const zone = knownZone(timezone);
    const days = byShop.get(shopId) ?? new Set<string>();
    days.add(dayOf(hour, zone));
    days.add(dayOf(new Date(hour.getTime() + 3599_999), zone));
    byShop.set(shopId, days);
  }
  let days = 0;
  for (const [shopId, set] of byShop) {
    const list = [...set].sort();
    // Chunks keep each locked transaction short on a shop with a long history of changes.
    for (let i = 0; i < list.length; i += 62) days += (await rollupAnalyticsDays(client, shopId, list.slice(i, i + 62))).days;
  }
  return { shops: byShop.size, days };
}
