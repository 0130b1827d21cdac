import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectFakeStore, createFakeWooCommerce, drainJobs, type FakeWooCommerce } from "../../../tests/fakes/woocommerce";
import { routeArgs } from "../../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { action as createAction } from "../../routes/proxy.returns._index";
import { loader as statusLoader } from "../../routes/proxy.returns.$id";
import { action as lookupAction } from "../../routes/proxy.returns.lookup";
import { db } from "../db.server";
import { DEMO_SHOPIFY_SECRET } from "../env.server";
import { jobRegistry } from "../job-registry.server";
import { startJobRuntime, stopJobRuntime } from "../jobs/runtime.server";
import { setWooCommerceHttpsAgent } from "../platforms/woocommerce/woo-client";
import { proxySignatureBase } from "../proxy/proxy-signature";
import { approveReturn } from "../returns/approve-return.server";
import { completeReturn } from "../returns/complete-return.server";
import { resetLookupLimiters } from "../returns/lookup-limiter.server";
import { actingContext } from "../../../tests/support/contexts";

/**
 * A WooCommerce order through the same storefront API and engine as a Shopify order: requests
 * signed the way the WordPress plugin signs them (the store's own proxy secret, the plugin's path
 * prefix), the order read from the store's REST API, the decision noted on the order, and the
 * refund made in WooCommerce without moving money.
 */

setupTestDatabase();
let fake: FakeWooCommerce;

beforeAll(async () => {
  fake = await createFakeWooCommerce({ https: true });
  setWooCommerceHttpsAgent(fake.httpsAgent);
});
beforeEach(async () => {
  await stopJobRuntime();
  await clearDatabase();
  resetLookupLimiters();
  fake.store.orders.clear();
  fake.store.webhooks.clear();
  await startJobRuntime({ client: db(), registry: jobRegistry, pollMs: 50 });
});
afterAll(async () => {
  await stopJobRuntime();
  setWooCommerceHttpsAgent(undefined);
  await fake?.close();
});

/** What `Dokani_Signer` does in PHP: the plugin's own parameters, then HMAC-SHA256 hex with the proxy secret. */
function pluginRequest(method: string, path: string, options: { domain: string; secret: string; body?: unknown; query?: Record<string, string> }) {
  const params = new URLSearchParams(options.query);
  params.set("shop", options.domain);
  params.set("logged_in_customer_id", "");
  params.set("path_prefix", "/wp-json/dokani/v1/proxy");
  params.set("timestamp", String(Math.floor(Date.now() / 1000)));
  params.set("signature", createHmac("sha256", options.secret).update(proxySignatureBase(params)).digest("hex"));
  return new Request(`http://localhost:3000/proxy${path}?${params}`, {
    method,
    headers: options.body === undefined ? {} : { "Content-Type": "application/json" },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

async function call(handler: (args: ReturnType<typeof routeArgs>) => Promise<Response>, request: Request, params: Record<string, string> = {}) {
  const response = await handler(routeArgs(request, params, { remoteAddress: "198.51.100.7" }));
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function addOrder(email = "alex@example.com") {
  return fake.store.addOrder({
    email,
    lineItems: [
      { name: "Linen Shirt", quantity: 2, total: "90.00", totalTax: "8.00" },
      { name: "Canvas Tote", quantity: 1, total: "20.00" },
    ],
  });
}

describe("a WooCommerce order through the storefront API", () => {
  it("goes from lookup to request, decision and a refund that moves no money by default", async () => {
    const store = await connectFakeStore(fake);
    const order = addOrder();
    const shirt = String(order.line_items[0]!.id);
    const sign = (method: string, path: string, body?: unknown, query?: Record<string, string>) => pluginRequest(method, path, { domain: store.domain, secret: store.proxySecret, body, query });

    const wrongEmail = await call(lookupAction, sign("POST", "/returns/lookup", { orderNumber: order.number, email: "mallory@example.com" }));
    expect(wrongEmail).toMatchObject({ status: 404, body: { error: { code: "order_not_found" } } });

    const lookup = await call(lookupAction, sign("POST", "/returns/lookup", { orderNumber: `#${order.number}`, email: "ALEX@example.com" }));
    expect(lookup.status).toBe(200);
    expect(lookup.body.order).toMatchObject({ name: `#${order.number}`, currency: "USD", totalPrice: "118.00" });
    expect(lookup.body.order.lineItems[0]).toMatchObject({ id: shirt, title: "Linen Shirt", unitPrice: "49.00", returnable: true, returnableQuantity: 2 });

    const created = await call(createAction, sign("POST", "/returns", { lookupToken: lookup.body.lookupToken, items: [{ lineItemId: shirt, quantity: 1, reason: "size_too_small", condition: "unworn" }], resolution: "refund" }));
    expect(created.status).toBe(201);
    const returnId = created.body.return.id as string;
    await drainJobs();
    if (created.body.return.status !== "approved") {
      const row = await db().returnRequest.findUniqueOrThrow({ where: { id: returnId } });
      if (row.status === "pending_review") await approveReturn(await actingContext(store.shopId, { type: "merchant", id: "staff" }), { returnId });
    }
    await drainJobs();
    const status = await call(statusLoader, sign("GET", `/returns/${returnId}`, undefined, { token: created.body.accessToken }), { id: returnId });
    expect(status.body.return).toMatchObject({ status: "approved", refundEstimate: { amount: "49.00", currency: "USD" } });
    expect(order.notes.map((n) => n.note)).toEqual(["Dokani: the return request was approved.", "Dokani: the customer asked to return 1 × Linen Shirt (size too small)."]);

    // The shirt now in a return is no longer offered again.
    const again = await call(lookupAction, sign("POST", "/returns/lookup", { orderNumber: order.number, email: "alex@example.com" }));
    expect(again.body.order.lineItems[0]).toMatchObject({ returnableQuantity: 1 });

    await completeReturn(await actingContext(store.shopId, { type: "merchant", id: "staff" }), { returnId });
    await drainJobs();
    expect(order.refunds).toHaveLength(1);
    expect(order.refunds[0]).toMatchObject({ amount: "49.00", refunded_payment: false, api_restock: true });
    const row = await db().returnRequest.findUniqueOrThrow({ where: { id: returnId } });
    expect(row).toMatchObject({ status: "completed", syncStatus: "synced", platformRefundId: String(order.refunds[0]!.id) });
  });

  it("refunds through the gateway when the shop's settings say so", async () => {
    const store = await connectFakeStore(fake);
    await db().shop.update({ where: { id: store.shopId }, data: { settings: { woocommerce: { gatewayRefunds: true } } } });
    const order = addOrder();
    const tote = String(order.line_items[1]!.id);
    const sign = (path: string, body: unknown) => pluginRequest("POST", path, { domain: store.domain, secret: store.proxySecret, body });
    const lookup = await call(lookupAction, sign("/returns/lookup", { orderNumber: order.number, email: "alex@example.com" }));
    const created = await call(createAction, sign("/returns", { lookupToken: lookup.body.lookupToken, items: [{ lineItemId: tote, quantity: 1, reason: "changed_mind" }], resolution: "refund" }));
    expect(created.status).toBe(201);
    await drainJobs();
    const current = await db().returnRequest.findUniqueOrThrow({ where: { id: created.body.return.id } });
    if (current.status === "pending_review") await approveReturn(await actingContext(store.shopId, { type: "merchant", id: "staff" }), { returnId: current.id });
    await completeReturn(await actingContext(store.shopId, { type: "merchant", id: "staff" }), { returnId: current.id });
    await drainJobs();
    expect(order.refunds[0]).toMatchObject({ amount: "20.00", refunded_payment: true });
  });

  it("refuses requests signed with another secret or for another store, and writes nothing", async () => {
    const store = await connectFakeStore(fake);
    const order = addOrder();
    const body = { orderNumber: order.number, email: "alex@example.com" };
    for (const secret of [DEMO_SHOPIFY_SECRET, "x".repeat(43)]) {
      const refused = await call(lookupAction, pluginRequest("POST", "/returns/lookup", { domain: store.domain, secret, body }));
      expect(refused).toMatchObject({ status: 401, body: { error: { code: "invalid_signature" } } });
    }
    // A second store's secret cannot reach the first store's returns.
    const lookup = await call(lookupAction, pluginRequest("POST", "/returns/lookup", { domain: store.domain, secret: store.proxySecret, body }));
    const created = await call(createAction, pluginRequest("POST", "/returns", { domain: store.domain, secret: store.proxySecret, body: { lookupToken: lookup.body.lookupToken, items: [{ lineItemId: String(order.line_items[1]!.id), quantity: 1, reason: "other" }], resolution: "refund" } }));
    const other = await db().shop.create({ data: { platform: "woocommerce", domain: "other-store.example", name: "Other", secrets: null } });
    const { sealStoreSecrets } = await import("../platforms/woocommerce/store-secrets");
    await db().shop.update({ where: { id: other.id }, data: { secrets: sealStoreSecrets({ storeUrl: "https://other-store.example", consumerKey: "ck_x", consumerSecret: "cs_x", proxySecret: "p".repeat(43), webhookSecret: "w".repeat(43) }) } });
    const foreign = await call(statusLoader, pluginRequest("GET", `/returns/${created.body.return.id}`, { domain: "other-store.example", secret: "p".repeat(43), query: { token: created.body.accessToken } }), { id: created.body.return.id });
    expect(foreign.status).toBe(404);
    expect(await db().returnRequest.count()).toBe(1);
  });
});
