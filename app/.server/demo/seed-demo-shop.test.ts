import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { DEFAULT_POLICY_RULES } from "../policies/default-policy";
import { demoOrderSnapshot, engineRecord, type RulesRecord } from "../../../tests/support/demo-engine-agreement";
import type { Recommendation, RiskFactor } from "../returns/types";
import { DEMO_SHOPPER_PHONE, parseDemoOrders, type DemoLineItemInput, type DemoOrderInput } from "./demo-orders";
import { getDemoStorefront } from "./get-demo-storefront.server";
import { demoDecisionInput, generateDemoData } from "./generate-demo-data";
import { importDemoOrders } from "./import-demo-orders";
import { seedDemoShop } from "./seed-demo-shop";

setupTestDatabase();

const now = new Date("2026-11-22T12:00:00.000Z");

function twoOrders(): DemoOrderInput[] {
  return parseDemoOrders([
    {
      id: "7001",
      name: "2001",
      email: "  Sam.Lee@Example.com ",
      currency: "USD",
      processedAt: "2026-11-01T10:00:00Z",
      deliveredAt: "2026-11-04T10:00:00Z",
      lineItems: [
        { id: "8001", title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: ["summer"] },
        { id: "8002", title: "Wool Beanie", quantity: 1, unitPrice: "28.5" },
      ],
    },
    {
      id: "7002",
      name: "#2002",
      email: "robin@example.net",
      currency: "USD",
      processedAt: "2026-11-10T09:30:00Z",
      lineItems: [{ id: "8003", title: "Dokani Gift Card", quantity: 1, unitPrice: "50.00", productType: "Gift Card" }],
    },
  ]);
}

describe("seedDemoShop", () => {
  // How long seeding takes is the bench's figure (the demo's first start), not this test's.
  it("seeds the whole demo shop once and does nothing the second time", async () => {
    const seeded = await seedDemoShop(db(), { now });

    expect(seeded.created).toBe(true);
    const where = { shopId: seeded.shopId };
    const shop = await db().shop.findUniqueOrThrow({ where: { id: seeded.shopId } });
    expect(shop).toMatchObject({ platform: "demo", domain: "dokani-demo.myshopify.com", name: "Dokani Demo Outfitters", currency: "USD" });

    const policy = await db().policy.findFirstOrThrow({ where });
    expect(policy).toMatchObject({ version: 1, status: "active" });
    expect(policy.rules).toEqual(DEFAULT_POLICY_RULES);
    expect(policy.activatedAt).not.toBeNull();

    const counts = {
      orders: await db().demoOrder.count({ where }),
      returns: await db().returnRequest.count({ where }),
      returnItems: await db().returnItem.count({ where: { returnRequest: where } }),
      riskProfiles: await db().customerRiskProfile.count({ where }),
      conversations: await db().conversation.count({ where }),
      messages: await db().message.count({ where }),
      articles: await db().knowledgeArticle.count({ where }),
      knowledgeChunks: await db().knowledgeChunk.count({ where }),
      returnAuditEntries: await db().auditLog.count({ where: { ...where, entityType: "return" } }),
    };
    expect(counts.orders).toBeGreaterThanOrEqual(200);
    expect(counts.returns).toBeGreaterThanOrEqual(70);
    expect(counts.conversations).toBe(6);
    expect(counts.articles).toBeGreaterThanOrEqual(16);
    expect(counts.knowledgeChunks).toBeGreaterThan(counts.articles);
    expect(counts.riskProfiles).toBeGreaterThan(0);
    expect(seeded.counts).toMatchObject(counts);

    const statuses = await db().returnRequest.groupBy({ by: ["status"], where, _count: true });
    // Every status but pending_triage: the demo seeds its returns triaged, as the app leaves them within seconds.
    expect(statuses.map((s) => s.status).sort()).toEqual(["approved", "cancelled", "completed", "denied", "pending_review"]);
    for (const status of statuses) expect(status._count).toBeGreaterThanOrEqual(5);
    expect(await db().returnRequest.count({ where: { ...where, conversationId: { not: null } } })).toBe(1);

    // What the database holds is exactly what the generator made.
    const expected = generateDemoData({ now }).returns.map((r) => ({
      orderName: r.orderName,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
      decidedAt: r.decidedAt?.toISOString() ?? null,
      refundEstimate: r.refundEstimate,
      riskScore: r.riskScore,
      decisionReasons: r.decisionReasons,
      items: r.items.map((item) => [item.lineItemId, item.quantity, item.unitPrice, item.reason, item.tags]),
    }));
    const stored = await db().returnRequest.findMany({ where, include: { items: true }, orderBy: [{ createdAt: "asc" }, { orderName: "asc" }] });
    expect(
      stored.map((r) => ({
        orderName: r.orderName,
        status: r.status,
        createdAt: r.createdAt.toISOString(),
        decidedAt: r.decidedAt?.toISOString() ?? null,
        refundEstimate: r.refundEstimate.toFixed(2),
        riskScore: r.riskScore?.toFixed(3) ?? null,
        decisionReasons: r.decisionReasons,
        items: r.items
          .sort((a, b) => Number(a.lineItemId) - Number(b.lineItemId))
          .map((item) => [item.lineItemId, item.quantity, item.unitPrice.toFixed(2), item.reason, item.tags]),
      })),
    ).toEqual(expected.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.orderName.localeCompare(b.orderName)));
    const chunks = await db().knowledgeChunk.findMany({ where: { article: { ...where, sourceRef: "return-policy" } }, orderBy: { position: "asc" } });
    expect(chunks.map((c) => c.position)).toEqual(chunks.map((_, index) => index));
    expect(chunks.map((c) => c.heading)).toContain("Return windows");

    const order = await db().demoOrder.findFirstOrThrow({ where: { ...where, name: "#1001" } });
    expect(order.platformOrderId).toBe("5001");
    expect(Array.isArray(order.lineItems)).toBe(true);

    const again = await seedDemoShop(db(), { now });
    expect(again).toEqual({ shopId: seeded.shopId, created: false, counts: {} });
    expect(await db().demoOrder.count({ where })).toBe(counts.orders);
    expect(await db().returnRequest.count({ where })).toBe(counts.returns);
  });

  it("stores for every seeded return the decision the engine gives for its inputs, as read back from the database", async () => {
    const seeded = await seedDemoShop(db(), { domain: "engine-demo.myshopify.com", now });
    const where = { shopId: seeded.shopId };
    const orderRows = await db().demoOrder.findMany({ where });
    const rows = await db().returnRequest.findMany({ where, include: { items: true } });
    const rulesEntries = await db().auditLog.findMany({ where: { ...where, entityType: "return", action: "decided", actorType: "rules" } });
    const orders = orderRows.map((o) => ({ ...o, processedAt: o.processedAt.toISOString(), lineItems: o.lineItems as DemoLineItemInput[] }));
    const returns = rows.map((r) => ({ ...r, items: r.items.map((item) => ({ ...item, unitPrice: item.unitPrice.toFixed(2) })) }));

    expect(rows.length).toBeGreaterThanOrEqual(70);
    for (const row of returns) {
      const order = orderRows.find((o) => o.platformOrderId === row.platformOrderId)!;
      const snapshot = demoOrderSnapshot({ ...order, totalPrice: order.totalPrice.toFixed(2), lineItems: order.lineItems as DemoLineItemInput[] });
      const input = demoDecisionInput({ orders, returns }, row, snapshot);
      const common = { riskScore: row.riskScore?.toFixed(3) ?? null, riskFactors: row.riskFactors as RiskFactor[], aiRecommendation: row.aiRecommendation as Recommendation | null };
      const entry = rulesEntries.find((e) => e.entityId === row.id);
      const stored: RulesRecord =
        row.decidedBy === "rules" || row.status === "pending_triage"
          ? { outcome: row.decisionOutcome, reasons: row.decisionReasons as RulesRecord["reasons"], explanation: row.decisionExplanation ?? "", ...common }
          : { outcome: String((entry?.data as { outcome?: string }).outcome), reasons: (entry?.data as { reasons: RulesRecord["reasons"] }).reasons, explanation: entry?.message ?? "", ...common };
      expect(stored, row.orderName).toEqual(engineRecord(input, row.status === "pending_triage"));
    }
  });

  it("with given orders, stores exactly those and invents no returns, chats or risk profiles", async () => {
    const seeded = await seedDemoShop(db(), { domain: "custom-demo.myshopify.com", now, orders: twoOrders() });
    const where = { shopId: seeded.shopId };

    const orders = await db().demoOrder.findMany({ where, orderBy: { name: "asc" } });
    expect(orders.map((o) => [o.platformOrderId, o.name, o.email, o.totalPrice.toFixed(2)])).toEqual([
      ["7001", "#2001", "sam.lee@example.com", "126.50"],
      ["7002", "#2002", "robin@example.net", "50.00"],
    ]);
    expect(orders[0]?.lineItems).toEqual([
      { id: "8001", title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: ["summer"] },
      { id: "8002", title: "Wool Beanie", variantTitle: null, sku: null, quantity: 1, unitPrice: "28.50", productType: null, tags: [] },
    ]);
    expect(orders[1]?.deliveredAt).toBeNull();

    expect(await db().returnRequest.count({ where })).toBe(0);
    expect(await db().conversation.count({ where })).toBe(0);
    expect(await db().customerRiskProfile.count({ where })).toBe(0);
    expect(await db().policy.count({ where: { ...where, status: "active" } })).toBe(1);
    expect(await db().knowledgeArticle.count({ where })).toBeGreaterThanOrEqual(16);
    expect(seeded.counts.orders).toBe(2);
    // A file's orders keep their own phones: none here, so the phone simulator's number is on none of them.
    expect(orders.map((o) => o.phone)).toEqual([null, null]);
  });

  it("gives the generated store's sample order the phone simulator's number, and the storefront suggests that order", async () => {
    const seeded = await seedDemoShop(db(), { domain: "phone-demo.myshopify.com", now: new Date() });
    const carrying = await db().demoOrder.findMany({ where: { shopId: seeded.shopId, phone: DEMO_SHOPPER_PHONE } });
    expect(carrying).toHaveLength(1);
    expect(carrying[0]!.deliveredAt).not.toBeNull();
    const storefront = await getDemoStorefront(db(), seeded.shopId);
    expect(storefront.sampleOrder).toEqual({ name: carrying[0]!.name, email: carrying[0]!.email, phone: DEMO_SHOPPER_PHONE });
  });
});

describe("parseDemoOrders", () => {
  it("rejects a float unit price and names the field", () => {
    const orders = [
      {
        id: "1",
        name: "#1",
        email: "a@example.com",
        currency: "USD",
        processedAt: "2026-11-01T10:00:00Z",
        lineItems: [{ id: "9", title: "Tee", quantity: 1, unitPrice: 49.5 }],
      },
    ];
    expect(() => parseDemoOrders(orders)).toThrow(/\[0\]\.lineItems\[0\]\.unitPrice: must be a decimal string such as "49\.00"/);
    expect(() => parseDemoOrders(orders)).toThrow(/^orders\[0\]/);
  });

  it("rejects other bad fields and repeated ids", () => {
    const good = twoOrders();
    expect(() => parseDemoOrders([{ ...good[0], currency: "usd" }])).toThrow(/^orders\[0\]\.currency:/);
    expect(() => parseDemoOrders([{ ...good[0], processedAt: "yesterday" }])).toThrow(/^orders\[0\]\.processedAt:/);
    expect(() => parseDemoOrders([good[0], { ...good[1], id: "7001" }])).toThrow(/^orders\[1\]\.id: repeats the id of orders\[0\]/);
    expect(() => parseDemoOrders({ orders: [] })).toThrow(/^orders: must be an array of orders/);
  });
});

describe("importDemoOrders", () => {
  it("creates once, then changes nothing on a repeat, and updates only what changed", async () => {
    const shop = await db().shop.create({ data: { platform: "demo", domain: "import-demo.myshopify.com", name: "Import" } });
    const orders = twoOrders();

    expect(await importDemoOrders(db(), shop.id, orders)).toEqual({ created: 2, updated: 0 });
    expect(await importDemoOrders(db(), shop.id, orders)).toEqual({ created: 0, updated: 0 });

    const edited = orders.map((order) =>
      order.id === "7002" ? { ...order, deliveredAt: "2026-11-13T15:00:00Z", lineItems: [{ ...order.lineItems[0]!, quantity: 2 }] } : order,
    );
    const added = { ...orders[1]!, id: "7003", name: "#2003" };
    expect(await importDemoOrders(db(), shop.id, [...edited, added])).toEqual({ created: 1, updated: 1 });

    const updated = await db().demoOrder.findUniqueOrThrow({
      where: { shopId_platformOrderId: { shopId: shop.id, platformOrderId: "7002" } },
    });
    expect(updated.totalPrice.toFixed(2)).toBe("100.00");
    expect(updated.deliveredAt?.toISOString()).toBe("2026-11-13T15:00:00.000Z");
    expect(await importDemoOrders(db(), shop.id, [...edited, added])).toEqual({ created: 0, updated: 0 });
    // A phone added to the file updates the order, in E.164.
    const withPhone = [...edited.map((order) => (order.id === "7002" ? { ...order, phone: "+14155550123" } : order)), added];
    expect(await importDemoOrders(db(), shop.id, withPhone)).toEqual({ created: 0, updated: 1 });
    expect((await db().demoOrder.findUniqueOrThrow({ where: { shopId_platformOrderId: { shopId: shop.id, platformOrderId: "7002" } } })).phone).toBe("+14155550123");
  });

  it("refuses an order whose name another order already has", async () => {
    const shop = await db().shop.create({ data: { platform: "demo", domain: "clash-demo.myshopify.com", name: "Clash" } });
    const [first] = twoOrders();
    await importDemoOrders(db(), shop.id, [first!]);
    await expect(importDemoOrders(db(), shop.id, [{ ...first!, id: "9999" }])).rejects.toThrow(/#2001/);
    expect(await db().demoOrder.count({ where: { shopId: shop.id } })).toBe(1);
  });
});
