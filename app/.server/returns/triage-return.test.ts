import { beforeEach, describe, expect, it } from "vitest";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { seedDemoShop } from "../demo/seed-demo-shop";
import { createReturn } from "./create-return.server";
import { lookupOrder } from "./lookup-order.server";
import { triageReturn } from "./triage-return.server";
import { resetLookupLimiters } from "./lookup-limiter.server";
import { shopperContext } from "../../../tests/support/contexts";

setupTestDatabase();

const DAY = 24 * 3600 * 1000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
const order = (n: number, email: string, price: string, daysAgo = 6) => ({
  id: String(8000 + n), name: `#${3000 + n}`, email, currency: "USD", processedAt: iso(daysAgo + 3), deliveredAt: iso(daysAgo),
  lineItems: [{ id: `I${n}`, title: "Wool Coat", quantity: 1, unitPrice: price, productType: "Coats", tags: [] }],
});

beforeEach(async () => {
  await clearDatabase();
  resetLookupLimiters();
});

async function requestReturn(shopDomain: string, orderNumber: string, email: string, reason: "changed_mind" | "not_as_described" = "changed_mind", address = "203.0.113.20") {
  const shop = await db().shop.findFirstOrThrow({ where: { domain: shopDomain } });
  const found = await lookupOrder(shopperContext(shop, address), { orderNumber, email });
  const line = found.order.lineItems[0]!;
  return createReturn(shopperContext(shop, address), { lookupToken: found.lookupToken, items: [{ lineItemId: line.id, quantity: 1, reason }], resolution: "refund" });
}

describe("returns.triage", () => {
  it("gives a review the rules' recommendation when no model is configured, and derives the risk profile", async () => {
    await seedDemoShop(db(), { domain: "triage.myshopify.com", orders: [order(1, "pat@example.com", "320.00")] });
    const created = await requestReturn("triage.myshopify.com", "3001", "pat@example.com");
    expect(created.view.status).toBe("pending_triage");
    expect(created.view.decision.reasons.map((r) => r.code)).toContain("order_value_over_limit");

    await triageReturn(db(), created.view.id);
    const row = await db().returnRequest.findUniqueOrThrow({ where: { id: created.view.id } });
    expect(row.status).toBe("pending_review");
    expect(row.aiRecommendation).toMatchObject({ source: "rules", action: expect.stringMatching(/^(approve|deny|request_info)$/) });
    const profile = await db().customerRiskProfile.findUniqueOrThrow({ where: { shopId_email: { shopId: row.shopId, email: "pat@example.com" } } });
    expect(profile).toMatchObject({ returnCount: 1, deniedCount: 0 });
    const audit = await db().auditLog.findMany({ where: { entityId: row.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["created", "queued_for_review", "triaged"]);

    // Triage again (a repeated job): nothing doubles.
    await triageReturn(db(), created.view.id);
    expect((await db().customerRiskProfile.findFirstOrThrow()).returnCount).toBe(1);
  });

  it("raises one security event for a high-risk return, however often triage runs", async () => {
    // One shopper, many orders, many recent returns from one address under several emails.
    const orders = Array.from({ length: 8 }, (_, i) => order(10 + i, i < 6 ? "risky@example.com" : `alias${i}@example.com`, "180.00", 4));
    await seedDemoShop(db(), { domain: "risk.myshopify.com", orders });
    let last;
    for (let i = 0; i < 8; i++) {
      last = await requestReturn("risk.myshopify.com", String(3010 + i), orders[i]!.email, "not_as_described", "198.51.100.66").catch((error: unknown) => error);
    }
    const risky = await db().returnRequest.findFirstOrThrow({ where: { riskScore: { gte: 0.7 } }, orderBy: { riskScore: "desc" } });
    expect(last).toBeDefined();
    await triageReturn(db(), risky.id);
    await triageReturn(db(), risky.id);
    const events = await db().securityEvent.findMany({ where: { returnId: risky.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "high_risk_return", customerEmail: risky.customerEmail });
    expect(["high", "critical"]).toContain(events[0]!.severity);
  });
});
