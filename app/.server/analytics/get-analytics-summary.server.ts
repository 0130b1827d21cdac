import { z } from "zod";
import { db, type DbClient } from "../db.server";
import type { ShopContext } from "../shops/shop-context";
import { AppError, validationError } from "../errors";
import { formatCents, parseCents } from "../money";
import { RETURN_REASONS, type ReturnReason, type ReturnStatus } from "../returns/types";
import { addDays, dayStart, periodLength, previousPeriod, WEEKLY_AFTER_DAYS, type AnalyticsPeriod } from "./analytics-period";
import { medianFromHistogram, mergeHistograms } from "./decision-histogram";
import { RISK_BUCKETS } from "./rollup-analytics-days.server";

/** The longest range any reader may ask for: two years. */
export const MAX_ANALYTICS_DAYS = 731;
const TOP_PRODUCTS = 10;

const PeriodSchema = z
  .object({ from: z.iso.date({ error: "must be a date like 2026-11-01" }), to: z.iso.date({ error: "must be a date like 2026-11-01" }) })
  .refine((p) => p.from <= p.to, { path: ["from"], message: "must be on or before to" })
  .refine((p) => periodLength(p) <= MAX_ANALYTICS_DAYS, { path: ["to"], message: `must be at most ${MAX_ANALYTICS_DAYS - 1} days after from` });

/** The headline figures of one period. Rates are 0..1 to four decimals, null when nothing to divide by. */
export type AnalyticsFigures = {
  requested: number;
  byStatus: Record<ReturnStatus, number>;
  byReason: Record<ReturnReason, number>;
  decided: number;
  /** Approved or completed over decided. */
  approvalRate: number | null;
  /** Decided by the policy rules alone over decided. */
  automationRate: number | null;
  /** Approved by the rules alone over decided. */
  autoApprovalRate: number | null;
  /** Bucketed: within about 4.5% of the exact median (docs/analytics.md). */
  medianDecisionSeconds: number | null;
  refundValue: string;
  storeCreditValue: string;
  exchangeValue: string;
  /** Store credit plus exchanges: value the shop kept. */
  keptValue: string;
  /** Exchanges approved or completed, and the value of the items they sent back: sales kept rather than refunded. */
  exchanges: number;
  exchangedValue: string;
  /** Value exchanged over value exchanged plus refunded; null when neither happened. */
  exchangeShare: number | null;
  /** Orders placed in the period; null where the platform's order counts are not known. */
  orders: number | null;
  /** Returns requested over orders placed in the same period; null without order counts. */
  returnRate: number | null;
  conversations: number;
  resolvedByAi: number;
  aiResolutionRate: number | null;
  handoffs: number;
  handoffRate: number | null;
};

export type AnalyticsSeriesPoint = { start: string; end: string; requested: number; approved: number; denied: number; byReason: Record<ReturnReason, number> };
export type AnalyticsProduct = { title: string; returns: number; units: number; value: string };

/** What the analytics page and the merchant API read: a period, the one before it, and their breakdowns. */
export type AnalyticsSummaryReport = {
  period: AnalyticsPeriod & { days: number };
  previousPeriod: AnalyticsPeriod;
  currency: string;
  current: AnalyticsFigures;
  previous: AnalyticsFigures;
  granularity: "day" | "week";
  series: AnalyticsSeriesPoint[];
  topProducts: AnalyticsProduct[];
  /** Returns of the period by risk score, ten buckets of 0.1 (0–0.1, …, 0.9–1). */
  riskBuckets: number[];
};

type DailyRow = {
  day: Date;
  requested: number;
  pendingTriage: number;
  pendingReview: number;
  approved: number;
  autoApproved: number;
  denied: number;
  completed: number;
  cancelled: number;
  decided: number;
  autoDecided: number;
  refundValue: { toFixed(digits: number): string };
  storeCreditValue: { toFixed(digits: number): string };
  exchangeValue: { toFixed(digits: number): string };
  exchanges: number;
  exchangedValue: { toFixed(digits: number): string };
  byReason: unknown;
  byProduct: unknown;
  decisionSeconds: unknown;
  riskBuckets: number[];
  orders: number | null;
  conversations: number;
  resolvedByAi: number;
  handoffs: number;
};

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

function zeroReasons(): Record<ReturnReason, number> {
  return Object.fromEntries(RETURN_REASONS.map((r) => [r, 0])) as Record<ReturnReason, number>;
}

function addReasons(target: Record<ReturnReason, number>, byReason: unknown) {
  if (!byReason || typeof byReason !== "object") return;
  for (const [reason, count] of Object.entries(byReason as Record<string, unknown>)) {
    if (reason in target && typeof count === "number") target[reason as ReturnReason] += count;
  }
}

function figures(rows: DailyRow[]): AnalyticsFigures {
  const sum = (pick: (r: DailyRow) => number) => rows.reduce((total, r) => total + pick(r), 0);
  const cents = (pick: (r: DailyRow) => { toFixed(digits: number): string }) => rows.reduce((total, r) => total + parseCents(pick(r).toFixed(2)), 0);
  const byReason = zeroReasons();
  for (const r of rows) addReasons(byReason, r.byReason);
  const byStatus: Record<ReturnStatus, number> = {
    pending_triage: sum((r) => r.pendingTriage),
    pending_review: sum((r) => r.pendingReview),
    approved: sum((r) => r.approved),
    denied: sum((r) => r.denied),
    completed: sum((r) => r.completed),
    cancelled: sum((r) => r.cancelled),
  };
  const requested = sum((r) => r.requested);
  const decided = sum((r) => r.decided);
  const known = rows.filter((r) => r.orders !== null);
  const orders = known.length ? known.reduce((total, r) => total + (r.orders ?? 0), 0) : null;
  const conversations = sum((r) => r.conversations);
  const resolvedByAi = sum((r) => r.resolvedByAi);
  const handoffs = sum((r) => r.handoffs);
  const credit = cents((r) => r.storeCreditValue);
  const exchange = cents((r) => r.exchangeValue);
  const exchanged = cents((r) => r.exchangedValue);
  const refunded = cents((r) => r.refundValue);
  return {
    requested,
    byStatus,
    byReason,
    decided,
    approvalRate: rate(byStatus.approved + byStatus.completed, decided),
    automationRate: rate(sum((r) => r.autoDecided), decided),
    autoApprovalRate: rate(sum((r) => r.autoApproved), decided),
    medianDecisionSeconds: medianFromHistogram(mergeHistograms(rows.map((r) => r.decisionSeconds))),
    refundValue: formatCents(cents((r) => r.refundValue)),
    storeCreditValue: formatCents(credit),
    exchangeValue: formatCents(exchange),
    keptValue: formatCents(credit + exchange),
    exchanges: sum((r) => r.exchanges),
    exchangedValue: formatCents(exchanged),
    exchangeShare: rate(exchanged, exchanged + refunded),
    orders,
    returnRate: orders === null ? null : rate(requested, orders),
    conversations,
    resolvedByAi,
    aiResolutionRate: rate(resolvedByAi, conversations),
    handoffs,
    handoffRate: rate(handoffs, conversations),
  };
}

function series(period: AnalyticsPeriod, rows: DailyRow[], granularity: "day" | "week"): AnalyticsSeriesPoint[] {
  const step = granularity === "day" ? 1 : 7;
  const points: AnalyticsSeriesPoint[] = [];
  for (let start = period.from; start <= period.to; start = addDays(start, step)) {
    const end = addDays(start, step - 1);
    points.push({ start, end: end < period.to ? end : period.to, requested: 0, approved: 0, denied: 0, byReason: zeroReasons() });
  }
  const origin = dayStart(period.from).getTime();
  for (const row of rows) {
    const point = points[Math.floor((row.day.getTime() - origin) / (step * 86_400_000))];
    if (!point) continue;
    point.requested += row.requested;
    point.approved += row.approved + row.completed;
    point.denied += row.denied;
    addReasons(point.byReason, row.byReason);
  }
  return points;
}

function topProducts(rows: DailyRow[]): AnalyticsProduct[] {
  const totals = new Map<string, { returns: number; units: number; cents: number }>();
  for (const row of rows) {
    if (!row.byProduct || typeof row.byProduct !== "object") continue;
    for (const [title, entry] of Object.entries(row.byProduct as Record<string, { returns?: unknown; units?: unknown; value?: unknown }>)) {
      const total = totals.get(title) ?? { returns: 0, units: 0, cents: 0 };
      total.returns += typeof entry.returns === "number" ? entry.returns : 0;
      total.units += typeof entry.units === "number" ? entry.units : 0;
      total.cents += typeof entry.value === "string" ? parseCents(entry.value) : 0;
      totals.set(title, total);
    }
  }
  return [...totals]
    .sort((a, b) => b[1].returns - a[1].returns || b[1].cents - a[1].cents || a[0].localeCompare(b[0]))
    .slice(0, TOP_PRODUCTS)
    .map(([title, t]) => ({ title, returns: t.returns, units: t.units, value: formatCents(t.cents) }));
}

/**
 * Analytics of a shop for a range of UTC days and the range of equal length before it, read from
 * analytics_daily alone (one query for the rows of both ranges, one for the shop's currency):
 * the cost depends on the number of days, never on the number of returns.
 */
export async function getAnalyticsSummary(ctx: ShopContext, range: AnalyticsPeriod, client: DbClient = db()): Promise<AnalyticsSummaryReport> {
  const shopId = ctx.shop.id;
  const parsed = PeriodSchema.safeParse(range);
  if (!parsed.success) throw validationError(parsed.error, "Choose a valid date range.");
  const period = parsed.data;
  const previous = previousPeriod(period);
  const [shop, rows] = await Promise.all([
    client.shop.findUnique({ where: { id: shopId }, select: { currency: true } }),
    client.analyticsDaily.findMany({
      where: { shopId, day: { gte: dayStart(previous.from), lte: dayStart(period.to) } },
      select: {
        day: true,
        requested: true,
        pendingTriage: true,
        pendingReview: true,
        approved: true,
        autoApproved: true,
        denied: true,
        completed: true,
        cancelled: true,
        decided: true,
        autoDecided: true,
        refundValue: true,
        storeCreditValue: true,
        exchangeValue: true,
        exchanges: true,
        exchangedValue: true,
        byReason: true,
        byProduct: true,
        decisionSeconds: true,
        riskBuckets: true,
        orders: true,
        conversations: true,
        resolvedByAi: true,
        handoffs: true,
      },
    }),
  ]);
  if (!shop) throw new AppError("not_found", "No such shop.");
  const start = dayStart(period.from).getTime();
  const current = rows.filter((r) => r.day.getTime() >= start);
  const before = rows.filter((r) => r.day.getTime() < start);
  const days = periodLength(period);
  const granularity = days > WEEKLY_AFTER_DAYS ? "week" : "day";
  const riskBuckets = Array<number>(RISK_BUCKETS).fill(0);
  for (const row of current) row.riskBuckets.forEach((n, i) => (riskBuckets[i] = (riskBuckets[i] ?? 0) + n));
  return {
    period: { ...period, days },
    previousPeriod: previous,
    currency: shop.currency,
    current: figures(current),
    previous: figures(before),
    granularity,
    series: series(period, current, granularity),
    topProducts: topProducts(current),
    riskBuckets: riskBuckets.slice(0, RISK_BUCKETS),
  };
}
