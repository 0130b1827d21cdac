import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeShopify } from "../../../tests/fakes/shopify-admin";
import { createShop } from "../../../tests/support/factories";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { DEFAULT_POLICY_RULES } from "../policies/default-policy";
import { PermanentJobError } from "../jobs/define-job";
import { completeReturn } from "./complete-return.server";
import { createReturn } from "./create-return.server";
import { lookupOrder } from "./lookup-order.server";
import { resetLookupLimiters } from "./lookup-limiter.server";
import { syncReturnToPlatform } from "./sync-return.server";
import { proxyRequest } from "../../../tests/support/proxy-request";
import { routeArgs } from "../../../tests/support/route-args";
import { action as lookupAction } from "../../routes/proxy.returns.lookup";
import { action as createAction } from "../../routes/proxy.returns._index";
import { actingContext, shopperContext } from "../../../tests/support/contexts";

setupTestDatabase();
const fake = createFakeShopify({ shop: "outfitters.myshopify.com", accessToken: "shpat_outfitters_offline" });
const DAY = 24 * 3600 * 1000;

beforeAll(() => fake.server.listen({ onUnhandledFrame: "error" }));
beforeEach(async () => {
  await clearDatabase();
  resetLookupLimiters();
});
afterEach(() => fake.reset());
afterAll(() => fake.server.close());

async function installedShop() {
  const shop = await createShop({ domain: fake.shop });
  await db().session.create({
    data: { id: `offline_${fake.shop}`, shop: fake.shop, state: "", isOnline: false, scope: "read_orders,read_all_orders,read_returns,write_returns", accessToken: fake.accessToken },
  });
  await db().policy.create({ data: { shopId: shop.id, version: 1, status: "active", rules: DEFAULT_POLICY_RULES as object, activatedAt: new Date() } });
  return shop;
}

async function requestOnShopify(shop: Awaited<ReturnType<typeof installedShop>>) {
  fake.store.addOrder({ name: "#1001", email: "alex@example.com", deliveredAt: new Date(Date.now() - 3 * DAY).toISOString(), lineItems: [{ title: "Linen Shirt", quantity: 2, unitPrice: "49.00", productType: "Shirts" }] });
  const found = await lookupOrder(shopperContext(shop, "203.0.113.1"), { orderNumber: "1001", email: "alex@example.com" });
  const line = found.order.lineItems[0]!;
  expect(line).toMatchObject({ returnable: true, returnableQuantity: 2 });
  return createReturn(shopperContext(shop, "203.0.113.1"), { lookupToken: found.lookupToken, items: [{ lineItemId: line.id, quantity: 1, reason: "size_too_small" }], resolution: "refund" });
}

describe("returns.sync on Shopify", () => {
  it("mirrors an approval and then the refund, each call once", async () => {
    const shop = await installedShop();
    const created = await requestOnShopify(shop);
    expect(created.view.status).toBe("approved");

    expect((await syncReturnToPlatform(db(), created.view.id)).actions).toEqual(["request", "approve"]);
    let row = await db().returnRequest.findUniqueOrThrow({ where: { id: created.view.id } });
    expect(row).toMatchObject({ syncStatus: "synced", syncedActions: ["request", "approve"] });
    expect(row.platformReturnId).toMatch(/^gid:\/\/shopify\/Return\//);
    expect(fake.store.returns).toHaveLength(1);
    expect(fake.store.returns[0]!.status).toBe("OPEN");

    // A repeated sync makes no call.
    const callsBefore = fake.calls.length;
    expect((await syncReturnToPlatform(db(), created.view.id)).actions).toEqual([]);
    expect(fake.calls.length).toBe(callsBefore);

    await completeReturn(await actingContext(shop, { type: "merchant", id: "staff-1" }), { returnId: created.view.id });
    expect((await syncReturnToPlatform(db(), created.view.id)).actions).toEqual(["process"]);
    row = await db().returnRequest.findUniqueOrThrow({ where: { id: created.view.id } });
    expect(row).toMatchObject({ status: "completed", syncStatus: "synced", syncedActions: ["request", "approve", "process"] });
    expect(row.refundedAmount?.toFixed(2)).toBe("49.00");
    expect(fake.store.returns[0]!.status).toBe("CLOSED");
  });

  it("finds the return request an earlier try opened when Shopify's answer was lost, and opens no second one", async () => {
    const shop = await installedShop();
    const created = await requestOnShopify(shop);
    // Shopify opens the return, but the connection drops before its answer arrives.
    fake.loseAnswerOf("DokaniReturnRequest");
    await expect(syncReturnToPlatform(db(), created.view.id)).rejects.not.toBeInstanceOf(PermanentJobError);
    expect(fake.store.returns).toHaveLength(1);
    const opened = fake.store.returns[0]!;
    expect(opened.status).toBe("REQUESTED");
    expect(await db().returnRequest.findUniqueOrThrow({ where: { id: created.view.id } })).toMatchObject({ syncStatus: "failed", platformReturnId: null, syncedActions: [] });

    // The retry looks first, finds that request by its order and lines, records it and goes on to approve it.
    expect((await syncReturnToPlatform(db(), created.view.id)).actions).toEqual(["request", "approve"]);
    expect(fake.store.returns).toHaveLength(1);
    expect(fake.store.returns[0]!.status).toBe("OPEN");
    const row = await db().returnRequest.findUniqueOrThrow({ where: { id: created.view.id } });
    expect(row).toMatchObject({ syncStatus: "synced", syncedActions: ["request", "approve"] });
    expect(row.platformReturnId).toBe(`gid://shopify/Return/${opened.id}`);
    expect(fake.calls.filter((c) => c.operationName === "DokaniReturnRequest")).toHaveLength(1);
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: created.view.id, action: "synced.request" } });
    expect(audit.message).toContain("no second one was made");
    expect(audit.data).toMatchObject({ platformReturnId: row.platformReturnId, reconciled: true });
  });

  it("opens a new request on a retry when the earlier try never reached Shopify", async () => {
    const shop = await installedShop();
    const created = await requestOnShopify(shop);
    fake.failNext(1, 503);
    await expect(syncReturnToPlatform(db(), created.view.id)).rejects.not.toBeInstanceOf(PermanentJobError);
    expect(fake.store.returns).toHaveLength(0);
    expect((await syncReturnToPlatform(db(), created.view.id)).actions).toEqual(["request", "approve"]);
    expect(fake.store.returns).toHaveLength(1);
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: created.view.id, action: "synced.request" } });
    expect(audit.data).not.toHaveProperty("reconciled");
  });

  it("shows a failed sync on the return and succeeds when retried", async () => {
    const shop = await installedShop();
    const created = await requestOnShopify(shop);
    fake.failNext(1, 503);
    await expect(syncReturnToPlatform(db(), created.view.id)).rejects.not.toBeInstanceOf(PermanentJobError);
    const failed = await db().returnRequest.findUniqueOrThrow({ where: { id: created.view.id } });
    expect(failed.syncStatus).toBe("failed");
    expect(failed.syncError).toBeTruthy();
    expect(failed.syncedActions).toEqual([]);

    await syncReturnToPlatform(db(), created.view.id);
    expect(await db().returnRequest.findUniqueOrThrow({ where: { id: created.view.id } })).toMatchObject({ syncStatus: "synced", syncError: null, syncedActions: ["request", "approve"] });
    expect(fake.store.returns).toHaveLength(1);
  });
});

describe("the storefront API on a Shopify store", () => {
  it("looks up through Shopify's Admin API, creates the return, and answers a wrong email like a missing order", async () => {
    await installedShop();
    fake.store.addOrder({ name: "#1001", email: "alex@example.com", deliveredAt: new Date(Date.now() - 3 * DAY).toISOString(), lineItems: [{ title: "Linen Shirt", quantity: 2, unitPrice: "49.00", productType: "Shirts" }] });
    const call = async (handler: typeof lookupAction, request: Request) => {
      const response = await handler(routeArgs(request));
      return { status: response.status, body: await response.json() };
    };
    const wrong = await call(lookupAction, proxyRequest("POST", "/returns/lookup", { shop: fake.shop, body: { orderNumber: "1001", email: "sam@example.com" } }));
    const missing = await call(lookupAction, proxyRequest("POST", "/returns/lookup", { shop: fake.shop, body: { orderNumber: "4242", email: "alex@example.com" } }));
    expect(wrong).toEqual(missing);
    expect(wrong.status).toBe(404);

    const found = await call(lookupAction, proxyRequest("POST", "/returns/lookup", { shop: fake.shop, body: { orderNumber: "#1001", email: "ALEX@example.com" } }));
    expect(found.status).toBe(200);
    const line = found.body.order.lineItems[0];
    expect(line).toMatchObject({ title: "Linen Shirt", returnable: true, returnableQuantity: 2, unitPrice: "49.00" });
    const created = await call(createAction, proxyRequest("POST", "/returns", { shop: fake.shop, body: { lookupToken: found.body.lookupToken, items: [{ lineItemId: line.id, quantity: 3, reason: "size_too_small" }], resolution: "refund" } }));
    expect([created.status, created.body.error.fields["items[0].quantity"]]).toEqual([400, "must be at most 2"]);
    const ok = await call(createAction, proxyRequest("POST", "/returns", { shop: fake.shop, body: { lookupToken: found.body.lookupToken, items: [{ lineItemId: line.id, quantity: 2, reason: "size_too_small" }], resolution: "refund" } }));
    expect(ok.status).toBe(201);
    expect(ok.body.return).toMatchObject({ status: "approved", refundEstimate: { amount: "98.00", currency: "USD" } });
  });
});
