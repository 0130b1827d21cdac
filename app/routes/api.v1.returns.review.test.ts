import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeShopify } from "../../tests/fakes/shopify-admin";
import { connectFakeStore, createFakeWooCommerce, type FakeWooCommerce } from "../../tests/fakes/woocommerce";
import { actingContext, shopperContext } from "../../tests/support/contexts";
import { createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { createApiKey } from "../.server/api-keys/create-api-key";
import { db } from "../.server/db.server";
import { setWooCommerceHttpsAgent } from "../.server/platforms/woocommerce/woo-client";
import { DEFAULT_POLICY_RULES } from "../.server/policies/default-policy";
import { approveReturn } from "../.server/returns/approve-return.server";
import { createReturn } from "../.server/returns/create-return.server";
import { resetLookupLimiters } from "../.server/returns/lookup-limiter.server";
import { lookupOrder } from "../.server/returns/lookup-order.server";
import { syncReturnToPlatform } from "../.server/returns/sync-return.server";
import { action as complete } from "./api.v1.returns.$id.complete";
import { action as receive, loader as getReceive } from "./api.v1.returns.$id.receive";

/**
 * Money moves only after a review: `POST /api/v1/returns/{id}/complete` with amounts, quantities
 * and restock per line moves exactly the reviewed amount on Shopify and on WooCommerce (the fake
 * stores record what they were asked), the body-less call still refunds the estimate, and
 * `POST /api/v1/returns/{id}/receive` marks the items received.
 */

setupTestDatabase();
const shopify = createFakeShopify({ shop: "outfitters.myshopify.com", accessToken: "shpat_outfitters_offline" });
let woo: FakeWooCommerce;
const DAY = 24 * 3600 * 1000;

beforeAll(async () => {
  shopify.server.listen({ onUnhandledFrame: "bypass" });
  woo = await createFakeWooCommerce({ https: true });
  setWooCommerceHttpsAgent(woo.httpsAgent);
});
beforeEach(async () => {
  await clearDatabase();
  resetLookupLimiters();
  woo.store.orders.clear();
});
afterEach(() => shopify.reset());
afterAll(async () => {
  shopify.server.close();
  setWooCommerceHttpsAgent(undefined);
  await woo?.close();
});

const post = (path: string, key: string, body?: unknown) =>
  new Request(`http://127.0.0.1${path}`, { method: "POST", headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body) });
async function read(response: Response) {
  return { status: response.status, body: await response.json() };
}
const completeById = async (key: string, id: string, body?: unknown) => read(await complete(routeArgs(post(`/api/v1/returns/${id}/complete`, key, body), { id })));
const receiveById = async (key: string, id: string, body?: unknown) => read(await receive(routeArgs(post(`/api/v1/returns/${id}/receive`, key, body), { id })));

async function shopifyShop() {
  const shop = await createShop({ domain: shopify.shop });
  await db().session.create({ data: { id: `offline_${shopify.shop}`, shop: shopify.shop, state: "", isOnline: false, scope: "read_orders,read_all_orders,read_returns,write_returns", accessToken: shopify.accessToken } });
  await db().policy.create({ data: { shopId: shop.id, version: 1, status: "active", rules: DEFAULT_POLICY_RULES as object, activatedAt: new Date() } });
  const { key } = await createApiKey(db(), shop.id, { name: "Warehouse" });
  return { shop, key };
}

/** Two shirts at 49.00 and a tote at 20.00 come back on a Shopify order, approved: 118.00 estimated. */
async function approvedShopifyReturn() {
  const { shop, key } = await shopifyShop();
  shopify.store.addOrder({
    name: "#1001",
    email: "alex@example.com",
    deliveredAt: new Date(Date.now() - 3 * DAY).toISOString(),
    lineItems: [
      { title: "Linen Shirt", quantity: 2, unitPrice: "49.00", productType: "Shirts" },
      { title: "Canvas Tote", quantity: 1, unitPrice: "20.00", productType: "Bags" },
    ],
  });
  const ctx = shopperContext(shop, "203.0.113.1");
  const found = await lookupOrder(ctx, { orderNumber: "1001", email: "alex@example.com" });
  const [shirt, tote] = found.order.lineItems;
  const created = await createReturn(ctx, {
    lookupToken: found.lookupToken,
    items: [
      { lineItemId: shirt!.id, quantity: 2, reason: "size_too_small" },
      { lineItemId: tote!.id, quantity: 1, reason: "changed_mind" },
    ],
    resolution: "refund",
  });
  if (created.view.status !== "approved") await approveReturn(await actingContext(shop, { type: "merchant", id: "staff" }), { returnId: created.view.id });
  await syncReturnToPlatform(db(), created.view.id);
  return { shop, key, id: created.view.id, shirt: shirt!.id, tote: tote!.id };
}

const refundCalls = () => shopify.calls.filter((c) => c.operationName === "DokaniReturnProcess");

describe("POST /api/v1/returns/{id}/complete on Shopify", () => {
  it("moves exactly the reviewed amount: one of two shirts at an agreed price, no tote, not restocked", async () => {
    const { key, id, shirt, tote } = await approvedShopifyReturn();
    const received = await receiveById(key, id, { note: "Parcel opened at the warehouse" });
    expect(received.status).toBe(200);
    expect(received.body.receivedAt).toEqual(expect.any(String));
    expect(received.body.status).toBe("approved");

    const done = await completeById(key, id, {
      lines: [
        { lineItemId: shirt, quantity: 1, amount: "40.00", restock: false },
        { lineItemId: tote, quantity: 0 },
      ],
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: "completed", refunded: { amount: "40.00", currency: "USD" } });
    expect(done.body.refundLines).toEqual([
      { lineItemId: shirt, quantity: 2, refundQuantity: 1, amount: { amount: "40.00", currency: "USD" }, restock: false },
      { lineItemId: tote, quantity: 1, refundQuantity: 0, amount: { amount: "0.00", currency: "USD" }, restock: true },
    ].sort((a, b) => a.lineItemId.localeCompare(b.lineItemId)));

    await syncReturnToPlatform(db(), id);
    const [call] = refundCalls();
    const transfer = (call!.variables as { input: { financialTransfer: { issueRefund: { orderTransactions: Array<{ transactionAmount: { amount: string } }> } } } }).input.financialTransfer;
    expect(transfer.issueRefund.orderTransactions.map((t) => t.transactionAmount.amount)).toEqual(["40.00"]);
    expect(shopify.store.returns[0]!.refunds.map((r) => r.amount)).toEqual(["40.00"]);
  });

  it("still completes with no body, refunding the estimate in full", async () => {
    const { key, id } = await approvedShopifyReturn();
    const done = await completeById(key, id);
    expect(done.status).toBe(200);
    expect(done.body.refunded).toEqual({ amount: "118.00", currency: "USD" });
    await syncReturnToPlatform(db(), id);
    expect(shopify.store.returns[0]!.refunds.map((r) => r.amount)).toEqual(["118.00"]);
  });

  it("spreads a total alone over the lines, and refuses a review that does not add up, moving nothing", async () => {
    const { key, id, shirt } = await approvedShopifyReturn();
    const tooMuch = await completeById(key, id, { lines: [{ lineItemId: shirt, quantity: 1, amount: "60.00" }] });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error).toMatchObject({ code: "invalid_request", fields: { "lines[0].amount": "must be at most 49.00 for 1 of Linen Shirt" } });
    const wrongSum = await completeById(key, id, { amount: "50.00", lines: [{ lineItemId: shirt, amount: "40.00" }] });
    expect(wrongSum.body.error.fields).toEqual({ amount: "must equal the sum of the lines (60.00)" });
    const stranger = await completeById(key, id, { lines: [{ lineItemId: "999", quantity: 1 }] });
    expect(stranger.body.error.fields).toEqual({ "lines[0].lineItemId": "is not an item of this return" });
    const nothing = await completeById(key, id, { amount: "0.00" });
    expect(nothing.body.error.fields.amount).toMatch(/deny the return instead/);
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id } })).status).toBe("approved");

    const credit = await completeById(key, id, { amount: "59.00", resolution: "store_credit" });
    expect(credit.body).toMatchObject({ status: "completed", resolution: "store_credit", refunded: { amount: "59.00" } });
    // 59.00 over 98.00 and 20.00 by worth: 49.00 and 10.00.
    expect(credit.body.refundLines.map((l: { amount: { amount: string } }) => l.amount.amount).sort()).toEqual(["10.00", "49.00"]);
    await syncReturnToPlatform(db(), id);
    expect(shopify.store.returns[0]!.refunds).toEqual([expect.objectContaining({ amount: "0.00", storeCredit: "59.00" })]);
  });
});

describe("a Shopify line not shipped yet", () => {
  it("is not returnable, with the reason, and cannot be requested", async () => {
    const { shop } = await shopifyShop();
    // The shirt went out in a parcel; the tote has not been fulfilled.
    shopify.store.addOrder({
      name: "#1002",
      email: "alex@example.com",
      lineItems: [
        { title: "Linen Shirt", quantity: 1, unitPrice: "49.00", productType: "Shirts" },
        { title: "Canvas Tote", quantity: 1, unitPrice: "20.00", productType: "Bags" },
      ],
      fulfillments: [{ deliveredAt: new Date(Date.now() - DAY).toISOString(), lines: [{ index: 0, quantity: 1 }] }],
    });
    const ctx = shopperContext(shop, "203.0.113.2");
    const found = await lookupOrder(ctx, { orderNumber: "1002", email: "alex@example.com" });
    const [shirt, tote] = found.order.lineItems;
    expect(shirt).toMatchObject({ returnable: true, notReturnableReason: null });
    expect(tote).toMatchObject({ returnable: false, notReturnableReason: "Canvas Tote hasn't shipped yet, so there is nothing to return. To cancel it, contact the store." });
    await expect(createReturn(ctx, { lookupToken: found.lookupToken, items: [{ lineItemId: tote!.id, quantity: 1, reason: "changed_mind" }], resolution: "refund" })).rejects.toMatchObject({
      code: "invalid_request",
      message: tote!.notReturnableReason,
    });
  });
});

describe("POST /api/v1/returns/{id}/receive", () => {
  it("marks received once, only for an approved return, and serves only POST", async () => {
    const { key, id } = await approvedShopifyReturn();
    expect((await receiveById(key, id)).status).toBe(200);
    const twice = await receiveById(key, id);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("invalid_transition");
    expect((await receiveById(key, "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    const get = await getReceive(routeArgs(new Request(`http://127.0.0.1/api/v1/returns/${id}/receive`, { headers: { Authorization: `Bearer ${key}` } }), { id }));
    expect(get.status).toBe(405);
  });
});

describe("POST /api/v1/returns/{id}/complete on WooCommerce", () => {
  it("refunds exactly the reviewed amount and units in WooCommerce", async () => {
    const store = await connectFakeStore(woo);
    await db().policy.updateMany({ where: { shopId: store.shopId }, data: { rules: DEFAULT_POLICY_RULES as object } });
    const shop = await db().shop.findUniqueOrThrow({ where: { id: store.shopId } });
    const { key } = await createApiKey(db(), shop.id, { name: "Warehouse" });
    const order = woo.store.addOrder({ email: "alex@example.com", lineItems: [{ name: "Linen Shirt", quantity: 2, total: "90.00", totalTax: "8.00" }, { name: "Canvas Tote", quantity: 1, total: "20.00" }] });
    const [shirt, tote] = order.line_items.map((l) => String(l.id));
    const ctx = shopperContext(shop, "203.0.113.9");
    const found = await lookupOrder(ctx, { orderNumber: String(order.number), email: "alex@example.com" });
    const created = await createReturn(ctx, { lookupToken: found.lookupToken, items: [{ lineItemId: shirt!, quantity: 2, reason: "size_too_small" }, { lineItemId: tote!, quantity: 1, reason: "changed_mind" }], resolution: "refund" });
    if (created.view.status !== "approved") await approveReturn(await actingContext(shop, { type: "merchant", id: "staff" }), { returnId: created.view.id });

    const done = await completeById(key, created.view.id, { lines: [{ lineItemId: shirt!, quantity: 1, amount: "45.50" }, { lineItemId: tote!, quantity: 0 }] });
    expect(done.status).toBe(200);
    await syncReturnToPlatform(db(), created.view.id);
    expect(order.refunds).toHaveLength(1);
    expect(order.refunds[0]!.amount).toBe("45.50");
    expect(order.refunds[0]!.line_items.map((l) => [l.name, l.quantity])).toEqual([["Linen Shirt", -1]]);
    expect(order.refunds[0]!.api_restock).toBe(true);
  });
});
