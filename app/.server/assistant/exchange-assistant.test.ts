import { beforeEach, describe, expect, it } from "vitest";
import { shopperContext } from "../../../tests/support/contexts";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { resetChatLimiters } from "../channels/web-chat/chat-limiter.server";
import { startChatSession } from "../channels/web-chat/start-chat-session.server";
import { webChatChannel } from "../channels/web-chat/web-chat-channel.server";
import { receiveMessage } from "../conversations/receive-message.server";
import { db, type Shop } from "../db.server";
import { seedDemoShop } from "../demo/seed-demo-shop";
import { resetLookupLimiters } from "../returns/lookup-limiter.server";
import { SHOPPER_ACTOR } from "../shops/shop-context";
import { runToolCall } from "./tools/run-tool-call";
import type { ToolContext } from "./tools/tool";

setupTestDatabase();

const DAY = 24 * 3600 * 1000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
const ORDERS = [
  {
    id: "7001", name: "#1001", email: "alex@example.com", currency: "USD", processedAt: iso(8), deliveredAt: iso(5),
    lineItems: [{ id: "L1", title: "Linen Shirt", variantTitle: "M / White", sku: "LS-WHI-M", quantity: 1, unitPrice: "49.00", productType: "Shirts", productId: "linen-shirt", variantId: "LS-WHI-M" }],
  },
  {
    id: "7002", name: "#1002", email: "kim@example.com", currency: "USD", processedAt: iso(8), deliveredAt: iso(5),
    lineItems: [{ id: "L2", title: "Organic Cotton Tee", variantTitle: "S / Black", sku: "OCT-BLA-S", quantity: 1, unitPrice: "24.00", productType: "Shirts", productId: "organic-cotton-tee", variantId: "OCT-BLA-S" }],
  },
];
const PRODUCTS = [
  {
    id: "linen-shirt", title: "Linen Shirt", productType: "Shirts",
    variants: [
      { id: "LS-WHI-M", title: "M / White", sku: "LS-WHI-M", price: "49.00", inventory: 3 },
      { id: "LS-WHI-L", title: "L / White", sku: "LS-WHI-L", price: "49.00", inventory: 2 },
      { id: "LS-WHI-XL", title: "XL / White", sku: "LS-WHI-XL", price: "49.00", inventory: 0 },
    ],
  },
  { id: "organic-cotton-tee", title: "Organic Cotton Tee", variants: [{ id: "OCT-BLA-S", title: "S / Black", sku: "OCT-BLA-S", price: "24.00", inventory: 1 }, { id: "OCT-BLA-M", title: "M / Black", sku: "OCT-BLA-M", price: "24.00", inventory: 0 }] },
];

let shop: Shop;
beforeEach(async () => {
  await clearDatabase();
  resetLookupLimiters();
  resetChatLimiters();
  const { shopId } = await seedDemoShop(db(), { domain: "exchange-assistant.myshopify.com", orders: ORDERS, products: PRODUCTS });
  shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
});

async function provedContext(orderName: string, email: string): Promise<ToolContext> {
  const ctx: ToolContext = { ...shopperContext(shop, "203.0.113.9"), customerTexts: [`order ${orderName}, ${email}`] };
  expect((await runToolCall(ctx, "lookup_order", JSON.stringify({ orderNumber: orderName, email }))).outcome.ok).toBe(true);
  return ctx;
}

/** A chat without a model: each message through the chat's own path, the replies' text back. */
async function chat(messages: string[]) {
  const started = await startChatSession({ shop, actor: SHOPPER_ACTOR, clientAddress: "203.0.113.20" }, { locale: "en" });
  const replies: string[] = [];
  for (const text of messages) {
    const conversation = await db().conversation.findUniqueOrThrow({ where: { id: started.session.id } });
    const inbound = webChatChannel.parseInbound({ body: { text }, conversation, clientAddress: "203.0.113.20" });
    const received = await receiveMessage({ shop, actor: SHOPPER_ACTOR }, inbound, { openai: null });
    replies.push((await received.answer!(() => {})).reply.text);
  }
  return { replies, conversationId: started.session.id };
}

describe("exchanges through the assistant", () => {
  it("lists the sizes in stock now for an item, from the portal's own options, without the one ordered or sold-out ones", async () => {
    const ctx = await provedContext("#1001", "alex@example.com");
    const { outcome } = await runToolCall(ctx, "list_exchange_options", JSON.stringify({ lineItemId: "L1" }));
    expect(outcome).toMatchObject({ ok: true, result: { item: "Linen Shirt", inStock: [{ variantId: "LS-WHI-L", name: "Linen Shirt (L / White)", price: "49.00 USD", available: 2 }], storeCreditBonusPercent: 10 } });
    await db().demoVariant.updateMany({ where: { variantId: "LS-WHI-L" }, data: { inventory: 0 } });
    const none = await runToolCall(ctx, "list_exchange_options", JSON.stringify({ lineItemId: "L1" }));
    expect(none.outcome.result.inStock).toEqual([]);
    expect(String(none.outcome.result.note)).toMatch(/store credit/);
    expect((await runToolCall(ctx, "list_exchange_options", JSON.stringify({ lineItemId: "nope" }))).outcome).toMatchObject({ ok: false, result: { error: "invalid_request" } });
  });

  it("does not start an exchange before the shopper chose the replacement: it answers the sizes to ask about, and nothing is written", async () => {
    const ctx = await provedContext("#1001", "alex@example.com");
    const { outcome } = await runToolCall(ctx, "start_return", JSON.stringify({ items: [{ lineItemId: "L1", quantity: 1, reason: "size_too_small" }], resolution: "exchange" }));
    expect(outcome).toMatchObject({ ok: false, result: { error: "replacement_needed", item: "Linen Shirt", inStock: [{ variantId: "LS-WHI-L", name: "Linen Shirt (L / White)" }] } });
    expect(await db().returnRequest.count({ where: { shopId: shop.id, platformOrderId: "7001" } })).toBe(0);
  });

  it("asks which size for 'I want a different size', lists only sizes in stock, names the replacement in the summary and starts the exchange the engine decides", async () => {
    const { replies, conversationId } = await chat(["I want a different size", "#1001", "alex@example.com", "1", "1", "1", "yes"]);
    // After the reason comes the size, not the choice of resolution.
    expect(replies[4]).toContain("Which one would you like instead of Linen Shirt?");
    expect(replies[4]).toContain("1. Linen Shirt (L / White)");
    expect(replies[4]).not.toContain("XL");
    const created = await db().returnRequest.findFirstOrThrow({ where: { shopId: shop.id, conversationId }, include: { items: true } });
    expect(created.resolution).toBe("exchange");
    expect(created.items[0]!.exchangeFor).toMatchObject({ variantId: "LS-WHI-L", variantTitle: "L / White" });
    // The decision is the engine's, reported as made.
    expect(created.decidedBy === "rules" || created.status === "pending_triage").toBe(true);
  });

  it("shows the chosen size in the summary the shopper confirms", async () => {
    const { replies } = await chat(["I want a different size", "#1001", "alex@example.com", "1", "1", "1"]);
    expect(replies.at(-1)).toContain("replaced by Linen Shirt (L / White)");
  });

  it("offers store credit or a refund when no other size is in stock, and goes on with the one chosen", async () => {
    const { replies, conversationId } = await chat(["I'd like another size", "#1002", "kim@example.com", "1", "1"]);
    expect(replies.at(-1)).toContain("Nothing else is in stock for Organic Cotton Tee right now");
    expect(replies.at(-1)).toMatch(/1\. .*2\. /);
    const more = await db().conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect((more.metadata as { flow?: { step: string; resolutions: string[] } }).flow).toMatchObject({ step: "resolution", resolutions: ["refund", "store_credit"] });
    expect(await db().returnRequest.count({ where: { shopId: shop.id, platformOrderId: "7002" } })).toBe(0);
  });
});
