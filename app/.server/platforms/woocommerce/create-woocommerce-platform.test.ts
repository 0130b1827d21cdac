import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeWooCommerce, type FakeWooCommerce } from "../../../../tests/fakes/woocommerce";
import { PlatformError } from "../platform";
import { createWooCommercePlatform } from "./create-woocommerce-platform";
import { allocateRefund } from "./refund-lines";
import { createWooClient, setWooCommerceHttpsAgent } from "./woo-client";

let secure: FakeWooCommerce;
let plain: FakeWooCommerce;
const waits: number[] = [];
const sleep = async (ms: number) => {
  waits.push(ms);
};

beforeAll(async () => {
  [secure, plain] = await Promise.all([createFakeWooCommerce({ https: true }), createFakeWooCommerce({ https: false })]);
  setWooCommerceHttpsAgent(secure.httpsAgent);
});
afterAll(async () => {
  setWooCommerceHttpsAgent(undefined);
  await Promise.all([secure?.close(), plain?.close()]);
});

function platformFor(fake: FakeWooCommerce, options: { gatewayRefunds?: boolean; keys?: { consumerKey: string; consumerSecret: string } } = {}) {
  const client = createWooClient({ storeUrl: fake.url, consumerKey: options.keys?.consumerKey ?? fake.consumerKey, consumerSecret: options.keys?.consumerSecret ?? fake.consumerSecret }, { sleep });
  return createWooCommercePlatform({ client, gatewayRefunds: options.gatewayRefunds ?? false });
}

function addShirtOrder(fake: FakeWooCommerce, email = "alex@example.com") {
  return fake.store.addOrder({
    email,
    lineItems: [
      { name: "Linen Shirt", quantity: 2, total: "90.00", totalTax: "8.00", sku: "LS-M" },
      { name: "Canvas Tote", quantity: 1, total: "20.00" },
    ],
  });
}

describe.each([
  ["HTTPS with Basic auth", () => secure, "basic"],
  ["plain HTTP with OAuth 1.0a", () => plain, "oauth1"],
] as const)("the WooCommerce adapter over %s", (_label, fake, auth) => {
  it("carries the billing and shipping phones in E.164, and finds an order by either, never by another number", async () => {
    const order = fake().store.addOrder({ email: "gb@example.com", country: "GB", billingPhone: "07700 900123", shippingPhone: "+44 7700 900456", lineItems: [{ name: "Linen Shirt", quantity: 1, total: "49.00" }] });
    const bare = addShirtOrder(fake());
    const platform = platformFor(fake());
    expect((await platform.findOrder(order.number, "gb@example.com"))!.phones).toEqual(["+447700900123", "+447700900456"]);
    expect((await platform.findOrder(bare.number, "alex@example.com"))!.phones).toEqual([]);
    expect(await platform.findOrderByPhone(`#${order.number}`, "+447700900123")).toMatchObject({ id: String(order.id), email: "gb@example.com" });
    expect(await platform.findOrderByPhone(order.number, "whatsapp:+447700900456")).toMatchObject({ id: String(order.id) });
    expect(await platform.findOrderByPhone(order.number, "+447700900999")).toBeNull();
    expect(await platform.findOrderByPhone(bare.number, "+447700900123")).toBeNull();
    expect(await platform.findOrderByPhone(order.number, "")).toBeNull();
  });

  it("finds an order by number and billing email, case-insensitively, and a wrong email finds nothing", async () => {
    const order = addShirtOrder(fake(), "Alex@Example.com");
    const platform = platformFor(fake());
    const found = await platform.findOrder(`#${order.number}`, "alex@EXAMPLE.com");
    expect(found).toMatchObject({
      id: String(order.id),
      name: `#${order.number}`,
      email: "alex@example.com",
      customerName: "Alex Doe",
      currency: "USD",
      totalPrice: "118.00",
      lineItems: [
        { id: String(order.line_items[0]!.id), title: "Linen Shirt", quantity: 2, unitPrice: "49.00", sku: "LS-M" },
        { id: String(order.line_items[1]!.id), title: "Canvas Tote", quantity: 1, unitPrice: "20.00" },
      ],
    });
    expect(found!.deliveredAt).toBeInstanceOf(Date);
    expect(await platform.findOrder(order.number, "someone@example.com")).toBeNull();
    expect(await platform.findOrder("999999", "alex@example.com")).toBeNull();
    expect(fake().calls.filter((c) => c.path.startsWith("/wp-json/wc/v3/orders")).every((c) => c.auth === auth)).toBe(true);
  });

  it("refuses wrong keys with a non-retryable error that names the keys", async () => {
    const platform = platformFor(fake(), { keys: { consumerKey: fake().consumerKey, consumerSecret: "cs_wrong" } });
    const error = await platform.findOrder("1", "alex@example.com").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ retryable: false, message: expect.stringMatching(/refused Dokani's API keys/) });
    expect(fake().calls.at(-1)).toMatchObject({ status: 401, auth: "none" });
  });

  it("counts returnable quantities net of earlier refunds", async () => {
    const order = addShirtOrder(fake());
    fake().store.refundInAdmin(order.id, [{ lineItemId: order.line_items[0]!.id, quantity: 1 }], "49.00");
    const platform = platformFor(fake());
    const found = (await platform.findOrder(order.number, "alex@example.com"))!;
    expect(await platform.returnableQuantities(found)).toEqual({ [String(order.line_items[0]!.id)]: 1, [String(order.line_items[1]!.id)]: 1 });
  });

  it("records requests and decisions as private order notes", async () => {
    const order = addShirtOrder(fake());
    const platform = platformFor(fake());
    const found = (await platform.findOrder(order.number, "alex@example.com"))!;
    const lines = [{ lineItemId: String(order.line_items[0]!.id), quantity: 1, reason: "size_too_small" as const }];
    expect(await platform.requestReturn(found, lines)).toEqual({ platformReturnId: null });
    await platform.approveReturn(null, found);
    await platform.declineReturn(null, found, "Outside the 30-day window.");
    expect(order.notes.map((n) => [n.customer_note, n.note])).toEqual([
      [false, "Dokani: the return request was declined. Outside the 30-day window."],
      [false, "Dokani: the return request was approved."],
      [false, "Dokani: the customer asked to return 1 × Linen Shirt (size too small)."],
    ]);
  });
});

describe("WooCommerce refunds", () => {
  it("refunds without moving money by default, exactly split into totals and tax, and never twice for one return", async () => {
    const order = addShirtOrder(secure);
    const platform = platformFor(secure);
    const found = (await platform.findOrder(order.number, "alex@example.com"))!;
    const lines = [{ lineItemId: String(order.line_items[0]!.id), quantity: 1, reason: "damaged" as const }];
    const input = { platformReturnId: null, order: found, lines, resolution: "refund" as const, amount: "49.00", currency: "USD", idempotencyKey: "dokani-return-key-1" };
    const first = await platform.processReturn(input);
    const posted = secure.calls.filter((c) => c.method === "POST" && c.path.endsWith("/refunds"));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body).toMatchObject({
      amount: "49.00",
      api_refund: false,
      api_restock: true,
      line_items: [{ id: String(order.line_items[0]!.id), quantity: 1, refund_total: "45.00", refund_tax: "4.00" }],
      meta_data: [{ key: "_dokani_idempotency_key", value: "dokani-return-key-1" }],
    });
    expect(order.refunds[0]).toMatchObject({ amount: "49.00", refunded_payment: false });
    expect(order.refunds[0]!.reason).toContain("dokani-return-key-1");

    const again = await platform.processReturn(input);
    expect(again).toEqual(first);
    expect(secure.calls.filter((c) => c.method === "POST" && c.path.endsWith("/refunds"))).toHaveLength(1);
    expect(order.refunds).toHaveLength(1);
  });

  it("refunds through the gateway when the shop chose it, and restocks only when every item goes back to stock", async () => {
    const order = addShirtOrder(plain);
    const shirt = String(order.line_items[0]!.id);
    const platform = platformFor(plain, { gatewayRefunds: true });
    const found = (await platform.findOrder(order.number, "alex@example.com"))!;
    await platform.processReturn({ platformReturnId: null, order: found, lines: [{ lineItemId: shirt, quantity: 2, reason: "defective", restock: false }], resolution: "refund", amount: "98.00", currency: "USD", idempotencyKey: "dokani-return-key-2" });
    expect(order.refunds[0]).toMatchObject({ amount: "98.00", refunded_payment: true, api_restock: false });
  });

  it("gives store credit as a coupon and records an exchange without a replacement as a note, moving no money", async () => {
    const order = addShirtOrder(secure);
    const platform = platformFor(secure);
    const found = (await platform.findOrder(order.number, "alex@example.com"))!;
    const lines = [{ lineItemId: String(order.line_items[1]!.id), quantity: 1, reason: "changed_mind" as const }];
    expect((await platform.processReturn({ platformReturnId: null, order: found, lines, resolution: "store_credit", amount: "22.00", currency: "USD", idempotencyKey: "k3" })).refundId).toMatch(/^coupon-/);
    expect(order.notes[0]!.customer_note).toBe(true);
    expect(await platform.processReturn({ platformReturnId: null, order: found, lines, resolution: "exchange", amount: "22.00", currency: "USD", idempotencyKey: "k3x" })).toEqual({ refundId: null });
    expect(order.refunds).toEqual([]);
    expect(order.notes[0]!.note).toMatch(/an exchange[\s\S]*No money was refunded/);
  });

  it("surfaces the store's refusal as a non-retryable error with its message", async () => {
    const order = addShirtOrder(secure);
    secure.store.refundInAdmin(order.id, [], "100.00");
    const platform = platformFor(secure);
    const found = (await platform.findOrder(order.number, "alex@example.com"))!;
    const error = await platform
      .processReturn({ platformReturnId: null, order: found, lines: [{ lineItemId: String(order.line_items[1]!.id), quantity: 1, reason: "other" }], resolution: "refund", amount: "20.00", currency: "USD", idempotencyKey: "k4" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ retryable: false, message: "The store refused writing orders/" + order.id + "/refunds: Invalid refund amount.", userErrors: [{ message: "Invalid refund amount." }] });
    expect(order.refunds).toHaveLength(1);
  });

  it("refuses a line the order does not have, or more than is left, before calling the store", async () => {
    const order = addShirtOrder(secure);
    const platform = platformFor(secure);
    const found = (await platform.findOrder(order.number, "alex@example.com"))!;
    const base = { platformReturnId: null, order: found, resolution: "refund" as const, amount: "10.00", currency: "USD", idempotencyKey: "k5" };
    await expect(platform.processReturn({ ...base, lines: [{ lineItemId: "424242", quantity: 1, reason: "other" }] })).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/no item 424242/) });
    await expect(platform.processReturn({ ...base, lines: [{ lineItemId: String(order.line_items[1]!.id), quantity: 2, reason: "other" }] })).rejects.toMatchObject({ retryable: false });
    expect(order.refunds).toEqual([]);
  });
});

describe("throttling and failures", () => {
  it("waits as Retry-After says and tries a throttled call again", async () => {
    const order = addShirtOrder(secure);
    waits.length = 0;
    secure.failNext(2, 429, "3");
    const found = await platformFor(secure).findOrder(order.number, "alex@example.com");
    expect(found?.id).toBe(String(order.id));
    expect(waits).toEqual([3000, 3000]);
  });

  it("gives up as retryable when the store keeps failing, and leaves a failed write to the job", async () => {
    const order = addShirtOrder(secure);
    const platform = platformFor(secure);
    const found = (await platform.findOrder(order.number, "alex@example.com"))!;
    secure.failNext(4, 503);
    await expect(platform.returnableQuantities(found)).rejects.toMatchObject({ name: "PlatformError", retryable: true, message: expect.stringMatching(/failed reading .*\(503\)/) });
    secure.failNext(1, 500);
    await expect(platform.approveReturn(null, found)).rejects.toMatchObject({ retryable: true });
    expect(order.notes).toEqual([]);
    secure.failNext(1, 429, "120");
    await expect(platform.approveReturn(null, found)).rejects.toMatchObject({ retryable: true, retryAfterSeconds: 120 });
  });

  it("treats an unreachable store as retryable", async () => {
    const client = createWooClient({ storeUrl: "http://127.0.0.1:9", consumerKey: "ck", consumerSecret: "cs" }, { sleep, retries: 0 });
    const platform = createWooCommercePlatform({ client, gatewayRefunds: false });
    await expect(platform.findOrder("1", "a@example.com")).rejects.toMatchObject({ name: "PlatformError", retryable: true });
  });
});

describe("allocateRefund", () => {
  it("splits an amount over lines in exact cents that add up", () => {
    const lines = allocateRefund(1000, [
      { id: "a", quantity: 1, grossCents: 333, taxCents: 33 },
      { id: "b", quantity: 1, grossCents: 333, taxCents: 0 },
      { id: "c", quantity: 1, grossCents: 334, taxCents: 34 },
    ]);
    const sum = lines.reduce((s, l) => s + Math.round(Number(l.refund_total) * 100) + Math.round(Number(l.refund_tax) * 100), 0);
    expect(sum).toBe(1000);
    expect(lines[2]).toEqual({ id: "c", quantity: 1, refund_total: "3.00", refund_tax: "0.34" });
  });
});
