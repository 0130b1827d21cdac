import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { rebuildShopAnalytics } from "../.server/analytics/rebuild-shop-analytics.server";
import { db } from "../.server/db.server";
import { parseEnv, resetEnv } from "../.server/env.server";
import { DEMO_SHOP_DOMAIN } from "../.server/shops/demo-shop";
import { loader } from "./app.analytics";

setupTestDatabase();
// The demo merchant needs no Shopify login, which lets these run the real loader.
beforeAll(() => resetEnv(parseEnv({ ...process.env, DOKANI_DEMO: "1" })));
afterAll(() => resetEnv());
beforeEach(async () => {
  await clearDatabase();
});

async function returnOn(shopId: string, createdAt: string, status: "approved" | "denied" | "pending_review", refunded?: string) {
  return db().returnRequest.create({
    data: {
      shopId,
      platformOrderId: createdAt,
      orderName: "#1001",
      orderProcessedAt: new Date("2026-10-01T10:00:00Z"),
      orderTotal: "49.00",
      currency: "USD",
      customerEmail: "alex@example.com",
      status,
      resolution: "refund",
      createdAt: new Date(createdAt),
      decidedAt: status === "pending_review" ? null : new Date(createdAt),
      decidedBy: status === "pending_review" ? null : "rules",
      refundedAmount: refunded ?? null,
      riskScore: "0.250",
      items: { create: [{ lineItemId: "1", title: "Linen Shirt", quantity: 1, unitPrice: "49.00", reason: "size_too_small" }] },
    },
  });
}

const load = (query: string) => loader(routeArgs(new Request(`http://127.0.0.1/app/analytics${query}`)));

describe("/app/analytics", () => {
  it("shows the range's figures from the rollups, with the previous period, and none of another shop's", async () => {
    const demo = await createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });
    const other = await createShop();
    await returnOn(demo.id, "2026-11-02T10:00:00Z", "approved");
    await returnOn(demo.id, "2026-11-03T10:00:00Z", "denied");
    await returnOn(demo.id, "2026-10-30T10:00:00Z", "pending_review");
    await returnOn(other.id, "2026-11-02T10:00:00Z", "approved");
    await rebuildShopAnalytics(db(), demo.id);
    await rebuildShopAnalytics(db(), other.id);

    const data = await load("?from=2026-11-01&to=2026-11-07");
    expect(data.rangeError).toBeNull();
    expect(data.report.period).toEqual({ from: "2026-11-01", to: "2026-11-07", days: 7 });
    expect(data.report.previousPeriod).toEqual({ from: "2026-10-25", to: "2026-10-31" });
    expect(data.report.current).toMatchObject({ requested: 2, decided: 2, approvalRate: 0.5, automationRate: 1, orders: 0, returnRate: null });
    expect(data.report.previous).toMatchObject({ requested: 1, decided: 0, approvalRate: null });
    expect(data.report.riskBuckets).toEqual([0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
    expect(data.report.series).toHaveLength(7);
    // Opening the page keeps the rollup sweep scheduled.
    expect(await db().jobOutbox.count({ where: { name: "analytics.rollup-sweep" } })).toBe(1);
  });

  it("explains an invalid range instead of failing, and shows the last 30 days", async () => {
    await createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });
    const cases: Array<[string, string]> = [
      ["?from=2026-13-01", "Start date must be a date like 2026-11-01."],
      ["?from=2026-11-30&to=2026-11-01", "Start date must be on or before to."],
      ["?from=2024-01-01&to=2026-01-02", "End date must be at most 730 days after from."],
      ["?to=tomorrow", "End date must be a date like 2026-11-01."],
    ];
    for (const [query, field] of cases) {
      const data = await load(query);
      expect(data.rangeError?.fields, query).toEqual([field]);
      expect(data.rangeError?.message.length).toBeGreaterThan(10);
      expect(data.report.period.days).toBe(30);
    }
    expect((await load("?from=2025-01-01&to=2026-12-31")).rangeError).toBeNull();
  });

  it("is zero-safe for a shop without any data", async () => {
    await createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });
    const data = await load("");
    expect(data.report.current).toMatchObject({ requested: 0, approvalRate: null, medianDecisionSeconds: null, aiResolutionRate: null, refundValue: "0.00" });
    expect(data.report.topProducts).toEqual([]);
  });
});
