import type { Client } from "@modelcontextprotocol/client";
import { beforeEach, describe, expect, it } from "vitest";
import { connectMcp } from "../../tests/support/mcp-client";
import { proxyRequest } from "../../tests/support/proxy-request";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { db } from "../.server/db.server";
import { seedDemoShop } from "../.server/demo/seed-demo-shop";
import { DEMO_SHOPIFY_SECRET } from "../.server/env.server";
import { resetMcpLimiters } from "../.server/mcp/mcp-limiter.server";
import { signProxyParams } from "../.server/proxy/proxy-signature";
import { resetLookupLimiters } from "../.server/returns/lookup-limiter.server";
import { action } from "./proxy.mcp";
import { action as portalLookup } from "./proxy.returns.lookup";

setupTestDatabase();

const SHOP = "dokani-demo.myshopify.com";
const OTHER = "other-store.myshopify.com";
const DAY = 24 * 3600 * 1000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
const ORDERS = [
  {
    id: "7001", name: "#1001", email: "alex@example.com", currency: "USD", processedAt: iso(8), deliveredAt: iso(5),
    lineItems: [
      { id: "L1", title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: ["summer"] },
      { id: "L2", title: "Clearance Scarf", quantity: 1, unitPrice: "15.00", productType: "Accessories", tags: ["final-sale"] },
    ],
  },
  // A catalogue SKU: the demo store knows the line's product, its sizes and their stock.
  { id: "7003", name: "#1003", email: "kim@example.com", currency: "USD", processedAt: iso(8), deliveredAt: iso(5), lineItems: [{ id: "X1", title: "Linen Shirt", variantTitle: "M / White", sku: "LS-WHI-M", quantity: 1, unitPrice: "49.00", productType: "Shirts", tags: [] }] },
  { id: "7002", name: "#1002", email: "sam@example.com", currency: "USD", processedAt: iso(50), deliveredAt: iso(45), lineItems: [{ id: "M1", title: "Denim Jacket", quantity: 1, unitPrice: "120.00", productType: "Jackets", tags: [] }] },
];

beforeEach(async () => {
  await clearDatabase();
  resetLookupLimiters();
  resetMcpLimiters();
  await seedDemoShop(db(), { domain: SHOP, orders: ORDERS });
  await seedDemoShop(db(), { domain: OTHER, orders: ORDERS });
});

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ text?: string }> };

/** A shopper's assistant, reaching the store through the app proxy (a signed URL) from one address. */
function shopperAssistant(shop = SHOP, address = "198.51.100.7") {
  const params = new URLSearchParams({ shop, logged_in_customer_id: "", path_prefix: "/apps/dokani", timestamp: String(Math.floor(Date.now() / 1000)) });
  params.set("signature", signProxyParams(params, DEMO_SHOPIFY_SECRET));
  return connectMcp(action, { url: `http://localhost:3000/proxy/mcp?${params}`, context: { remoteAddress: address } });
}
const call = async (client: Client, name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as Result;
const errorOf = (result: Result) => (result.structuredContent as { error: { code: string; message: string } }).error;

describe("POST /proxy/mcp: the returns desk for shoppers' assistants", () => {
  it("lists the storefront tools, and only them", async () => {
    const client = await shopperAssistant();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["search_help", "get_return_policy", "find_order", "check_return_eligibility", "list_exchange_options", "start_return", "get_return_status"]);
    await client.close();
  });

  it("finds the order, checks it, starts a return the policy decides and follows it", async () => {
    const client = await shopperAssistant();
    const policy = await call(client, "get_return_policy");
    expect(policy.structuredContent).toMatchObject({ policy: { returnWindowDays: 30, allowedResolutions: expect.arrayContaining(["refund"]) } });
    const help = await call(client, "search_help", { query: "shipping" });
    expect(help.isError).toBeFalsy();

    const found = await call(client, "find_order", { orderNumber: "#1001", email: " Alex@Example.com " });
    expect(found.isError).toBeFalsy();
    const { lookupToken, order } = found.structuredContent as { lookupToken: string; order: { name: string; lineItems: Array<{ id: string; returnable: boolean }> } };
    expect(order.name).toBe("#1001");
    expect(order.lineItems.map((l) => [l.id, l.returnable])).toEqual([["L1", true], ["L2", false]]);

    const eligible = await call(client, "check_return_eligibility", { lookupToken });
    expect(eligible.structuredContent).toMatchObject({ order: "#1001", items: [{ lineItemId: "L1", returnable: true, returnableQuantity: 2 }, { lineItemId: "L2", returnable: false, notReturnableReason: expect.any(String) }] });

    const malformed = await call(client, "start_return", { lookupToken, items: [{ lineItemId: "L9", quantity: 1, reason: "size_too_small" }], resolution: "refund" });
    expect(errorOf(malformed).code).toBe("invalid_request");
    expect(await db().returnRequest.count()).toBe(0);

    const args = { lookupToken, items: [{ lineItemId: "L1", quantity: 1, reason: "size_too_small", condition: "unworn" }], resolution: "refund" };
    const started = await call(client, "start_return", args);
    expect(started.isError).toBeFalsy();
    const { return: view, accessToken, created } = started.structuredContent as { return: { id: string; status: string; decision: { outcome: string } }; accessToken: string; created: boolean };
    expect(created).toBe(true);
    const stored = await db().returnRequest.findUniqueOrThrow({ where: { id: view.id } });
    expect(stored).toMatchObject({ status: view.status, decidedBy: view.status === "approved" ? "rules" : null, customerEmail: "alex@example.com" });
    expect(["approved", "pending_triage"]).toContain(view.status);

    const retried = await call(client, "start_return", args);
    expect(retried.structuredContent).toMatchObject({ return: { id: view.id }, created: false });
    expect(await db().returnRequest.count()).toBe(1);

    const status = await call(client, "get_return_status", { returnId: view.id, accessToken });
    expect(status.structuredContent).toMatchObject({ return: { id: view.id, status: view.status } });
    const wrongToken = await call(client, "get_return_status", { returnId: view.id, accessToken: `${accessToken}x` });
    expect(errorOf(wrongToken).code).toBe("not_found");
    await client.close();
  });

  it("lists the sizes of an item with live stock and starts the exchange the shopper chose; another store's token is refused", async () => {
    const client = await shopperAssistant();
    const found = await call(client, "find_order", { orderNumber: "1003", email: "kim@example.com" });
    const { lookupToken } = found.structuredContent as { lookupToken: string };
    const listed = await call(client, "list_exchange_options", { lookupToken, lineItemId: "X1" });
    expect(listed.isError).toBeFalsy();
    const { options } = listed.structuredContent as { options: { sameProduct: { id: string; variants: Array<{ id: string; inStock: boolean; current: boolean; available: number }> } } };
    expect(options.sameProduct.id).toBe("linen-shirt");
    // The demo catalogue never has the Linen Shirt in XL: shown, and marked out of stock.
    expect(options.sameProduct.variants.find((v) => v.id === "LS-WHI-XL")).toMatchObject({ inStock: false, available: 0 });
    const chosen = options.sameProduct.variants.find((v) => v.inStock && !v.current)!;
    const started = await call(client, "start_return", { lookupToken, items: [{ lineItemId: "X1", quantity: 1, reason: "size_too_small", exchangeFor: { variantId: chosen.id } }], resolution: "exchange" });
    expect(started.structuredContent).toMatchObject({ return: { resolution: "exchange", items: [{ exchangeFor: { variantId: chosen.id } }] } });

    const elsewhere = await shopperAssistant(OTHER);
    const refused = await call(elsewhere, "list_exchange_options", { lookupToken, lineItemId: "X1" });
    expect(errorOf(refused).code).toBe("invalid_token");
    const malformed = await call(client, "list_exchange_options", { lookupToken, lineItemId: "" });
    expect(errorOf(malformed).code).toBe("invalid_request");
    await Promise.all([client.close(), elsewhere.close()]);
  });

  it("lets the policy deny what it denies, with its reasons", async () => {
    const client = await shopperAssistant();
    const found = await call(client, "find_order", { orderNumber: "1001", email: "alex@example.com" });
    const { lookupToken } = found.structuredContent as { lookupToken: string };
    const denied = await call(client, "start_return", { lookupToken, items: [{ lineItemId: "L2", quantity: 1, reason: "changed_mind" }], resolution: "refund" });
    expect(denied.structuredContent).toMatchObject({ return: { status: "denied", decision: { outcome: "denied", reasons: [expect.objectContaining({ code: expect.any(String) })] } } });
    await client.close();
  });

  it("refuses a wrong email with the portal's own answer, and locks out guessing as the portal does", async () => {
    const client = await shopperAssistant();
    const portal = await portalLookup(routeArgs(proxyRequest("POST", "/returns/lookup", { shop: SHOP, body: { orderNumber: "1002", email: "alex@example.com" } }), {}, { remoteAddress: "203.0.113.50" }));
    const portalBody = await portal.json();
    expect(portal.status).toBe(404);

    const wrongEmail = await call(client, "find_order", { orderNumber: "1001", email: "mallory@example.com" });
    expect(wrongEmail.isError).toBe(true);
    expect({ error: errorOf(wrongEmail) }).toEqual(portalBody);
    const missing = await call(client, "find_order", { orderNumber: "9999", email: "alex@example.com" });
    expect({ error: errorOf(missing) }).toEqual(portalBody);

    // The portal allows five failed lookups of one order number in 15 minutes; then even the right email waits.
    for (let i = 0; i < 3; i++) await call(client, "find_order", { orderNumber: "1001", email: `guess${i}@example.com` });
    const fifth = await call(client, "find_order", { orderNumber: "1001", email: "guess-last@example.com" });
    expect(errorOf(fifth).code).toBe("order_not_found");
    const locked = await call(client, "find_order", { orderNumber: "1001", email: "alex@example.com" });
    expect(locked.isError).toBe(true);
    expect(errorOf(locked)).toMatchObject({ code: "rate_limited", message: expect.stringContaining("Too many attempts") });
    await client.close();
  });

  it("refuses a lookup token of another store or a forged one", async () => {
    const other = await shopperAssistant(OTHER);
    const theirs = (await call(other, "find_order", { orderNumber: "1001", email: "alex@example.com" })).structuredContent as { lookupToken: string };
    await other.close();
    const client = await shopperAssistant();
    for (const lookupToken of [theirs.lookupToken, `${theirs.lookupToken.slice(0, -2)}AA`, "nonsense"]) {
      const refused = await call(client, "check_return_eligibility", { lookupToken });
      expect(errorOf(refused).code).toBe("invalid_token");
      const start = await call(client, "start_return", { lookupToken, items: [{ lineItemId: "L1", quantity: 1, reason: "size_too_small" }], resolution: "refund" });
      expect(errorOf(start).code).toBe("invalid_token");
    }
    expect(await db().returnRequest.count()).toBe(0);
    await client.close();
  });

  it("answers an unsigned or stale request 401 invalid_signature before anything else", async () => {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "x", version: "1" } } });
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    const unsigned = await action(routeArgs(new Request(`http://localhost:3000/proxy/mcp?shop=${SHOP}`, { method: "POST", headers, body })));
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ error: { code: "invalid_signature" } });
    const stale = await action(routeArgs(proxyRequest("POST", "/mcp", { shop: SHOP, rawBody: body, headers, timestamp: Math.floor(Date.now() / 1000) - 600 })));
    expect(stale.status).toBe(401);
  });
});
