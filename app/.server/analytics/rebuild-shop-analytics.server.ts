import type { DbClient } from "../db.server";
import { rollupAnalyticsDays } from "./rollup-analytics-days.server";

/** Rebuilds every analytics_daily row of a shop from scratch (after the demo seed, an import, or a benchmark load). */
export async function rebuildShopAnalytics(client: DbClient, shopId: string): Promise<{ days: number }> {
  const { days } = await rollupAnalyticsDays(client, shopId, "all");
  return { days };
}
