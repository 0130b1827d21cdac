import { beforeEach, describe, expect, it } from "vitest";
import { clearDatabase, setupTestDatabase } from "../../../../tests/support/test-database";
import { db, type Shop } from "../../db.server";
import { seedDemoShop } from "../../demo/seed-demo-shop";
import { resetLookupLimiters } from "../../returns/lookup-limiter.server";
import { TOOLS } from "./index";
import { runToolCall } from "./run-tool-call";
import type { ToolContext, VerifiedOrder } from "./tool";
import { shopperContext } from "../../../../tests/support/contexts";

setupTestDatabase();

const DAY = 24 * 3600 * 1000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
const ORDERS = [
  {
    id: "7001", name: "#1001", email: "alex@example.com", currency: "USD", processedAt: iso(8), deliveredAt: iso(5),
    lineItems: [{ id: "L1", title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: ["summer"] }],
  },
];

let shop: Shop;
beforeEach(async () => {
  await clearDatabase();
  resetLookupLimiters();
  const { shopId } = await seedDemoShop(db(), { domain: "tools-test.myshopify.com", orders: ORDERS });
  shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
});

describe("the assistant's tools outside a chat", () => {
  it("is one table of named tools with a description and an argument schema each", () => {
    expect(TOOLS.map((t) => t.name)).toEqual(["search_knowledge_base", "lookup_order", "get_return_status", "check_return_eligibility", "list_exchange_options", "start_return", "hand_off_to_human"]);
    for (const tool of TOOLS) expect(tool.description.length).toBeGreaterThan(20);
  });

  it("proves an order with a bare context (no conversation, no chat metadata) and hands the proof to the caller", async () => {
    const kept: Array<VerifiedOrder | undefined> = [];
    const ctx: ToolContext = { ...shopperContext(shop, "203.0.113.9"), customerTexts: ["my order is #1001, email alex@example.com"], rememberVerifiedOrder: async (order) => void kept.push(order) };
    const refused = await runToolCall(ctx, "check_return_eligibility", "{}");
    expect(refused.outcome).toMatchObject({ ok: false, result: { error: "not_verified" } });

    const lookup = await runToolCall(ctx, "lookup_order", JSON.stringify({ orderNumber: "#1001", email: "alex@example.com" }));
    expect(lookup.outcome).toMatchObject({ ok: true, summary: "verified #1001" });
    expect(ctx.verifiedOrder).toMatchObject({ orderId: "7001", orderName: "#1001", email: "alex@example.com" });
    expect(kept).toEqual([ctx.verifiedOrder]);

    const eligibility = await runToolCall(ctx, "check_return_eligibility", "{}");
    expect(eligibility.outcome).toMatchObject({ ok: true, result: { order: "#1001", items: [{ lineItemId: "L1", returnable: true }] } });
  });

  it("refuses proof the shopper did not give, and arguments its schema does not accept", async () => {
    const ctx: ToolContext = { ...shopperContext(shop, "203.0.113.9"), customerTexts: ["where is my order?"] };
    expect((await runToolCall(ctx, "lookup_order", JSON.stringify({ orderNumber: "#1001", email: "alex@example.com" }))).outcome.result.error).toBe("proof_required");
    expect((await runToolCall(ctx, "start_return", JSON.stringify({ items: [] }))).outcome.result.error).toBe("invalid_arguments");
    expect((await runToolCall(ctx, "approve_everything", "{}")).outcome.result.error).toBe("unknown_tool");
  });
});
