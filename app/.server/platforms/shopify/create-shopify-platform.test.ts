import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFakeShopify, FAKE_DEFAULT_SCOPES, fetchAdminGraphql, type FakeOrderInput } from "../../../../tests/fakes/shopify-admin";
import { PlatformError, type PlatformOrder } from "../platform";
import { createShopifyPlatform } from "./create-shopify-platform";

const NOW = new Date("2026-11-22T12:00:00.000Z");
const fake = createFakeShopify({ now: () => NOW });

beforeAll(() => fake.server.listen({ onUnhandledFrame: "error" }));
afterEach(() => {
  fake.reset();
  delays.length = 0;
});
afterAll(() => fake.server.close());

const delays: number[] = [];
const WITHOUT_ALL_ORDERS = FAKE_DEFAULT_SCOPES.filter((scope) => scope !== "read_all_orders");

function shopify(scopes: readonly string[] = FAKE_DEFAULT_SCOPES) {
  return createShopifyPlatform({
    shopDomain: fake.shop,
    graphql: fake.graphql,
    scopes,
    retry: { sleep: async (ms) => void delays.push(ms) },
  });
}

const ORDER: FakeOrderInput = {
  name: "#1001",
  email: "Alex@Example.com",
  customerName: "Alex Doe",
  processedAt: "2026-11-01T10:00:00.000Z",
  deliveredAt: "2026-11-04T10:00:00.000Z",
  note: "Leave at the door",
  lineItems: [
    { title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: ["summer"] },
    { title: "Wool Beanie", quantity: 1, unitPrice: "28.50", productType: "Hats" },
  ],
};

async function findSeeded(input: FakeOrderInput = ORDER) {
  fake.store.addOrder(input);
  const order = await shopify().findOrder(input.name, input.email ?? "");
  if (!order) throw new Error("the seeded order was not found");
  return order;
}

async function rejection(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe("findOrder", () => {
  it("finds an order by its number with or without '#', whatever the email's case, with exact money", async () => {
    const seeded = fake.store.addOrder(ORDER);
    const withHash = await shopify().findOrder("#1001", "alex@example.com");
    const withoutHash = await shopify().findOrder(" 1001 ", "ALEX@example.COM ");

    expect(withoutHash).toEqual(withHash);
    expect(withHash).toEqual<PlatformOrder>({
      id: seeded.id,
      name: "#1001",
      email: "alex@example.com",
      customerName: "Alex Doe",
      currency: "USD",
      totalPrice: "126.50",
      processedAt: new Date("2026-11-01T10:00:00.000Z"),
      deliveredAt: new Date("2026-11-04T10:00:00.000Z"),
      note: "Leave at the door",
      phones: [],
      lineItems: [
        { id: seeded.lineItems[0]!.id, title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: ["summer"], productId: `gid://shopify/Product/${seeded.lineItems[0]!.productId}`, variantId: null, deliveryStatus: "delivered" },
        { id: seeded.lineItems[1]!.id, title: "Wool Beanie", variantTitle: null, sku: null, quantity: 1, unitPrice: "28.50", productType: "Hats", tags: [], productId: `gid://shopify/Product/${seeded.lineItems[1]!.productId}`, variantId: null, deliveryStatus: "delivered" },
      ],
    });
  });

  it("answers a wrong email exactly like a missing order, without reading the order's details", async () => {
    fake.store.addOrder(ORDER);
    expect(await shopify().findOrder("1001", "someone@else.com")).toBeNull();
    expect(await shopify().findOrder("1002", "alex@example.com")).toBeNull();
    expect(fake.calls.map((call) => call.operationName)).toEqual(["DokaniFindOrders", "DokaniFindOrders"]);
  });

  it("carries every phone of the order in E.164: its own, its customer's and its addresses', national ones placed by their country", async () => {
    const seeded = fake.store.addOrder({
      ...ORDER,
      phone: "+1 (415) 555-0123",
      customerPhone: "+14155550123",
      shippingAddress: { phone: "07700 900123", countryCode: "GB" },
      billingAddress: { phone: "06 12 34 56 78", countryCode: "FR" },
    });
    const found = await shopify().findOrder("1001", "alex@example.com");
    expect(found).toMatchObject({ id: seeded.id, phones: ["+14155550123", "+447700900123", "+33612345678"] });
  });

  it("finds an order by a phone it carries, answers another number like a missing order, and loads no details for either", async () => {
    const seeded = fake.store.addOrder({ ...ORDER, email: null, shippingAddress: { phone: "07700 900123", countryCode: "GB" } });
    fake.store.addOrder({ ...ORDER, name: "#1002", customerPhone: "+447700900999" });
    expect(await shopify().findOrderByPhone("#1001", "whatsapp:+447700900123")).toMatchObject({ id: seeded.id, email: "", phones: ["+447700900123"] });
    fake.calls.length = 0;
    expect(await shopify().findOrderByPhone("1001", "+447700900999")).toBeNull();
    expect(await shopify().findOrderByPhone("1003", "+447700900123")).toBeNull();
    expect(await shopify().findOrderByPhone("1001", "not a number")).toBeNull();
    expect(fake.calls.map((call) => call.operationName)).toEqual(["DokaniFindOrders", "DokaniFindOrders"]);
    // The customer's own number proves the order too.
    expect(await shopify().findOrderByPhone("1002", "+447700900999")).toMatchObject({ name: "#1002", phones: ["+447700900999"] });
  });

  it("does not let a shopper widen the search with Shopify's query syntax", async () => {
    fake.store.addOrder(ORDER);
    expect(await shopify().findOrder('1001" OR name:"1002', "alex@example.com")).toBeNull();
    expect(fake.calls[0]!.variables).toEqual({ query: 'name:"1001 OR name:1002"' });
  });

  it("has no delivery date until a parcel is delivered, then the date the last one arrived", async () => {
    const pending = await findSeeded({ ...ORDER, deliveredAt: null });
    expect(pending.deliveredAt).toBeNull();

    const split = await findSeeded({
      ...ORDER,
      name: "#1002",
      fulfillments: [
        { deliveredAt: "2026-11-03T09:00:00.000Z", lines: [{ index: 0, quantity: 2 }] },
        { deliveredAt: "2026-11-06T15:00:00.000Z", lines: [{ index: 1, quantity: 1 }] },
      ],
    });
    expect(split.deliveredAt).toEqual(new Date("2026-11-06T15:00:00.000Z"));
  });

  it("reads every line of a large order, page by page", async () => {
    const lineItems = Array.from({ length: 130 }, (_, i) => ({ title: `Sock ${i + 1}`, quantity: 1, unitPrice: "3.10" }));
    const order = await findSeeded({ ...ORDER, lineItems });
    expect(order.lineItems).toHaveLength(130);
    expect(order.lineItems.at(-1)).toMatchObject({ title: "Sock 130", unitPrice: "3.10" });
    expect(order.totalPrice).toBe("403.00");
  });
});

describe("the 60-day order window", () => {
  const old = { ...ORDER, processedAt: "2026-08-01T10:00:00.000Z", deliveredAt: "2026-08-05T10:00:00.000Z" };

  it("without read_all_orders, an older order is not found and the merchant is told why", async () => {
    fake.setScopes(WITHOUT_ALL_ORDERS);
    fake.store.addOrder(old);
    const platform = shopify(WITHOUT_ALL_ORDERS);

    expect(await platform.findOrder("1001", "alex@example.com")).toBeNull();
    expect(platform.lookupLimitation()).toMatch(/last 60 days/);
    expect(platform.lookupLimitation()).toMatch(/read_all_orders/);
  });

  it("with read_all_orders, the same order is found and nothing limits lookups", async () => {
    fake.store.addOrder(old);
    const platform = shopify(FAKE_DEFAULT_SCOPES);

    expect(await platform.findOrder("1001", "alex@example.com")).toMatchObject({ name: "#1001" });
    expect(platform.lookupLimitation()).toBeNull();
  });
});

describe("returnableQuantities", () => {
  it("is what Shopify still allows back: shipped units less those already in a return", async () => {
    const order = await findSeeded();
    const [shirt, beanie] = order.lineItems;
    expect(await shopify().returnableQuantities(order)).toEqual({ [shirt!.id]: 2, [beanie!.id]: 1 });

    await shopify().requestReturn(order, [{ lineItemId: shirt!.id, quantity: 1, reason: "size_too_small" }]);
    expect(await shopify().returnableQuantities(order)).toEqual({ [shirt!.id]: 1, [beanie!.id]: 1 });
  });

  it("is zero for a line that has not shipped yet", async () => {
    const order = await findSeeded({ ...ORDER, fulfillments: [{ deliveredAt: "2026-11-04T10:00:00.000Z", lines: [{ index: 0, quantity: 1 }] }] });
    const [shirt, beanie] = order.lineItems;
    expect(await shopify().returnableQuantities(order)).toEqual({ [shirt!.id]: 1, [beanie!.id]: 0 });
  });

  it("counts every line of a shipment with more lines than one page", async () => {
    const lineItems = Array.from({ length: 45 }, (_, i) => ({ title: `Pin ${i + 1}`, quantity: 2, unitPrice: "1.00" }));
    const order = await findSeeded({ ...ORDER, lineItems });
    const quantities = await shopify().returnableQuantities(order);
    expect(Object.values(quantities)).toEqual(Array(45).fill(2));
    expect(fake.calls.some((call) => call.operationName === "DokaniReturnableFulfillmentLines")).toBe(true);
  });
});

describe("a return on Shopify", () => {
  it("is requested, approved and processed: the refund goes back to the payment, once", async () => {
    const order = await findSeeded();
    const shirt = order.lineItems[0]!;
    const lines = [{ lineItemId: shirt.id, quantity: 1, reason: "size_too_small" as const, note: "Too tight on the shoulders" }];
    const platform = shopify();

    const { platformReturnId } = await platform.requestReturn(order, lines);
    expect(platformReturnId).toMatch(/^gid:\/\/shopify\/Return\/\d+$/);
    const stored = fake.store.getReturn(platformReturnId!.split("/").pop()!)!;
    expect(stored).toMatchObject({ status: "REQUESTED", lines: [{ quantity: 1, returnReason: "SIZE_TOO_SMALL", customerNote: "Too tight on the shoulders" }] });

    await platform.approveReturn(platformReturnId, order);
    expect(stored.status).toBe("OPEN");
    // A retried sync approves again: nothing changes and nothing fails.
    await platform.approveReturn(platformReturnId, order);

    const input = { platformReturnId, order, lines, resolution: "refund" as const, amount: "49.00", currency: "USD", idempotencyKey: "dokani-return-1" };
    const { refundId } = await platform.processReturn(input);
    expect(refundId).toMatch(/^gid:\/\/shopify\/Refund\/\d+$/);
    expect(stored.status).toBe("CLOSED");
    expect(stored.refunds).toEqual([expect.objectContaining({ amount: "49.00", storeCredit: "0.00" })]);
    const seeded = fake.store.order(order.id)!;
    expect(seeded.transactions.filter((t) => t.kind === "REFUND")).toEqual([
      expect.objectContaining({ amount: "49.00", status: "SUCCESS", parentId: seeded.transactions[0]!.id }),
    ]);

    // The sync job lost the answer and calls again: the same refund comes back, no second one is made.
    expect(await platform.processReturn(input)).toEqual({ refundId });
    expect(stored.refunds).toHaveLength(1);
    expect(seeded.transactions.filter((t) => t.kind === "REFUND")).toHaveLength(1);
  });

  it("issues store credit instead of a refund when the shopper chose it", async () => {
    const order = await findSeeded();
    const beanie = order.lineItems[1]!;
    const lines = [{ lineItemId: beanie.id, quantity: 1, reason: "changed_mind" as const }];
    const platform = shopify();
    const { platformReturnId } = await platform.requestReturn(order, lines);
    await platform.approveReturn(platformReturnId, order);

    const { refundId } = await platform.processReturn({ platformReturnId, order, lines, resolution: "store_credit", amount: "31.35", currency: "USD", idempotencyKey: "k" });

    const stored = fake.store.getReturn(platformReturnId!.split("/").pop()!)!;
    expect(refundId).not.toBeNull();
    expect(stored.lines[0]!.returnReason).toBe("UNWANTED");
    expect(stored.refunds).toEqual([expect.objectContaining({ amount: "0.00", storeCredit: "31.35" })]);
    expect(fake.store.order(order.id)!.transactions.filter((t) => t.kind === "REFUND")).toEqual([]);
  });

  it("is declined with Shopify's nearest reason, and the items can be returned again", async () => {
    const order = await findSeeded();
    const shirt = order.lineItems[0]!;
    const platform = shopify();
    const { platformReturnId } = await platform.requestReturn(order, [{ lineItemId: shirt.id, quantity: 2, reason: "arrived_late", note: "Came after the trip" }]);
    const stored = fake.store.getReturn(platformReturnId!.split("/").pop()!)!;
    expect(stored.lines[0]).toMatchObject({ returnReason: "OTHER", customerNote: "Arrived late: Came after the trip" });
    expect((await platform.returnableQuantities(order))[shirt.id]).toBe(0);

    await platform.declineReturn(platformReturnId, order, "outside_window");
    expect(stored).toMatchObject({ status: "DECLINED", decline: { reason: "RETURN_PERIOD_ENDED", note: "The return window for this order has ended." } });
    await platform.declineReturn(platformReturnId, order, "outside_window");
    expect((await platform.returnableQuantities(order))[shirt.id]).toBe(2);
  });

  it("passes a merchant's own decline words to Shopify as the note", async () => {
    const order = await findSeeded();
    const platform = shopify();
    const { platformReturnId } = await platform.requestReturn(order, [{ lineItemId: order.lineItems[1]!.id, quantity: 1, reason: "defective" }]);
    await platform.declineReturn(platformReturnId, order, "The photos show wear from use.");
    expect(fake.store.getReturn(platformReturnId!.split("/").pop()!)!.decline).toEqual({ reason: "OTHER", note: "The photos show wear from use." });
  });

  it("surfaces Shopify's userErrors as a PlatformError that is not retried, with Shopify's message", async () => {
    const order = await findSeeded();
    const platform = shopify();
    const { platformReturnId } = await platform.requestReturn(order, [{ lineItemId: order.lineItems[0]!.id, quantity: 1, reason: "defective" }]);
    await platform.declineReturn(platformReturnId, order, "Not covered");

    const error = await rejection(platform.approveReturn(platformReturnId, order));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("Only returns with status REQUESTED can be approved");
    expect(error.userErrors).toEqual([expect.objectContaining({ field: ["input", "id"], code: "INVALID_STATE" })]);
  });

  it("refuses to ask Shopify for more than it allows back", async () => {
    const order = await findSeeded();
    const error = await rejection(shopify().requestReturn(order, [{ lineItemId: order.lineItems[0]!.id, quantity: 3, reason: "defective" }]));
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('Shopify allows 2 of "Linen Shirt" on order #1001 to be returned, not 3.');
    expect(fake.store.returns).toEqual([]);
  });

  it("refuses to refund more than the order's payments hold, before calling returnProcess", async () => {
    const order = await findSeeded();
    const lines = [{ lineItemId: order.lineItems[0]!.id, quantity: 1, reason: "defective" as const }];
    const platform = shopify();
    const { platformReturnId } = await platform.requestReturn(order, lines);
    await platform.approveReturn(platformReturnId, order);

    const error = await rejection(platform.processReturn({ platformReturnId, order, lines, resolution: "refund", amount: "500.00", currency: "USD", idempotencyKey: "k" }));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("at most 126.50 USD");
    expect(fake.calls.some((call) => call.operationName === "DokaniReturnProcess")).toBe(false);
  });

  it("will not process a return Shopify never opened", async () => {
    const order = await findSeeded();
    const error = await rejection(
      shopify().processReturn({ platformReturnId: null, order, lines: [], resolution: "refund", amount: "1.00", currency: "USD", idempotencyKey: "k" }),
    );
    expect(error).toMatchObject({ retryable: false, message: "There is no Shopify return to process for order #1001." });
  });
});

describe("when Shopify is busy or down", () => {
  it("retries a throttled call with exponential backoff and succeeds", async () => {
    fake.store.addOrder(ORDER);
    fake.throttleNext(2);

    expect(await shopify().findOrder("1001", "alex@example.com")).toMatchObject({ name: "#1001" });
    expect(fake.calls.slice(0, 3).map((call) => call.throttled)).toEqual([true, true, false]);
    expect(delays).toEqual([1_000, 2_000]);
  });

  it("gives up after three retries with a PlatformError the sync job will retry", async () => {
    fake.store.addOrder(ORDER);
    fake.throttleNext(10);

    const error = await rejection(shopify().findOrder("1001", "alex@example.com"));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/kept throttling/);
    expect(fake.calls).toHaveLength(4);
    expect(delays).toEqual([1_000, 2_000, 4_000]);
  });

  it("waits as long as Shopify's Retry-After asks after an HTTP 429", async () => {
    fake.store.addOrder(ORDER);
    fake.failNext(1, 429);
    expect(await shopify().findOrder("1001", "alex@example.com")).not.toBeNull();
    expect(delays).toEqual([1_000]);
  });

  it("reports a 5xx as retryable without repeating the call itself", async () => {
    fake.store.addOrder(ORDER);
    fake.failNext(1, 503);
    const error = await rejection(shopify().findOrder("1001", "alex@example.com"));
    expect(error.retryable).toBe(true);
    expect(fake.calls).toHaveLength(1);
  });

  it("reports a network failure as retryable", async () => {
    const platform = createShopifyPlatform({
      shopDomain: fake.shop,
      graphql: async () => {
        throw new TypeError("fetch failed");
      },
      scopes: FAKE_DEFAULT_SCOPES,
    });
    const error = await rejection(platform.findOrder("1001", "alex@example.com"));
    expect(error).toMatchObject({ retryable: true, message: "Could not reach Shopify for the order lookup; it will be tried again." });
  });

  it("reports a revoked access token as not retryable", async () => {
    const platform = createShopifyPlatform({
      shopDomain: fake.shop,
      graphql: fetchAdminGraphql({ shop: fake.shop, accessToken: "shpat_revoked" }),
      scopes: FAKE_DEFAULT_SCOPES,
    });
    const error = await rejection(platform.findOrder("1001", "alex@example.com"));
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/HTTP 401/);
  });

  it("reports a missing access scope as not retryable", async () => {
    fake.setScopes(["read_orders"]);
    const order = await findSeeded();
    const error = await rejection(shopify().returnableQuantities(order));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("Access denied for returnableFulfillments field");
  });
});
