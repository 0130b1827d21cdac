import { beforeEach, describe, expect, it } from "vitest";
import { createReturn, createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { AnalyticsSummarySchema } from "../.server/api/schemas";
import { rebuildShopAnalytics } from "../.server/analytics/rebuild-shop-analytics.server";
import { createApiKey } from "../.server/api-keys/create-api-key";
import { db } from "../.server/db.server";
import type { Resolution, ReturnReason, ReturnStatus } from "../.server/returns/types";
import { loader } from "./api.v1.analytics.summary";

setupTestDatabase();
beforeEach(async () => {
  await clearDatabase();
});

const ZERO_STATUSES = { pending_triage: 0, pending_review: 0, approved: 0, denied: 0, completed: 0, cancelled: 0 };
const ZERO_REASONS = {
  size_too_small: 0,
  size_too_large: 0,
  not_as_described: 0,
  damaged: 0,
  defective: 0,
  wrong_item: 0,
  changed_mind: 0,
  arrived_late: 0,
  other: 0,
};

async function merchant() {
  const shop = await createShop();
  const { key } = await createApiKey(db(), shop.id, { name: "BI export" });
  return { shop, key };
}

/** A factory return reshaped: when it was requested, how and after how long it was decided, what was refunded. */
async function returnOf(
  shopId: string,
  createdAt: string,
  options: {
    status: ReturnStatus;
    decidedAfterSeconds?: number;
    decidedBy?: string;
    resolution?: Resolution;
    refunded?: string;
    currency?: string;
    extraReasons?: ReturnReason[];
  },
) {
  const row = await createReturn(shopId, "alex@example.com");
  const created = new Date(createdAt);
  for (const [index, reason] of (options.extraReasons ?? []).entries()) {
    await db().returnItem.create({ data: { returnId: row.id, lineItemId: `extra-${index}`, title: "Belt", quantity: 1, unitPrice: "20.00", reason } });
  }
  return db().returnRequest.update({
    where: { id: row.id },
    data: {
      createdAt: created,
      status: options.status,
      resolution: options.resolution ?? "refund",
      currency: options.currency ?? "USD",
      decidedAt: options.decidedAfterSeconds === undefined ? null : new Date(created.getTime() + options.decidedAfterSeconds * 1000),
      decidedBy: options.decidedBy ?? null,
      refundedAmount: options.refunded ?? null,
    },
  });
}

/** The summary reads the daily rollups: rebuild them for every shop first, as the rollup jobs would. */
async function summary(key: string, query = "") {
  for (const shop of await db().shop.findMany({ select: { id: true } })) await rebuildShopAnalytics(db(), shop.id);
  const response = await loader(routeArgs(new Request(`http://127.0.0.1/api/v1/analytics/summary${query}`, { headers: { authorization: `Bearer ${key}` } })));
  return { status: response.status, body: await response.json() };
}

describe("GET /api/v1/analytics/summary", () => {
  it("counts, rates, median decision time and refund value of the period's returns, and no one else's", async () => {
    const { shop, key } = await merchant();
    const other = await merchant();
    await returnOf(shop.id, "2026-11-02T09:00:00Z", { status: "approved", decidedAfterSeconds: 60, decidedBy: "rules", extraReasons: ["damaged", "defective"] });
    await returnOf(shop.id, "2026-11-03T09:00:00Z", { status: "completed", decidedAfterSeconds: 120, decidedBy: "api:key", refunded: "49.00" });
    await returnOf(shop.id, "2026-11-04T09:00:00Z", { status: "denied", decidedAfterSeconds: 300, decidedBy: "rules" });
    await returnOf(shop.id, "2026-11-05T09:00:00Z", { status: "completed", decidedAfterSeconds: 600, decidedBy: "merchant:1", resolution: "store_credit", refunded: "30.00" });
    await returnOf(shop.id, "2026-11-06T09:00:00Z", { status: "completed", decidedAfterSeconds: 900, decidedBy: "rules", refunded: "12.50", currency: "EUR" });
    await returnOf(shop.id, "2026-11-07T09:00:00Z", { status: "pending_review" });
    await returnOf(shop.id, "2026-11-30T23:59:59.999Z", { status: "cancelled" });
    // Outside the period, on either side, and another shop's return inside it.
    await returnOf(shop.id, "2026-10-31T23:59:59.999Z", { status: "approved", decidedAfterSeconds: 5, decidedBy: "rules" });
    await returnOf(shop.id, "2026-12-01T00:00:00Z", { status: "denied", decidedAfterSeconds: 5, decidedBy: "rules" });
    await returnOf(other.shop.id, "2026-11-10T09:00:00Z", { status: "completed", decidedAfterSeconds: 5, decidedBy: "rules", refunded: "999.00" });

    const { status, body } = await summary(key, "?from=2026-11-01&to=2026-11-30");
    expect(status).toBe(200);
    // The median comes from a log-scale histogram: within 4.5% of the exact 300 s.
    expect(Math.abs(body.medianDecisionSeconds - 300) / 300).toBeLessThan(0.045);
    expect(AnalyticsSummarySchema.parse(body)).toEqual({
      from: "2026-11-01",
      to: "2026-11-30",
      counts: {
        byStatus: { ...ZERO_STATUSES, approved: 1, completed: 3, denied: 1, pending_review: 1, cancelled: 1 },
        byReason: { ...ZERO_REASONS, defective: 7, damaged: 1 },
      },
      // Decided: 5 (approved, denied, three completed); approved or completed: 4; by the rules alone: 3.
      approvalRate: 0.8,
      automationRate: 0.6,
      medianDecisionSeconds: body.medianDecisionSeconds,
      // Only refund returns in the shop's currency: the store-credit and the EUR return are left out.
      refundValue: { amount: "49.00", currency: "USD" },
      exchanges: { count: 0, value: { amount: "0.00", currency: "USD" }, share: 0 },
    });
  });

  it("weighs the value kept by exchanges against what was refunded", async () => {
    const { shop, key } = await merchant();
    const other = await merchant();
    // Approved and completed exchanges keep their items' value (49.00 each, and 20.00 for a second item).
    await returnOf(shop.id, "2026-11-02T09:00:00Z", { status: "approved", decidedAfterSeconds: 5, decidedBy: "rules", resolution: "exchange", extraReasons: ["size_too_small"] });
    await returnOf(shop.id, "2026-11-03T09:00:00Z", { status: "completed", decidedAfterSeconds: 5, decidedBy: "rules", resolution: "exchange", refunded: "0.00" });
    // Not (yet) kept: a pending and a denied exchange; another shop's exchange.
    await returnOf(shop.id, "2026-11-04T09:00:00Z", { status: "pending_review", resolution: "exchange" });
    await returnOf(shop.id, "2026-11-04T10:00:00Z", { status: "denied", decidedAfterSeconds: 5, decidedBy: "rules", resolution: "exchange" });
    await returnOf(other.shop.id, "2026-11-04T09:00:00Z", { status: "approved", decidedAfterSeconds: 5, decidedBy: "rules", resolution: "exchange" });
    await returnOf(shop.id, "2026-11-05T09:00:00Z", { status: "completed", decidedAfterSeconds: 5, decidedBy: "rules", refunded: "49.00" });

    const { body } = await summary(key, "?from=2026-11-01&to=2026-11-30");
    // 118.00 exchanged against 49.00 refunded: 118 / 167.
    expect(body.exchanges).toEqual({ count: 2, value: { amount: "118.00", currency: "USD" }, share: 0.7066 });
    expect(body.refundValue).toEqual({ amount: "49.00", currency: "USD" });
  });

  it("gives rates to four decimals and the median of an even count as the midpoint of the two middle buckets", async () => {
    const { shop, key } = await merchant();
    await returnOf(shop.id, "2026-11-02T09:00:00Z", { status: "approved", decidedAfterSeconds: 61, decidedBy: "rules" });
    await returnOf(shop.id, "2026-11-02T10:00:00Z", { status: "denied", decidedAfterSeconds: 100, decidedBy: "merchant:1" });
    await returnOf(shop.id, "2026-11-02T11:00:00Z", { status: "denied", decidedAfterSeconds: 3600, decidedBy: "merchant:1" });
    await returnOf(shop.id, "2026-11-02T12:00:00Z", { status: "completed", decidedAfterSeconds: 2.5, decidedBy: "merchant:1", refunded: "10.05" });
    await returnOf(shop.id, "2026-11-02T13:00:00Z", { status: "completed", decidedAfterSeconds: 7200, decidedBy: "merchant:1", refunded: "0.10" });
    await returnOf(shop.id, "2026-11-02T14:00:00Z", { status: "denied", decidedAfterSeconds: 1, decidedBy: "merchant:1" });

    const { body } = await summary(key, "?from=2026-11-02&to=2026-11-02");
    expect(body).toMatchObject({
      approvalRate: 0.5,
      automationRate: 0.1667,
      refundValue: { amount: "10.15", currency: "USD" },
    });
    // Exact median: (61 + 100) / 2 = 80.5; each middle value is read as its bucket's middle (61.3 and 103.0).
    expect(body.medianDecisionSeconds).toBe(82);
  });

  it("answers zeros and nulls for a period without returns, over the last 30 days by default", async () => {
    const { key } = await merchant();
    const { status, body } = await summary(key);
    expect(status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    expect(body).toEqual({
      from,
      to: today,
      counts: { byStatus: ZERO_STATUSES, byReason: ZERO_REASONS },
      approvalRate: null,
      automationRate: null,
      medianDecisionSeconds: null,
      refundValue: { amount: "0.00", currency: "USD" },
      exchanges: { count: 0, value: { amount: "0.00", currency: "USD" }, share: null },
    });
  });

  it("reads a full ISO 8601 time as the UTC day it falls on", async () => {
    const { shop, key } = await merchant();
    await returnOf(shop.id, "2026-11-10T12:00:00.000Z", { status: "approved", decidedAfterSeconds: 60 });
    await returnOf(shop.id, "2026-11-12T12:00:00.000Z", { status: "denied", decidedAfterSeconds: 60 });
    const { status, body } = await summary(key, `?from=2026-11-10T08:00:00Z&to=${encodeURIComponent("2026-11-12T00:30:00+02:00")}`);
    expect(status).toBe(200);
    // 00:30 at UTC+02:00 is still the 11th in UTC: the return of the 12th is not counted.
    expect(body).toMatchObject({ from: "2026-11-10", to: "2026-11-11", counts: { byStatus: { ...ZERO_STATUSES, approved: 1 } } });
  });

  it("answers 400 naming the field for a bad date, a reversed period or one longer than 366 days", async () => {
    const { key } = await merchant();
    const cases: Array<[string, string]> = [
      ["?from=yesterday", "from"],
      ["?to=2026-13-01", "to"],
      ["?from=2026-02-30", "from"],
      ["?from=2026-11-01T00:00", "from"],
      ["?from=2026-11-30&to=2026-11-01", "from"],
      ["?from=2025-01-01&to=2026-01-02", "to"],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await summary(key, query);
      expect(status, query).toBe(400);
      expect(body.error.code).toBe("invalid_request");
      expect(Object.keys(body.error.fields), query).toEqual([field]);
    }
    expect((await summary(key, "?from=2024-01-01&to=2024-12-31")).status).toBe(200);
  });
});
