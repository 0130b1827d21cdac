import { z } from "zod";
import { Prisma, type DbClient, type PrismaClient, type Tx } from "../db.server";
import { formatCents, parseCents } from "../money";
import { BUCKETS_PER_DOUBLING } from "./decision-histogram";
import { knownZone } from "../../components/shop-time";

/** How many products a day's row keeps (the most returned first); see docs/analytics.md. */
export const PRODUCTS_PER_DAY = 50;
export const RISK_BUCKETS = 10;

/** A "YYYY-MM-DD" day that exists on the calendar. */
export const RollupDay = z.iso.date();

type Row = Prisma.AnalyticsDailyCreateManyInput & {
  byReason: Record<string, number>;
  byProduct: Record<string, { returns: number; units: number; value: string }>;
  decisionSeconds: Record<string, number>;
  riskBuckets: number[];
};

function emptyRow(shopId: string, day: string, ordersKnown: boolean, computedAt: Date): Row {
  return {
    shopId,
    day: new Date(`${day}T00:00:00.000Z`),
    byReason: {},
    byProduct: {},
    decisionSeconds: {},
    riskBuckets: Array<number>(RISK_BUCKETS).fill(0),
    orders: ordersKnown ? 0 : null,
    updatedAt: computedAt,
  };
}

const dayKey = (value: Date | string) => (typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10));

/**
 * Recomputes a shop's analytics_daily rows from the source tables with GROUP BY queries: the given
 * days (calendar days in the shop's time zone) (each gets a row, zero when nothing happened), or with `"all"` every day the shop has
 * data on (its other rows are removed). Safe to repeat. Runs under a per-shop advisory lock so two
 * rollups of one shop never interleave; with `skipIfFresherThan`, days already recomputed by a
 * rollup that started after that instant are left alone (a burst of changes costs one rollup).
 */
export async function rollupAnalyticsDays(
  client: DbClient,
  shopId: string,
  days: readonly string[] | "all",
  options: { skipIfFresherThan?: Date } = {},
): Promise<{ days: number; skipped: boolean }> {
  const list = days === "all" ? "all" : [...new Set(days.map((d) => RollupDay.parse(d)))].sort();
  if (list !== "all" && list.length === 0) return { days: 0, skipped: false };
  const work = (tx: Tx) => rollupLocked(tx, shopId, list, options.skipIfFresherThan);
  // A transaction client has no $connect; only a top-level client opens a transaction of its own.
  if ("$connect" in client) return (client as PrismaClient).$transaction(work, { timeout: 120_000, maxWait: 30_000 });
  return work(client as Tx);
}

async function rollupLocked(tx: Tx, shopId: string, days: string[] | "all", skipIfFresherThan: Date | undefined) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`dokani.analytics:${shopId}`}, 0))`;
  const [clock] = await tx.$queryRaw<Array<{ now: Date }>>`SELECT clock_timestamp() AS "now"`;
  const computedAt = clock!.now;
  if (skipIfFresherThan && days !== "all") {
    const fresh = await tx.analyticsDaily.count({ where: { shopId, day: { in: days.map((d) => new Date(`${d}T00:00:00.000Z`)) }, updatedAt: { gte: skipIfFresherThan } } });
    if (fresh === days.length) return { days: 0, skipped: true };
  }
  const shop = await tx.shop.findUnique({ where: { id: shopId }, select: { currency: true, platform: true, timezone: true } });
  if (!shop) return { days: 0, skipped: false };

  // Timestamps are stored as UTC without a zone; a day is the shop's calendar day, so each one is
  // read in the shop's time zone. The createdAt range (a day wider each side than any zone moves a
  // day) lets the (shopId, createdAt) index narrow the scan before the exact day filter.
  const zone = knownZone(shop.timezone);
  const localDay = (column: Prisma.Sql) => Prisma.sql`((${column}) AT TIME ZONE 'UTC' AT TIME ZONE ${zone})::date`;
  const all = days === "all";
  const dayList = all ? [] : days;
  const lower = all ? "1970-01-01" : dayList[0]!;
  const upper = all ? "9999-12-31" : dayList[dayList.length - 1]!;
  const inDays = (column: Prisma.Sql) =>
    all ? Prisma.sql`TRUE` : Prisma.sql`${column} >= (${lower}::date - 1) AND ${column} < (${upper}::date + 2) AND ${localDay(column)} = ANY(${dayList}::date[])`;
  const created = Prisma.sql`r."createdAt"`;
  const currency = shop.currency;

  const returns = await tx.$queryRaw<
    Array<{
      day: Date;
      requested: number;
      pendingTriage: number;
      pendingReview: number;
      approved: number;
      denied: number;
      completed: number;
      cancelled: number;
      decided: number;
      autoDecided: number;
      autoApproved: number;
      refundValue: string;
      storeCreditValue: string;
      exchangeValue: string;
      exchanges: number;
      exchangedValue: string;
    }>
  >`
    SELECT ${localDay(created)} AS "day",
      count(*)::int AS "requested",
      count(*) FILTER (WHERE r."status" = 'pending_triage')::int AS "pendingTriage",
      count(*) FILTER (WHERE r."status" = 'pending_review')::int AS "pendingReview",
      count(*) FILTER (WHERE r."status" = 'approved')::int AS "approved",
      count(*) FILTER (WHERE r."status" = 'denied')::int AS "denied",
      count(*) FILTER (WHERE r."status" = 'completed')::int AS "completed",
      count(*) FILTER (WHERE r."status" = 'cancelled')::int AS "cancelled",
      count(*) FILTER (WHERE r."status" IN ('approved', 'completed', 'denied'))::int AS "decided",
      count(*) FILTER (WHERE r."status" IN ('approved', 'completed', 'denied') AND r."decidedBy" = 'rules')::int AS "autoDecided",
      count(*) FILTER (WHERE r."status" IN ('approved', 'completed') AND r."decidedBy" = 'rules')::int AS "autoApproved",
      coalesce(sum(r."refundedAmount") FILTER (WHERE r."status" = 'completed' AND r."resolution" = 'refund' AND r."currency" = ${currency}), 0)::numeric(14, 2)::text AS "refundValue",
      coalesce(sum(r."refundedAmount") FILTER (WHERE r."status" = 'completed' AND r."resolution" = 'store_credit' AND r."currency" = ${currency}), 0)::numeric(14, 2)::text AS "storeCreditValue",
      coalesce(sum(r."refundedAmount") FILTER (WHERE r."status" = 'completed' AND r."resolution" = 'exchange' AND r."currency" = ${currency}), 0)::numeric(14, 2)::text AS "exchangeValue",
      count(*) FILTER (WHERE r."resolution" = 'exchange' AND r."status" IN ('approved', 'completed'))::int AS "exchanges",
      coalesce(sum(x."value") FILTER (WHERE r."resolution" = 'exchange' AND r."status" IN ('approved', 'completed') AND r."currency" = ${currency}), 0)::numeric(14, 2)::text AS "exchangedValue"
    FROM "return_requests" r
    -- The value of each return's items: what an exchange keeps as a sale.
    LEFT JOIN LATERAL (SELECT sum(i."quantity" * i."unitPrice") AS "value" FROM "return_items" i WHERE i."returnId" = r."id") x ON TRUE
    WHERE r."shopId" = ${shopId}::uuid AND ${inDays(created)}
    GROUP BY 1`;

  const reasons = await tx.$queryRaw<Array<{ day: Date; reason: string; n: number }>>`
    SELECT ${localDay(created)} AS "day", i."reason"::text AS "reason", count(DISTINCT r."id")::int AS "n"
    FROM "return_items" i JOIN "return_requests" r ON r."id" = i."returnId"
    WHERE r."shopId" = ${shopId}::uuid AND ${inDays(created)}
    GROUP BY 1, 2`;

  const products = await tx.$queryRaw<Array<{ day: Date; title: string; returns: number; units: number; value: string }>>`
    SELECT ${localDay(created)} AS "day", i."title" AS "title", count(DISTINCT r."id")::int AS "returns", sum(i."quantity")::int AS "units",
      coalesce(sum(i."quantity" * i."unitPrice") FILTER (WHERE r."currency" = ${currency}), 0)::numeric(14, 2)::text AS "value"
    FROM "return_items" i JOIN "return_requests" r ON r."id" = i."returnId"
    WHERE r."shopId" = ${shopId}::uuid AND ${inDays(created)}
    GROUP BY 1, 2`;

  // Same bucket formula as decisionBucket() in decision-histogram.ts.
  const decisions = await tx.$queryRaw<Array<{ day: Date; bucket: number; n: number }>>`
    SELECT d."day", (CASE WHEN d."seconds" < 1 THEN 0 ELSE 1 + floor(${BUCKETS_PER_DOUBLING}::float8 * ln(d."seconds") / ln(2.0::float8)) END)::int AS "bucket", count(*)::int AS "n"
    FROM (SELECT ${localDay(created)} AS "day", extract(epoch FROM r."decidedAt" - r."createdAt")::float8 AS "seconds"
          FROM "return_requests" r
          WHERE r."shopId" = ${shopId}::uuid AND ${inDays(created)}
            AND r."status" IN ('approved', 'completed', 'denied') AND r."decidedAt" IS NOT NULL) d
    GROUP BY 1, 2`;

  const risks = await tx.$queryRaw<Array<{ day: Date; bucket: number; n: number }>>`
    SELECT ${localDay(created)} AS "day", least(floor(r."riskScore" * 10), 9)::int AS "bucket", count(*)::int AS "n"
    FROM "return_requests" r
    WHERE r."shopId" = ${shopId}::uuid AND ${inDays(created)} AND r."riskScore" IS NOT NULL
    GROUP BY 1, 2`;

  const conversationCreated = Prisma.sql`c."createdAt"`;
  const conversations = await tx.$queryRaw<Array<{ day: Date; conversations: number; resolved: number; resolvedByAi: number; handoffs: number }>>`
    SELECT ${localDay(conversationCreated)} AS "day", count(*)::int AS "conversations",
      count(*) FILTER (WHERE c."resolvedAt" IS NOT NULL)::int AS "resolved",
      count(*) FILTER (WHERE c."resolvedByAi" IS TRUE)::int AS "resolvedByAi",
      count(*) FILTER (WHERE c."handoffCount" > 0 OR c."handedOffAt" IS NOT NULL)::int AS "handoffs"
    FROM "conversations" c
    WHERE c."shopId" = ${shopId}::uuid AND ${inDays(conversationCreated)}
    GROUP BY 1`;

  // Only demo shops keep their orders here; other platforms' order counts stay unknown (null).
  const ordersKnown = shop.platform === "demo";
  const orderDay = Prisma.sql`o."processedAt"`;
  const orders = ordersKnown
    ? await tx.$queryRaw<Array<{ day: Date; n: number }>>`
        SELECT ${localDay(orderDay)} AS "day", count(*)::int AS "n" FROM "demo_orders" o
        WHERE o."shopId" = ${shopId}::uuid AND ${inDays(orderDay)} GROUP BY 1`
    : [];

  const rows = new Map<string, Row>();
  const row = (day: Date) => {
    const key = dayKey(day);
    let found = rows.get(key);
    if (!found) rows.set(key, (found = emptyRow(shopId, key, ordersKnown, computedAt)));
    return found;
  };
  for (const day of dayList) row(new Date(`${day}T00:00:00.000Z`));
  for (const r of returns) Object.assign(row(r.day), { ...r, day: row(r.day).day });
  for (const r of reasons) row(r.day).byReason[r.reason] = r.n;
  for (const r of decisions) row(r.day).decisionSeconds[String(r.bucket)] = r.n;
  for (const r of risks) row(r.day).riskBuckets[Math.max(0, Math.min(RISK_BUCKETS - 1, r.bucket))]! += r.n;
  for (const r of conversations) Object.assign(row(r.day), { conversations: r.conversations, resolved: r.resolved, resolvedByAi: r.resolvedByAi, handoffs: r.handoffs });
  for (const r of orders) row(r.day).orders = r.n;
  const productsByDay = new Map<string, typeof products>();
  for (const p of products) {
    const key = dayKey(p.day);
    productsByDay.set(key, [...(productsByDay.get(key) ?? []), p]);
  }
  for (const [key, list] of productsByDay) {
    const kept = list.sort((a, b) => b.returns - a.returns || parseCents(b.value) - parseCents(a.value) || a.title.localeCompare(b.title)).slice(0, PRODUCTS_PER_DAY);
    const target = row(new Date(`${key}T00:00:00.000Z`));
    for (const p of kept) target.byProduct[p.title] = { returns: p.returns, units: p.units, value: formatCents(parseCents(p.value)) };
  }

  if (all) await tx.analyticsDaily.deleteMany({ where: { shopId } });
  else await tx.analyticsDaily.deleteMany({ where: { shopId, day: { in: dayList.map((d) => new Date(`${d}T00:00:00.000Z`)) } } });
  const data = [...rows.values()];
  for (let i = 0; i < data.length; i += 500) await tx.analyticsDaily.createMany({ data: data.slice(i, i + 500) });
  return { days: data.length, skipped: false };
}
