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
    id: "7001", name: "#1001", email: "alex@example.com", phone: "+44 7700 900123", currency: "USD", processedAt: iso(8), deliveredAt: iso(5),
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

describe("an order proved by the sender's WhatsApp number", () => {
  const SENDER = "+447700900123";
  const whatsApp = (texts: string[], senderPhone: string | null = SENDER): ToolContext => ({ ...shopperContext(shop, `whatsapp:${senderPhone ?? "web"}`), customerTexts: texts, ...(senderPhone ? { senderPhone } : {}) });

  it("reveals the order when the sender's number is the order's, with the order number alone", async () => {
    const ctx = whatsApp(["where is my order #1001?"]);
    const lookup = await runToolCall(ctx, "lookup_order", JSON.stringify({ orderNumber: "#1001" }));
    expect(lookup.outcome).toMatchObject({ ok: true, summary: "verified #1001", result: { order: { name: "#1001", items: [{ title: "Linen Shirt" }] } } });
    expect(ctx.verifiedOrder).toMatchObject({ orderId: "7001", orderName: "#1001", email: "alex@example.com", phone: SENDER });
    const eligibility = await runToolCall(ctx, "check_return_eligibility", "{}");
    expect(eligibility.outcome).toMatchObject({ ok: true, result: { order: "#1001", items: [{ lineItemId: "L1", returnable: true }] } });
  });

  it("reveals nothing for another number, and answers a missing order the same way: the email is needed", async () => {
    const ctx = whatsApp(["where is my order #1001? and #9999"], "+447700900999");
    const other = await runToolCall(ctx, "lookup_order", JSON.stringify({ orderNumber: "#1001" }));
    const missing = await runToolCall(ctx, "lookup_order", JSON.stringify({ orderNumber: "#9999" }));
    expect(other.outcome).toMatchObject({ ok: false, result: { error: "email_required" } });
    expect(missing.outcome.result).toEqual(other.outcome.result);
    expect(JSON.stringify(other.outcome)).not.toMatch(/Linen|7001|alex@/);
    expect(ctx.verifiedOrder).toBeUndefined();
    expect((await runToolCall(ctx, "check_return_eligibility", "{}")).outcome.result.error).toBe("not_verified");
    // With the email the shopper wrote, the order is proved as anywhere else.
    ctx.customerTexts.push("it's alex@example.com");
    expect((await runToolCall(ctx, "lookup_order", JSON.stringify({ orderNumber: "#1001", email: "alex@example.com" }))).outcome).toMatchObject({ ok: true });
    expect(ctx.verifiedOrder).toMatchObject({ orderId: "7001", email: "alex@example.com" });
    expect(ctx.verifiedOrder?.phone).toBeUndefined();
  });

  it("asks for the email when there is neither an email nor a proved number, and never looks up a number the shopper did not write", async () => {
    const chat = whatsApp(["where is my order #1001?"], null);
    expect((await runToolCall(chat, "lookup_order", JSON.stringify({ orderNumber: "#1001" }))).outcome).toMatchObject({ ok: false, result: { error: "proof_required", message: expect.stringMatching(/email/) } });
    const unwritten = whatsApp(["where is my order?"]);
    expect((await runToolCall(unwritten, "lookup_order", JSON.stringify({ orderNumber: "#1001" }))).outcome.result.error).toBe("proof_required");
    expect(chat.verifiedOrder).toBeUndefined();
    expect(unwritten.verifiedOrder).toBeUndefined();
  });

  it("never proves another shop's order, even one with the same number and phone", async () => {
    const { shopId } = await seedDemoShop(db(), { domain: "tools-other.myshopify.com", orders: [{ ...ORDERS[0]!, id: "8001", email: "other@example.com", phone: "+44 7700 900555" }] });
    const otherShop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
    const ctx: ToolContext = { ...shopperContext(otherShop, "whatsapp:+447700900123"), customerTexts: ["order #1001"], senderPhone: SENDER };
    expect((await runToolCall(ctx, "lookup_order", JSON.stringify({ orderNumber: "#1001" }))).outcome.result.error).toBe("email_required");
    // And an order proved in one shop is not looked up for a sender who no longer writes from its number.
    const proved = whatsApp(["order #1001"]);
    await runToolCall(proved, "lookup_order", JSON.stringify({ orderNumber: "#1001" }));
    const elsewhere: ToolContext = { ...proved, senderPhone: "+447700900999" };
    expect((await runToolCall(elsewhere, "check_return_eligibility", "{}")).outcome.result.error).toBe("not_verified");
  });
});
