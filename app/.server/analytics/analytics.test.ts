import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../../tests/support/factories";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { SYSTEM_ACTOR } from "../audit/record-audit";
import { db, type Shop } from "../db.server";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import { jobRegistry } from "../job-registry.server";
import { startJobRuntime, stopJobRuntime, waitForJob } from "../jobs/runtime.server";
import { approveReturn } from "../returns/approve-return.server";
import type { Resolution, ReturnReason, ReturnStatus } from "../returns/types";
import { resolvePeriod } from "./analytics-period";
import { bucketValue, decisionBucket, medianFromHistogram } from "./decision-histogram";
import { getAnalyticsSummary } from "./get-analytics-summary.server";
import { rollupAnalyticsJob, sweepAnalyticsJob } from "./jobs";
import { scheduleAnalyticsSweep } from "./schedule-analytics-sweep.server";
import { rebuildShopAnalytics } from "./rebuild-shop-analytics.server";
import { rollupAnalyticsDays } from "./rollup-analytics-days.server";
import { sweepAnalytics } from "./sweep-analytics.server";
import { merchantContext } from "../../../tests/support/contexts";

setupTestDatabase();
beforeEach(async () => {
  await clearDatabase();
});
afterEach(async () => {
  await stopJobRuntime();
});

let seq = 0;

/** A return as the analytics see it: when it was requested, its state, items, money and risk. */
async function seedReturn(
  shopId: string,
  createdAt: string,
  options: {
    status: ReturnStatus;
    decidedAfterSeconds?: number;
    decidedBy?: string;
    resolution?: Resolution;
    refunded?: string;
    currency?: string;
    risk?: string;
    items?: Array<{ title: string; reason: ReturnReason; quantity?: number; unitPrice?: string }>;
  },
) {
  const created = new Date(createdAt);
  seq += 1;
  const items = options.items ?? [{ title: "Linen Shirt", reason: "defective" as ReturnReason }];
  return db().returnRequest.create({
    data: {
      shopId,
      platformOrderId: `order-${seq}`,
      orderName: `#${1000 + seq}`,
      orderProcessedAt: new Date("2026-10-01T10:00:00Z"),
      orderTotal: "98.00",
      currency: options.currency ?? "USD",
      customerEmail: `shopper${seq}@example.com`,
      status: options.status,
      resolution: options.resolution ?? "refund",
      createdAt: created,
      decidedAt: options.decidedAfterSeconds === undefined ? null : new Date(created.getTime() + options.decidedAfterSeconds * 1000),
      decidedBy: options.decidedBy ?? null,
      refundedAmount: options.refunded ?? null,
      riskScore: options.risk ?? null,
      items: {
        create: items.map((item, index) => ({
          lineItemId: `line-${index}`,
          title: item.title,
          quantity: item.quantity ?? 1,
          unitPrice: item.unitPrice ?? "49.00",
          reason: item.reason,
        })),
      },
    },
  });
}

async function dailyRow(shopId: string, day: string) {
  return db().analyticsDaily.findUnique({ where: { shopId_day: { shopId, day: new Date(`${day}T00:00:00Z`) } } });
}

describe("decision histogram", () => {
  it("puts every value within 4.5% of its bucket's middle and reads the median from the buckets", () => {
    for (const seconds of [1, 1.5, 59, 60, 61, 299, 300, 3600, 86_400, 30 * 86_400]) {
      const value = bucketValue(decisionBucket(seconds));
      expect(Math.abs(value - seconds) / seconds, String(seconds)).toBeLessThan(0.045);
    }
    expect(decisionBucket(0)).toBe(0);
    expect(decisionBucket(0.4)).toBe(0);
    expect(medianFromHistogram({})).toBeNull();
    // Five decisions: 0 s, 0 s, 300 s, 300 s, 7200 s; the middle one is in 300's bucket.
    const histogram = { "0": 2, [decisionBucket(300)]: 2, [decisionBucket(7200)]: 1 };
    expect(medianFromHistogram(histogram)).toBe(Math.round(bucketValue(decisionBucket(300))));
    // Even count: the mean of the two middle values, as an exact median would take.
    expect(medianFromHistogram({ "0": 1, [decisionBucket(10)]: 1 })).toBe(Math.round((bucketValue(decisionBucket(10)) / 2) * 1000) / 1000);
  });
});

describe("analytics.rollup", () => {
  it("recomputes a day's counts, values, reasons, products, risk and decision times exactly, and repeating it changes nothing", async () => {
    const shop = await createShop();
    const other = await createShop();
    await seedReturn(shop.id, "2026-11-02T09:00:00Z", {
      status: "approved",
      decidedAfterSeconds: 0,
      decidedBy: "rules",
      risk: "0.150",
      items: [
        { title: "Linen Shirt", reason: "size_too_small", quantity: 2, unitPrice: "49.00" },
        { title: "Canvas Belt", reason: "damaged", unitPrice: "20.00" },
      ],
    });
    await seedReturn(shop.id, "2026-11-02T10:00:00Z", { status: "completed", decidedAfterSeconds: 3600, decidedBy: "merchant:1", refunded: "49.00", risk: "0.420" });
    await seedReturn(shop.id, "2026-11-02T11:00:00Z", { status: "completed", decidedAfterSeconds: 60, decidedBy: "rules", resolution: "store_credit", refunded: "53.90", risk: "0.999" });
    await seedReturn(shop.id, "2026-11-02T12:00:00Z", { status: "completed", decidedAfterSeconds: 60, decidedBy: "rules", resolution: "exchange", refunded: "10.10" });
    await seedReturn(shop.id, "2026-11-02T13:00:00Z", { status: "denied", decidedAfterSeconds: 0, decidedBy: "rules", risk: "0.100" });
    await seedReturn(shop.id, "2026-11-02T23:59:59.999Z", { status: "pending_review" });
    // A EUR refund counts as a return but not in the shop's USD value.
    await seedReturn(shop.id, "2026-11-02T14:00:00Z", { status: "completed", decidedAfterSeconds: 60, decidedBy: "rules", refunded: "99.00", currency: "EUR" });
    // The next day and another shop's return on the same day are not this row's.
    await seedReturn(shop.id, "2026-11-03T00:00:00Z", { status: "cancelled" });
    await seedReturn(other.id, "2026-11-02T09:00:00Z", { status: "completed", decidedAfterSeconds: 5, decidedBy: "rules", refunded: "999.00" });
    await db().conversation.createMany({
      data: [
        { shopId: shop.id, createdAt: new Date("2026-11-02T08:00:00Z"), resolvedAt: new Date("2026-11-02T08:05:00Z"), resolvedByAi: true },
        { shopId: shop.id, createdAt: new Date("2026-11-02T09:00:00Z"), handoffCount: 1, handedOffAt: new Date("2026-11-02T09:01:00Z") },
        { shopId: other.id, createdAt: new Date("2026-11-02T09:00:00Z"), resolvedByAi: true },
      ],
    });

    expect(await rollupAnalyticsDays(db(), shop.id, ["2026-11-02"])).toEqual({ days: 1, skipped: false });
    const expected = {
      requested: 7,
      pendingTriage: 0,
      pendingReview: 1,
      approved: 1,
      denied: 1,
      completed: 4,
      cancelled: 0,
      decided: 6,
      autoDecided: 5,
      autoApproved: 4,
      byReason: { size_too_small: 1, damaged: 1, defective: 6 },
      byProduct: {
        "Linen Shirt": { returns: 7, units: 8, value: "343.00" },
        "Canvas Belt": { returns: 1, units: 1, value: "20.00" },
      },
      decisionSeconds: { "0": 2, [decisionBucket(60)]: 3, [decisionBucket(3600)]: 1 },
      riskBuckets: [0, 2, 0, 0, 1, 0, 0, 0, 0, 1],
      orders: null,
      conversations: 2,
      resolved: 1,
      resolvedByAi: 1,
      handoffs: 1,
    };
    const row = await dailyRow(shop.id, "2026-11-02");
    expect(row).toMatchObject(expected);
    expect([row!.refundValue.toFixed(2), row!.storeCreditValue.toFixed(2), row!.exchangeValue.toFixed(2)]).toEqual(["49.00", "53.90", "10.10"]);
    // The completed exchange kept its item's value as a sale.
    expect([row!.exchanges, row!.exchangedValue.toFixed(2)]).toEqual([1, "49.00"]);

    // Idempotent: once more, and through the job, the same row and no other shop's row.
    await rollupAnalyticsDays(db(), shop.id, ["2026-11-02"]);
    await startJobRuntime({ client: db(), registry: jobRegistry, pollMs: 50 });
    const id = await runInTransaction((tx) => enqueueJob(tx, rollupAnalyticsJob, { shopId: shop.id, days: ["2026-11-02"] }, { shopId: shop.id }));
    await waitForJob(id);
    expect(await dailyRow(shop.id, "2026-11-02")).toMatchObject(expected);
    expect(await db().analyticsDaily.count({ where: { shopId: shop.id } })).toBe(1);
    expect(await dailyRow(other.id, "2026-11-02")).toBeNull();
  });

  it("writes a zero row for a day whose returns are gone, counts demo orders, and a full rebuild keeps only days with data", async () => {
    const shop = await createShop({ platform: "demo" });
    const gone = await seedReturn(shop.id, "2026-11-05T09:00:00Z", { status: "pending_review" });
    await seedReturn(shop.id, "2026-11-06T09:00:00Z", { status: "pending_triage" });
    await db().demoOrder.createMany({
      data: [1, 2, 3].map((n) => ({
        shopId: shop.id,
        platformOrderId: String(n),
        name: `#${n}`,
        email: "a@example.com",
        currency: "USD",
        totalPrice: "10.00",
        processedAt: new Date(n === 3 ? "2026-11-06T05:00:00Z" : "2026-11-05T05:00:00Z"),
        lineItems: [],
      })),
    });
    expect(await rebuildShopAnalytics(db(), shop.id)).toEqual({ days: 2 });
    expect(await dailyRow(shop.id, "2026-11-05")).toMatchObject({ requested: 1, pendingReview: 1, orders: 2 });
    expect(await dailyRow(shop.id, "2026-11-06")).toMatchObject({ requested: 1, pendingTriage: 1, orders: 1 });

    await db().returnRequest.delete({ where: { id: gone.id } });
    await rollupAnalyticsDays(db(), shop.id, ["2026-11-05", "2026-11-07"]);
    expect(await dailyRow(shop.id, "2026-11-05")).toMatchObject({ requested: 0, pendingReview: 0, orders: 2, byReason: {} });
    expect(await dailyRow(shop.id, "2026-11-07")).toMatchObject({ requested: 0, orders: 0 });
    expect(await rebuildShopAnalytics(db(), shop.id)).toEqual({ days: 2 });
    expect(await dailyRow(shop.id, "2026-11-07")).toBeNull();
  });

  it("refuses a malformed payload: the job fails without writing", async () => {
    const shop = await createShop();
    expect(() => rollupAnalyticsJob.payload.parse({ shopId: shop.id, days: ["2026-02-30"] })).toThrow();
    expect(() => rollupAnalyticsJob.payload.parse({ shopId: "not-a-uuid", days: ["2026-11-01"] })).toThrow();
    expect(() => rollupAnalyticsJob.payload.parse({ shopId: shop.id, days: [] })).toThrow();
    await expect(rollupAnalyticsDays(db(), shop.id, ["yesterday"])).rejects.toThrow();
    expect(await db().analyticsDaily.count()).toBe(0);
  });

  it("is queued by a merchant's decision and brings the day up to date once it commits", async () => {
    const shop = await createShop({ platform: "demo" });
    const row = await seedReturn(shop.id, "2026-11-02T09:00:00Z", { status: "pending_review" });
    await rebuildShopAnalytics(db(), shop.id);
    expect(await dailyRow(shop.id, "2026-11-02")).toMatchObject({ pendingReview: 1, approved: 0 });

    await approveReturn(await merchantContext(shop), { returnId: row.id });
    const job = await db().jobOutbox.findFirstOrThrow({ where: { name: "analytics.rollup" } });
    expect(job).toMatchObject({ shopId: shop.id, payload: { shopId: shop.id, days: [], at: ["2026-11-02T09:00:00.000Z"] }, dedupKey: `analytics.rollup:${row.id}:approved` });
    await startJobRuntime({ client: db(), registry: jobRegistry, pollMs: 50 });
    await waitForJob(job.id);
    expect(await dailyRow(shop.id, "2026-11-02")).toMatchObject({ pendingReview: 0, approved: 1, decided: 1, autoDecided: 0 });
  });
});

describe("the shop's own days", () => {
  it("counts a New York evening return on that evening's day, in the rollup, the queued job, the sweep and the summary", async () => {
    const shop = await db().shop.update({ where: { id: (await createShop({ platform: "demo" })).id }, data: { timezone: "America/New_York" } });
    // 21:30 on November 2 in New York is 02:30 on November 3 in UTC.
    const evening = await seedReturn(shop.id, "2026-11-03T02:30:00Z", { status: "pending_review" });
    await rebuildShopAnalytics(db(), shop.id);
    expect(await dailyRow(shop.id, "2026-11-02")).toMatchObject({ requested: 1, pendingReview: 1 });
    expect(await dailyRow(shop.id, "2026-11-03")).toBeNull();

    await approveReturn(await merchantContext(shop), { returnId: evening.id });
    const job = await db().jobOutbox.findFirstOrThrow({ where: { name: "analytics.rollup" } });
    await startJobRuntime({ client: db(), registry: jobRegistry, pollMs: 50 });
    await waitForJob(job.id);
    expect(await dailyRow(shop.id, "2026-11-02")).toMatchObject({ pendingReview: 0, approved: 1 });
    await stopJobRuntime();

    const before = new Date(Date.now() - 1000);
    await db().returnRequest.update({ where: { id: evening.id }, data: { riskScore: "0.150" } });
    await db().analyticsDaily.deleteMany({ where: { shopId: shop.id } });
    expect(await sweepAnalytics(db(), before)).toEqual({ shops: 1, days: 1 });
    expect(await dailyRow(shop.id, "2026-11-02")).toMatchObject({ approved: 1, riskBuckets: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0] });

    const { current } = await getAnalyticsSummary(await merchantContext(shop), resolvePeriod({ from: "2026-11-02", to: "2026-11-02" }, { maxDays: 31 }));
    expect(current.byStatus.approved).toBe(1);
    expect(resolvePeriod({}, { maxDays: 31, now: new Date("2026-11-03T02:30:00Z"), timeZone: "America/New_York" }).to).toBe("2026-11-02");
  });
});

describe("analytics sweep", () => {
  it("recomputes the days of returns and conversations changed since a time, for every shop", async () => {
    const shop = await createShop();
    const other = await createShop();
    const before = new Date(Date.now() - 1000);
    const mine = await seedReturn(shop.id, "2026-11-02T09:00:00Z", { status: "pending_triage" });
    await seedReturn(other.id, "2026-11-04T09:00:00Z", { status: "denied", decidedAfterSeconds: 0, decidedBy: "rules" });
    await db().conversation.create({ data: { shopId: other.id, createdAt: new Date("2026-11-05T09:00:00Z"), resolvedByAi: true } });
    // Triage changes a return without queueing a rollup: the sweep picks it up by updatedAt.
    await db().returnRequest.update({ where: { id: mine.id }, data: { status: "pending_review", riskScore: "0.550" } });

    expect(await sweepAnalytics(db(), before)).toEqual({ shops: 2, days: 3 });
    expect(await dailyRow(shop.id, "2026-11-02")).toMatchObject({ pendingReview: 1, riskBuckets: [0, 0, 0, 0, 0, 1, 0, 0, 0, 0] });
    expect(await dailyRow(other.id, "2026-11-04")).toMatchObject({ denied: 1, autoDecided: 1 });
    expect(await dailyRow(other.id, "2026-11-05")).toMatchObject({ conversations: 1, resolvedByAi: 1 });
    expect(await sweepAnalytics(db(), new Date(Date.now() + 60_000))).toEqual({ shops: 0, days: 0 });
  });

  it("keeps itself scheduled: one row per five-minute slot, and each run queues the next", async () => {
    const now = new Date();
    const first = await scheduleAnalyticsSweep(db(), now);
    expect(await scheduleAnalyticsSweep(db(), now)).toBe(first);
    await startJobRuntime({ client: db(), registry: jobRegistry, pollMs: 50 });
    await waitForJob(first);
    const rows = await db().jobOutbox.findMany({ where: { name: sweepAnalyticsJob.name }, orderBy: { runAt: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[1]!.runAt.getTime() - rows[0]!.runAt.getTime()).toBe(5 * 60 * 1000);
    expect(rows[1]!.status).toBe("pending");
  });
});

describe("getAnalyticsSummary", () => {
  it("gives exact figures for a range and the previous range of equal length, from the rollups alone", async () => {
    const shop = await createShop({ platform: "demo" });
    const other = await createShop({ platform: "demo" });
    // Previous period: 2026-10-29 … 2026-10-31.
    await seedReturn(shop.id, "2026-10-30T09:00:00Z", { status: "denied", decidedAfterSeconds: 600, decidedBy: "merchant:1" });
    // This period: 2026-11-01 … 2026-11-03.
    await seedReturn(shop.id, "2026-11-01T09:00:00Z", { status: "approved", decidedAfterSeconds: 0, decidedBy: "rules", risk: "0.050", items: [{ title: "Linen Shirt", reason: "size_too_small" }] });
    await seedReturn(shop.id, "2026-11-01T10:00:00Z", { status: "completed", decidedAfterSeconds: 120, decidedBy: "merchant:1", refunded: "49.00", risk: "0.350", items: [{ title: "Wool Coat", reason: "damaged", unitPrice: "180.00" }] });
    await seedReturn(shop.id, "2026-11-03T10:00:00Z", { status: "completed", decidedAfterSeconds: 7200, decidedBy: "rules", resolution: "store_credit", refunded: "22.05", risk: "0.350", items: [{ title: "Linen Shirt", reason: "size_too_large", quantity: 2 }] });
    await seedReturn(shop.id, "2026-11-03T11:00:00Z", { status: "pending_review", items: [{ title: "Linen Shirt", reason: "changed_mind" }] });
    await seedReturn(other.id, "2026-11-02T11:00:00Z", { status: "completed", decidedAfterSeconds: 1, decidedBy: "rules", refunded: "999.00" });
    await db().demoOrder.createMany({
      data: Array.from({ length: 8 }, (_, n) => ({
        shopId: shop.id,
        platformOrderId: String(n),
        name: `#${n}`,
        email: "a@example.com",
        currency: "USD",
        totalPrice: "10.00",
        processedAt: new Date(n < 6 ? "2026-11-02T05:00:00Z" : "2026-10-30T05:00:00Z"),
        lineItems: [],
      })),
    });
    await db().conversation.createMany({
      data: [
        { shopId: shop.id, createdAt: new Date("2026-11-02T08:00:00Z"), resolvedAt: new Date("2026-11-02T08:05:00Z"), resolvedByAi: true },
        { shopId: shop.id, createdAt: new Date("2026-11-02T09:00:00Z"), resolvedByAi: true },
        { shopId: shop.id, createdAt: new Date("2026-11-03T09:00:00Z"), handoffCount: 2 },
      ],
    });
    await rebuildShopAnalytics(db(), shop.id);
    await rebuildShopAnalytics(db(), other.id);
    // The summary must read rollups only: a return added now, not rolled up, does not count.
    await seedReturn(shop.id, "2026-11-02T12:00:00Z", { status: "cancelled" });

    const report = await getAnalyticsSummary(await merchantContext(shop), { from: "2026-11-01", to: "2026-11-03" });
    expect(report.period).toEqual({ from: "2026-11-01", to: "2026-11-03", days: 3 });
    expect(report.previousPeriod).toEqual({ from: "2026-10-29", to: "2026-10-31" });
    expect(report.current).toMatchObject({
      requested: 4,
      byStatus: { pending_triage: 0, pending_review: 1, approved: 1, denied: 0, completed: 2, cancelled: 0 },
      byReason: { size_too_small: 1, size_too_large: 1, damaged: 1, changed_mind: 1, defective: 0 },
      decided: 3,
      approvalRate: 1,
      automationRate: 0.6667,
      autoApprovalRate: 0.6667,
      medianDecisionSeconds: Math.round(bucketValue(decisionBucket(120))),
      refundValue: "49.00",
      storeCreditValue: "22.05",
      exchangeValue: "0.00",
      keptValue: "22.05",
      exchanges: 0,
      exchangedValue: "0.00",
      exchangeShare: 0,
      orders: 6,
      returnRate: 0.6667,
      conversations: 3,
      resolvedByAi: 2,
      aiResolutionRate: 0.6667,
      handoffs: 1,
      handoffRate: 0.3333,
    });
    expect(report.previous).toMatchObject({
      requested: 1,
      decided: 1,
      approvalRate: 0,
      automationRate: 0,
      orders: 2,
      returnRate: 0.5,
      refundValue: "0.00",
      conversations: 0,
      aiResolutionRate: null,
      handoffRate: null,
    });
    expect(report.granularity).toBe("day");
    expect(report.series.map((p) => [p.start, p.requested, p.approved, p.denied])).toEqual([
      ["2026-11-01", 2, 2, 0],
      ["2026-11-02", 0, 0, 0],
      ["2026-11-03", 2, 1, 0],
    ]);
    expect(report.topProducts).toEqual([
      { title: "Linen Shirt", returns: 3, units: 4, value: "196.00" },
      { title: "Wool Coat", returns: 1, units: 1, value: "180.00" },
    ]);
    expect(report.riskBuckets).toEqual([1, 0, 0, 2, 0, 0, 0, 0, 0, 0]);
  });

  it("is zero-safe for a shop without data, charts long ranges by week, and answers another shop's id as not found", async () => {
    const shop = await createShop();
    const report = await getAnalyticsSummary(await merchantContext(shop), { from: "2026-01-01", to: "2026-12-31" });
    expect(report.granularity).toBe("week");
    expect(report.series).toHaveLength(53);
    expect(report.series.at(-1)).toMatchObject({ start: "2026-12-31", end: "2026-12-31" });
    expect(report.current).toMatchObject({ requested: 0, approvalRate: null, medianDecisionSeconds: null, orders: null, returnRate: null, aiResolutionRate: null, refundValue: "0.00" });
    expect(report.topProducts).toEqual([]);
    await expect(getAnalyticsSummary({ shop: { id: "00000000-0000-4000-8000-000000000000" } as Shop, actor: SYSTEM_ACTOR }, { from: "2026-01-01", to: "2026-01-31" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses a malformed, reversed or too long range with the field to fix", async () => {
    const shop = await createShop();
    const cases: Array<[{ from: string; to: string }, string]> = [
      [{ from: "2026-02-30", to: "2026-03-01" }, "from"],
      [{ from: "2026-03-01", to: "soon" }, "to"],
      [{ from: "2026-03-02", to: "2026-03-01" }, "from"],
      [{ from: "2024-01-01", to: "2026-01-02" }, "to"],
    ];
    for (const [range, field] of cases) {
      await expect(getAnalyticsSummary(await merchantContext(shop), range), JSON.stringify(range)).rejects.toMatchObject({ code: "invalid_request", fields: { [field]: expect.any(String) } });
    }
    expect(resolvePeriod({}, { maxDays: 366, now: new Date("2026-11-22T10:00:00Z") })).toEqual({ from: "2026-10-24", to: "2026-11-22" });
  });
});
