import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectFakeStore, createFakeWooCommerce, drainJobs, type FakeWooCommerce } from "../../tests/fakes/woocommerce";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { db } from "../.server/db.server";
import { jobRegistry } from "../.server/job-registry.server";
import { startJobRuntime, stopJobRuntime } from "../.server/jobs/runtime.server";
import { setWooCommerceHttpsAgent } from "../.server/platforms/woocommerce/woo-client";
import { action } from "./webhooks.woocommerce.$shopId";

setupTestDatabase();
let fake: FakeWooCommerce;

beforeAll(async () => {
  fake = await createFakeWooCommerce({ https: true });
  setWooCommerceHttpsAgent(fake.httpsAgent);
});
beforeEach(async () => {
  await stopJobRuntime();
  await clearDatabase();
  await startJobRuntime({ client: db(), registry: jobRegistry, pollMs: 50 });
});
afterAll(async () => {
  await stopJobRuntime();
  setWooCommerceHttpsAgent(undefined);
  await fake?.close();
});

/** A delivery exactly as WooCommerce sends one: JSON body, base64 HMAC-SHA256 of it, its headers. */
function delivery(shopId: string, secret: string, payload: unknown, options: { deliveryId?: string; topic?: string; signature?: string } = {}) {
  const body = JSON.stringify(payload);
  return new Request(`http://localhost:3000/webhooks/woocommerce/${shopId}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-WC-Webhook-Source": fake.url,
      "X-WC-Webhook-Topic": options.topic ?? "order.updated",
      "X-WC-Webhook-Resource": "order",
      "X-WC-Webhook-Event": "updated",
      "X-WC-Webhook-Signature": options.signature ?? createHmac("sha256", secret).update(body).digest("base64"),
      "X-WC-Webhook-ID": "77",
      "X-WC-Webhook-Delivery-ID": options.deliveryId ?? String(Math.floor(Math.random() * 1e9)),
    },
    body,
  });
}

const post = async (request: Request, shopId: string) => {
  const response = await action(routeArgs(request, { shopId }));
  return { status: response.status, text: await response.text() };
};

/** A connected store with an order that has an open Dokani return for one shirt. */
async function storeWithOpenReturn() {
  const store = await connectFakeStore(fake);
  const order = fake.store.addOrder({ email: "alex@example.com", lineItems: [{ name: "Linen Shirt", quantity: 2, total: "98.00" }] });
  const created = await db().returnRequest.create({
    data: {
      shopId: store.shopId, platformOrderId: String(order.id), orderName: `#${order.number}`, orderProcessedAt: new Date(), orderTotal: "98.00", currency: "USD", customerEmail: "alex@example.com", status: "pending_review", resolution: "refund",
      items: { create: [{ lineItemId: String(order.line_items[0]!.id), title: "Linen Shirt", quantity: 1, unitPrice: "49.00", reason: "damaged" }] },
    },
  });
  return { store, order, returnId: created.id };
}

const counts = async () => ({ deliveries: await db().webhookDelivery.count(), jobs: await db().jobOutbox.count(), events: await db().securityEvent.count() });

describe("POST /webhooks/woocommerce/{shopId}", () => {
  it("answers the unsigned creation ping with 200 and writes nothing", async () => {
    const { store } = await storeWithOpenReturn();
    const before = await counts();
    const ping = new Request(`http://localhost:3000/webhooks/woocommerce/${store.shopId}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "webhook_id=77" });
    expect((await post(ping, store.shopId)).status).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it("flags open returns for review once when the order is cancelled, and ignores a repeated delivery", async () => {
    const { store, order, returnId } = await storeWithOpenReturn();
    const payload = { id: order.id, status: "cancelled", number: order.number };
    expect((await post(delivery(store.shopId, store.webhookSecret, payload, { deliveryId: "1001" }), store.shopId)).status).toBe(200);
    expect((await post(delivery(store.shopId, store.webhookSecret, payload, { deliveryId: "1001" }), store.shopId)).status).toBe(200);
    expect(await db().webhookDelivery.count()).toBe(1);
    expect(await db().jobOutbox.count({ where: { name: "woocommerce.order-updated" } })).toBe(1);
    await drainJobs();
    // A later delivery about the same cancellation flags nothing new.
    expect((await post(delivery(store.shopId, store.webhookSecret, payload, { deliveryId: "1002" }), store.shopId)).status).toBe(200);
    await drainJobs();
    const events = await db().securityEvent.findMany();
    expect(events).toMatchObject([{ kind: "woocommerce_order_closed", returnId, shopId: store.shopId, severity: "medium" }]);
    expect(await db().auditLog.count({ where: { entityId: returnId, action: "platform.order_closed" } })).toBe(1);
  });

  it("notes a refund made in WooCommerce for an item in an open return", async () => {
    const { store, order, returnId } = await storeWithOpenReturn();
    fake.store.refundInAdmin(order.id, [{ lineItemId: order.line_items[0]!.id, quantity: 1 }], "49.00");
    await post(delivery(store.shopId, store.webhookSecret, { id: order.id, status: "processing" }), store.shopId);
    await drainJobs();
    await post(delivery(store.shopId, store.webhookSecret, { id: order.id, status: "processing" }), store.shopId);
    await drainJobs();
    const notes = await db().auditLog.findMany({ where: { entityId: returnId, action: "platform.refunded_outside" } });
    expect(notes).toHaveLength(1);
    expect(notes[0]!.message).toMatch(/Refunded in WooCommerce outside Dokani: 1 × Linen Shirt/);
  });

  it("answers 401 and writes nothing for a bad signature, another store's secret, an unknown or non-WooCommerce shop", async () => {
    const { store, order } = await storeWithOpenReturn();
    const other = await db().shop.create({ data: { platform: "shopify", domain: "other.myshopify.com", name: "Other" } });
    const before = await counts();
    const payload = { id: order.id, status: "cancelled" };
    const attempts: Array<[Request, string]> = [
      [delivery(store.shopId, store.webhookSecret, payload, { signature: "AAAA" }), store.shopId],
      [delivery(store.shopId, "another-store-secret-another-store-secret", payload), store.shopId],
      [delivery(store.shopId, store.webhookSecret, payload, { signature: "" }), store.shopId],
      [delivery(randomUUID(), store.webhookSecret, payload), randomUUID()],
      [delivery(other.id, store.webhookSecret, payload), other.id],
      [delivery("not-a-uuid", store.webhookSecret, payload), "not-a-uuid"],
    ];
    for (const [request, shopId] of attempts) {
      const response = await post(request, shopId);
      expect(response.status).toBe(401);
      expect(JSON.parse(response.text)).toEqual({ error: { code: "invalid_signature", message: "This webhook is not signed by a store connected to Dokani." } });
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses a signed body that is not an order, and other methods", async () => {
    const { store } = await storeWithOpenReturn();
    const before = await counts();
    expect((await post(delivery(store.shopId, store.webhookSecret, { hello: "world" }), store.shopId)).status).toBe(400);
    const get = await action(routeArgs(new Request(`http://localhost:3000/webhooks/woocommerce/${store.shopId}`, { method: "PUT" }), { shopId: store.shopId }));
    expect(get.status).toBe(405);
    expect(await counts()).toEqual(before);
  });
});
