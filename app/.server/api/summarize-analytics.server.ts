import { resolvePeriod } from "../analytics/analytics-period";
import { getAnalyticsSummary } from "../analytics/get-analytics-summary.server";
import type { ShopContext } from "../shops/shop-context";
import { knownZone } from "../../components/shop-time";
import { MAX_SUMMARY_DAYS, type AnalyticsSummary } from "./schemas";
import { dayOfBound } from "./time-bounds";

/**
 * The answer of `GET /api/v1/analytics/summary` (and the MCP tool `get_analytics_summary`): what
 * happened to the returns requested in a period, from the daily rollups. The rollups are kept by
 * the shop's calendar day, so a full time counts the day it falls on there.
 */
export async function summarizeAnalytics(ctx: ShopContext, query: { from?: string; to?: string }): Promise<AnalyticsSummary> {
  const timeZone = knownZone(ctx.shop.timezone);
  const requested = { from: query.from && dayOfBound(query.from, timeZone), to: query.to && dayOfBound(query.to, timeZone) };
  const period = resolvePeriod(requested, { maxDays: MAX_SUMMARY_DAYS, timeZone });
  const { current } = await getAnalyticsSummary(ctx, period);
  return {
    from: period.from,
    to: period.to,
    counts: { byStatus: current.byStatus, byReason: current.byReason },
    approvalRate: current.approvalRate,
    automationRate: current.automationRate,
    medianDecisionSeconds: current.medianDecisionSeconds,
    refundValue: { amount: current.refundValue, currency: ctx.shop.currency },
    exchanges: { count: current.exchanges, value: { amount: current.exchangedValue, currency: ctx.shop.currency }, share: current.exchangeShare },
  };
}
