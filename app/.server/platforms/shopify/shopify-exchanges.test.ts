import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFakeShopify, FAKE_DEFAULT_SCOPES } from "../../../../tests/fakes/shopify-admin";
import { PlatformError, type PlatformOrder } from "../platform";
import { createShopifyPlatform } from "./create-shopify-platform";

const NOW = new Date("2026-11-22T12:00:00.000Z");
const fake = createFakeShopify({ now: () => NOW });
const EXCHANGE_SCOPES = FAKE_DEFAULT_SCOPES;

beforeAll(() => fake.server.listen({ onUnhandledFrame: "error" }));
afterEach(() => fake.reset());
afterAll(() => fake.server.close());

function shopify(scopes: readonly string[] = EXCHANGE_SCOPES) {
  fake.setScopes([...scopes]);
  return createShopifyPlatform({ shopDomain: fake.shop, graphql: fake.graphql, scopes, retry: { sleep: async (ms: number) => fake.elapse(ms) } });
}

function seed() {
  const shirt = fake.store.addProduct({
    title: "Linen Shirt",
    productType: "Shirts",
    variants: [
      { title: "M", sku: "LS-M", price: "49.00", inventory: 4 },
      { title: "L", sku: "LS-L", price: "49.00", inventory: 2 },
      { title: "XL", sku: "LS-XL", price: "49.00", inventory: 0 },
      { title: "XXL", sku: "LS-XXL", price: "55.00", inventory: 3 },
    ],
  });
  const [m, l, xl, xxl] = shirt.variants;
  fake.store.addOrder({
    name: "#1001",
    email: "alex@example.com",
    processedAt: "2026-11-01T10:00:00.000Z",
    deliveredAt: "2026-11-04T10:00:00.000Z",
    lineItems: [{ title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 1, unitPrice: "49.00", productType: "Shirts", productId: shirt.id, variantId: m!.id }],
  });
  return { shirt, gid: (v: { id: string }) => `gid://shopify/ProductVariant/${v.id}`, m: m!, l: l!, xl: xl!, xxl: xxl! };
}

async function order(platform: ReturnType<typeof shopify>): Promise<PlatformOrder> {
  return (await platform.findOrder("1001", "alex@example.com"))!;
}

const lines = (o: PlatformOrder) => [{ lineItemId: o.lineItems[0]!.id, quantity: 1, reason: "size_too_small" as const }];

describe("Shopify exchanges", () => {
  it("reads the line's product and the variants with their stock", async () => {
    const s = seed();
    const platform = shopify();
    const o = await order(platform);
    expect(o.lineItems[0]).toMatchObject({ productId: `gid://shopify/Product/${s.shirt.id}`, variantId: s.gid(s.m) });
    const product = await platform.productVariants(o.lineItems[0]!.productId!);
    expect(product!.variants.map((v) => [v.title, v.price, v.available])).toEqual([
      ["M", "49.00", 4],
      ["L", "49.00", 2],
      ["XL", "49.00", 0],
      ["XXL", "55.00", 3],
    ]);
  });

  it("creates the exchange as an open return with exchange lines, held until the return arrives, then released once", async () => {
    const s = seed();
    const platform = shopify();
    const o = await order(platform);
    const replacement = { lineItemId: o.lineItems[0]!.id, productId: `gid://shopify/Product/${s.shirt.id}`, variantId: s.gid(s.l), quantity: 1, price: "49.00" };
    const input = { order: o, lines: lines(o), replacements: [replacement], difference: { amount: "0.00", settlement: "none" as const }, instant: false, idempotencyKey: "k1" };
    const created = await platform.createExchange(input);
    expect(created.exchangeId).toMatch(/^gid:\/\/shopify\/Return\//);
    expect(fake.store.returns).toHaveLength(1);
    expect(fake.store.returns[0]).toMatchObject({ status: "OPEN", exchangeLines: [{ variantId: s.l.id, quantity: 1 }] });
    expect(s.l.inventory).toBe(1);
    const held = fake.store.orders[0]!.fulfillmentOrders![0]!;
    expect(held).toMatchObject({ status: "ON_HOLD", holds: [{ reason: "AWAITING_RETURN_ITEMS" }] });

    // A retry after a lost answer finds the exchange made, and takes no more stock.
    expect(await platform.createExchange(input)).toEqual(created);
    expect(fake.store.returns).toHaveLength(1);
    expect(s.l.inventory).toBe(1);

    await platform.releaseExchange({ exchangeId: created.exchangeId, order: o });
    expect(held.status).toBe("OPEN");
    await platform.releaseExchange({ exchangeId: created.exchangeId, order: o });
    const sent = fake.calls.map((c) => c.query);
    expect(sent.filter((q) => q.includes("mutation DokaniReleaseHold"))).toHaveLength(1);
    expect(sent.some((q) => q.includes("query DokaniReturnCalculate"))).toBe(true);
  });

  it("processes the exchange with its exchange lines and invoices the shopper for a dearer size", async () => {
    const s = seed();
    const platform = shopify();
    const o = await order(platform);
    const replacement = { lineItemId: o.lineItems[0]!.id, productId: `gid://shopify/Product/${s.shirt.id}`, variantId: s.gid(s.xxl), quantity: 1, price: "55.00" };
    const created = await platform.createExchange({ order: o, lines: lines(o), replacements: [replacement], difference: { amount: "6.00", settlement: "collect" }, instant: true, idempotencyKey: "k2" });
    await platform.releaseExchange({ exchangeId: created.exchangeId, order: o });
    const result = await platform.processReturn({
      platformReturnId: created.platformReturnId,
      order: o,
      lines: lines(o),
      resolution: "exchange",
      amount: "0.00",
      currency: "USD",
      idempotencyKey: "dokani-return-x",
      exchange: { exchangeId: created.exchangeId, settlement: "collect", difference: "6.00" },
    });
    expect(result.refundId).toBeNull();
    expect(fake.store.returns[0]!.exchangeLines![0]!.processedQuantity).toBe(1);
    expect(fake.store.returns[0]!.status).toBe("CLOSED");
    expect(fake.store.orders[0]!.invoicesSent).toEqual([{ to: "alex@example.com", amount: "6.00" }]);
  });

  it("refuses to exchange when Shopify's price leaves the shopper owing more than was decided", async () => {
    const s = seed();
    const platform = shopify();
    const o = await order(platform);
    const replacement = { lineItemId: o.lineItems[0]!.id, productId: `gid://shopify/Product/${s.shirt.id}`, variantId: s.gid(s.xxl), quantity: 1, price: "49.00" };
    const error = await platform.createExchange({ order: o, lines: lines(o), replacements: [replacement], difference: { amount: "0.00", settlement: "none" }, instant: false, idempotencyKey: "k3" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).message).toContain("6.00");
    expect(fake.store.returns).toHaveLength(0);
  });

  it("passes on Shopify's userErrors: a variant out of stock, a quantity of zero", async () => {
    const s = seed();
    const platform = shopify();
    const o = await order(platform);
    const base = { lineItemId: o.lineItems[0]!.id, productId: `gid://shopify/Product/${s.shirt.id}`, price: "49.00" };
    const out = await platform.createExchange({ order: o, lines: lines(o), replacements: [{ ...base, variantId: s.gid(s.xl), quantity: 1 }], difference: { amount: "0.00", settlement: "none" }, instant: false, idempotencyKey: "k4" }).catch((e: unknown) => e);
    expect(out).toBeInstanceOf(PlatformError);
    expect((out as PlatformError).userErrors[0]).toMatchObject({ message: "Linen Shirt - XL is out of stock.", field: ["returnInput", "exchangeLineItems", "0", "variantId"] });
    const zero = await platform.createExchange({ order: o, lines: lines(o), replacements: [{ ...base, variantId: s.gid(s.l), quantity: 0 }], difference: { amount: "0.00", settlement: "none" }, instant: false, idempotencyKey: "k5" }).catch((e: unknown) => e);
    expect((zero as PlatformError).userErrors[0]).toMatchObject({ code: "GREATER_THAN" });
  });

  it("refuses a difference refunded in another currency than the order's", async () => {
    const s = seed();
    const platform = shopify();
    const o = await order(platform);
    const replacement = { lineItemId: o.lineItems[0]!.id, productId: `gid://shopify/Product/${s.shirt.id}`, variantId: s.gid(s.l), quantity: 1, price: "49.00" };
    const created = await platform.createExchange({ order: o, lines: lines(o), replacements: [replacement], difference: { amount: "0.00", settlement: "none" }, instant: false, idempotencyKey: "k6" });
    const error = await platform
      .processReturn({ platformReturnId: created.platformReturnId, order: o, lines: lines(o), resolution: "exchange", amount: "5.00", currency: "EUR", idempotencyKey: "x", exchange: { exchangeId: created.exchangeId, settlement: "refund", difference: "5.00" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).message).toMatch(/EUR/);
  });

  it("needs the inventory scope to read stock, as Shopify does", async () => {
    const s = seed();
    const platform = shopify(FAKE_DEFAULT_SCOPES.filter((scope) => scope !== "read_inventory"));
    await expect(platform.productVariants(`gid://shopify/Product/${s.shirt.id}`)).rejects.toThrow();
  });
});
