import { describe, expect, it } from "vitest";
import { demoOrderSnapshot, engineRecord, type RulesRecord } from "../../../tests/support/demo-engine-agreement";
import { parseDemoOrders } from "./demo-orders";
import { DECISION_REASON_CODES, demoDecisionInput, generateDemoData, type DemoReturn } from "./generate-demo-data";

const now = new Date("2026-11-22T12:00:00.000Z");
const DAY = 86_400_000;
const MONEY = /^\d+\.\d{2}$/;
const data = generateDemoData({ now, seed: 7 });

describe("generateDemoData", () => {
  it("gives identical output for the same seed and time, and different output for another seed", () => {
    expect(generateDemoData({ now, seed: 7 })).toEqual(data);
    expect(generateDemoData({ now, seed: 8 }).orders).not.toEqual(data.orders);
  });

  it("spreads at least 200 valid orders over the 120 days before now", () => {
    expect(data.orders.length).toBeGreaterThanOrEqual(200);
    expect(() => parseDemoOrders(data.orders)).not.toThrow();
    for (const order of data.orders) {
      const placed = Date.parse(order.processedAt);
      expect(placed).toBeGreaterThanOrEqual(now.getTime() - 120 * DAY);
      expect(placed).toBeLessThanOrEqual(now.getTime());
      if (order.deliveredAt) expect(Date.parse(order.deliveredAt)).toBeGreaterThan(placed);
      expect(order.lineItems.length).toBeGreaterThanOrEqual(1);
      expect(order.lineItems.length).toBeLessThanOrEqual(4);
    }
    expect(data.orders.filter((o) => !o.deliveredAt).length).toBeGreaterThan(0);
    expect(data.orders[0]?.name).toBe("#1001");
    expect(data.orders[0]?.id).toBe("5001");
    const lineIds = data.orders.flatMap((o) => o.lineItems.map((l) => l.id));
    expect(new Set(lineIds).size).toBe(lineIds.length);
    const customers = new Set(data.orders.map((o) => o.email));
    expect(customers.size).toBeGreaterThanOrEqual(70);
    for (const email of customers) expect(email).toMatch(/@example\.(com|net)$/);
  });

  it("has a varied catalog with swimwear, final-sale and gift cards that shoppers actually bought", () => {
    const types = new Set(data.catalog.map((p) => p.productType));
    for (const type of ["Shirts", "Dresses", "Jeans", "Shoes", "Swimwear", "Accessories", "Gift Card"]) {
      expect(types).toContain(type);
    }
    expect(data.catalog.length).toBeGreaterThanOrEqual(28);
    const lines = data.orders.flatMap((o) => o.lineItems);
    expect(lines.some((l) => l.productType === "Swimwear")).toBe(true);
    expect(lines.some((l) => l.tags?.includes("final-sale"))).toBe(true);
    expect(lines.some((l) => l.productType === "Gift Card")).toBe(true);
  });

  it("covers every status a triaged return can have at least five times, and leaves none waiting for triage", () => {
    expect(data.returns.length).toBeGreaterThanOrEqual(70);
    for (const status of ["pending_review", "approved", "denied", "completed", "cancelled"]) {
      expect(data.returns.filter((r) => r.status === status).length, status).toBeGreaterThanOrEqual(5);
    }
    expect(data.returns.filter((r) => r.status === "pending_triage" || r.decisionOutcome === "pending")).toEqual([]);
    for (const r of data.returns.filter((x) => x.status === "pending_review")) expect(r.aiRecommendation, r.key).not.toBeNull();
  });

  it("keeps every return consistent with its order and with policy version 1", () => {
    const orders = new Map(data.orders.map((o) => [o.id, o]));
    for (const r of data.returns) {
      const order = orders.get(r.platformOrderId);
      expect(order, r.key).toBeDefined();
      if (!order) continue;
      expect(r.orderName).toBe(order.name);
      expect(r.customerEmail).toBe(order.email);
      expect(order.deliveredAt).toBeTruthy();
      expect(r.createdAt.getTime()).toBeGreaterThan(Date.parse(order.deliveredAt ?? ""));
      expect(r.createdAt.getTime()).toBeLessThan(now.getTime());
      for (const item of r.items) {
        const line = order.lineItems.find((l) => l.id === item.lineItemId);
        expect(line, `${r.key} ${item.lineItemId}`).toBeDefined();
        expect(item.quantity).toBeGreaterThan(0);
        expect(item.quantity).toBeLessThanOrEqual(line?.quantity ?? 0);
        expect(item.unitPrice).toBe(line?.unitPrice);
      }
      for (const value of [r.orderTotal, r.refundEstimate, r.restockingFee, r.storeCreditBonus]) {
        expect(value).toMatch(MONEY);
      }
      for (const reason of r.decisionReasons) expect(DECISION_REASON_CODES).toContain(reason.code);

      const codes = r.decisionReasons.map((reason) => reason.code);
      const finalSale = r.items.some((item) => item.tags.includes("final-sale"));
      const giftCard = r.items.some((item) => item.productType === "Gift Card");
      if ((finalSale || giftCard) && r.status !== "pending_triage") expect(r.status).toBe("denied");
      if (finalSale && r.decidedBy === "rules") expect(codes).toContain("non_returnable_tag");
      if (giftCard) expect(codes).toContain("non_returnable_product_type");
      if (r.status === "denied" && r.decidedBy === "rules") expect(codes.length).toBeGreaterThan(0);

      if (r.status === "pending_triage") {
        expect(r.decisionOutcome).toBe("pending");
        expect(r.decidedAt).toBeNull();
      } else {
        expect(r.decidedAt).not.toBeNull();
        expect(r.decidedBy === "rules" || r.decidedBy === "merchant:demo").toBe(true);
        expect(Number(r.riskScore)).toBeGreaterThanOrEqual(0);
        expect(Number(r.riskScore)).toBeLessThanOrEqual(1);
        // The factors explain the whole score (the engine lists none for a request with no risk).
        const explained = Math.min(1000, r.riskFactors.reduce((sum, f) => sum + Math.round(f.contribution * 1000), 0));
        expect(explained / 1000).toBe(Number(r.riskScore));
      }
      if (r.status === "pending_review") {
        expect(r.aiRecommendation?.source).toBe("rules");
        expect(["approve", "deny", "request_info"]).toContain(r.aiRecommendation?.action);
      }
      if (r.status === "completed") {
        expect(r.refundedAmount).toMatch(MONEY);
        expect(r.completedAt).not.toBeNull();
        expect(r.completedAt?.getTime()).toBeLessThan(now.getTime());
      }
      if (r.status === "cancelled") expect(r.cancelledAt).not.toBeNull();
      if (r.resolution === "store_credit" && r.status !== "denied") expect(Number(r.storeCreditBonus)).toBeGreaterThan(0);
      expect(r.timeline[0]?.action).toBe("created");
      expect(r.timeline[0]?.actorType).toBe("shopper");
    }
  });

  it("denies swimwear after 14 days even though most items have 30", () => {
    const swim = data.returns.filter((r) => r.items.some((item) => item.productType === "Swimwear") && r.status === "denied");
    expect(swim.length).toBeGreaterThan(0);
    for (const r of swim) {
      const days = Math.floor((r.createdAt.getTime() - (r.orderDeliveredAt?.getTime() ?? 0)) / DAY);
      expect(days).toBeGreaterThan(14);
      expect(r.decisionReasons.map((reason) => reason.code)).toContain("outside_window");
    }
  });

  it("shows serial returners with high risk and the customer limit", () => {
    const serial = data.riskProfiles.filter((p) => p.flags.includes("serial_returner"));
    expect(serial.length).toBeGreaterThanOrEqual(2);
    for (const profile of serial) expect(Number(profile.riskScore)).toBeGreaterThan(0.4);
    const codes = data.returns.flatMap((r) => r.decisionReasons.map((reason) => reason.code));
    expect(codes).toContain("customer_limit_reached");
    expect(codes).toContain("risk_over_limit");
  });

  it("writes chats and a help centre the demo can show", () => {
    expect(data.conversations).toHaveLength(6);
    for (const c of data.conversations) {
      expect(c.messages.length).toBeGreaterThanOrEqual(3);
      expect(c.messages.length).toBeLessThanOrEqual(8);
    }
    expect(data.conversations.some((c) => !c.aiActive && c.assigneeName)).toBe(true);
    expect(data.conversations.some((c) => c.status === "closed" && c.satisfaction === 5 && c.resolvedByAi)).toBe(true);
    expect(data.returns.filter((r) => r.conversationKey).length).toBe(1);
    expect(new Set(data.conversations.map((c) => c.status))).toEqual(new Set(["open", "pending", "snoozed", "closed"]));
    expect(data.articles.filter((a) => a.status === "published").length).toBeGreaterThanOrEqual(16);
    expect(data.articles.some((a) => a.status === "draft")).toBe(true);
  });

  it("decides every return with the real engine: stored decision, reasons, risk and recommendation are what it gives for the return's inputs", () => {
    const orders = new Map(data.orders.map((o) => [o.id, o]));
    let byMerchant = 0;
    for (const r of data.returns) {
      const order = orders.get(r.platformOrderId)!;
      const snapshot = demoOrderSnapshot({
        ...order,
        platformOrderId: order.id,
        totalPrice: r.orderTotal,
        processedAt: new Date(order.processedAt),
        deliveredAt: order.deliveredAt ? new Date(order.deliveredAt) : null,
        lineItems: order.lineItems.map((line) => ({ ...line, tags: line.tags ?? [] })),
      });
      const input = demoDecisionInput(data, r, snapshot);
      expect(rulesRecordOf(r), r.key).toEqual(engineRecord(input, r.status === "pending_triage"));
      if (r.decidedBy !== "rules" && r.status !== "pending_triage") byMerchant++;
    }
    expect(byMerchant).toBeGreaterThan(0);
  });
});

/** What the rules wrote for a generated return: its own columns, or the rules' timeline entry when a merchant decided after review. */
function rulesRecordOf(r: DemoReturn): RulesRecord {
  const common = { riskScore: r.riskScore, riskFactors: r.riskFactors, aiRecommendation: r.aiRecommendation };
  if (r.decidedBy === "rules" || r.status === "pending_triage") {
    return { outcome: r.decisionOutcome, reasons: r.decisionReasons, explanation: r.decisionExplanation, ...common };
  }
  const entry = r.timeline.find((e) => e.action === "decided" && e.actorType === "rules")!;
  return { outcome: String(entry.data.outcome), reasons: entry.data.reasons as RulesRecord["reasons"], explanation: entry.message, ...common };
}
