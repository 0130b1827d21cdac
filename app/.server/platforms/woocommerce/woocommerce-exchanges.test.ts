import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeWooCommerce, type FakeWooCommerce } from "../../../../tests/fakes/woocommerce";
import { PlatformError } from "../platform";
import { createWooCommercePlatform } from "./create-woocommerce-platform";
import { createWooClient } from "./woo-client";

let fake: FakeWooCommerce;
beforeAll(async () => {
  fake = await createFakeWooCommerce({ https: false });
});
afterAll(async () => {
  await fake?.close();
});

function platform() {
  return createWooCommercePlatform({ client: createWooClient({ storeUrl: fake.url, consumerKey: fake.consumerKey, consumerSecret: fake.consumerSecret }, { sleep: async () => {} }), gatewayRefunds: false });
}

function seed(email: string) {
  const shirt = fake.store.addProduct({ name: "Linen Shirt", price: "49.00", variations: [{ option: "M", stock: 4 }, { option: "L", stock: 2 }, { option: "XL", stock: 0 }, { option: "XXL", price: "55.00", stock: 3 }] });
  const [m, l, xl, xxl] = shirt.variations;
  const order = fake.store.addOrder({ email, lineItems: [{ name: "Linen Shirt - M", quantity: 1, total: "49.00", productId: shirt.id, variationId: m!.id }] });
  return { shirt, order, m: m!, l: l!, xl: xl!, xxl: xxl! };
}

describe("WooCommerce exchanges", () => {
  it("reads the variations of the line's product with their stock", async () => {
    const s = seed("ana@example.com");
    const p = platform();
    const found = (await p.findOrder(s.order.number, "ana@example.com"))!;
    expect(found.lineItems[0]).toMatchObject({ productId: String(s.shirt.id), variantId: String(s.m.id) });
    const product = await p.productVariants(String(s.shirt.id));
    expect(product!.variants.map((v) => [v.title, v.price, v.available])).toEqual([
      ["M", "49.00", 4],
      ["L", "49.00", 2],
      ["XL", "49.00", 0],
      ["XXL", "55.00", 3],
    ]);
    expect(await p.productVariants("999999")).toBeNull();
  });

  it("creates an exchange order linked to the original, zero total, stock taken, once; released on receipt", async () => {
    const s = seed("ben@example.com");
    const p = platform();
    const order = (await p.findOrder(s.order.number, "ben@example.com"))!;
    const input = {
      order,
      lines: [{ lineItemId: order.lineItems[0]!.id, quantity: 1, reason: "size_too_small" as const }],
      replacements: [{ lineItemId: order.lineItems[0]!.id, productId: String(s.shirt.id), variantId: String(s.l.id), quantity: 1, price: "49.00" }],
      difference: { amount: "0.00", settlement: "none" as const },
      instant: false,
      idempotencyKey: "dokani-exchange-ben",
    };
    const created = await p.createExchange(input);
    const exchange = fake.store.orders.get(Number(created.exchangeId))!;
    expect(exchange).toMatchObject({ parent_id: s.order.id, status: "on-hold", total: "0.00" });
    expect(exchange.meta_data).toContainEqual({ key: "_dokani_original_order", value: String(s.order.id) });
    expect(s.l.stock_quantity).toBe(1);
    expect(await p.createExchange(input)).toEqual(created);
    expect([...fake.store.orders.values()].filter((o) => o.parent_id === s.order.id)).toHaveLength(1);
    expect(s.l.stock_quantity).toBe(1);

    await p.releaseExchange({ exchangeId: created.exchangeId, order });
    expect(exchange.status).toBe("processing");
    await p.releaseExchange({ exchangeId: created.exchangeId, order });
    expect(s.l.stock_quantity).toBe(1);
  });

  it("charges the difference on the exchange order for a dearer size", async () => {
    const s = seed("cy@example.com");
    const p = platform();
    const order = (await p.findOrder(s.order.number, "cy@example.com"))!;
    const created = await p.createExchange({
      order,
      lines: [{ lineItemId: order.lineItems[0]!.id, quantity: 1, reason: "size_too_small" }],
      replacements: [{ lineItemId: order.lineItems[0]!.id, productId: String(s.shirt.id), variantId: String(s.xxl.id), quantity: 1, price: "55.00" }],
      difference: { amount: "6.00", settlement: "collect" },
      instant: true,
      idempotencyKey: "dokani-exchange-cy",
    });
    expect(fake.store.orders.get(Number(created.exchangeId))).toMatchObject({ status: "processing", total: "6.00", date_paid_gmt: null });
  });

  it("refuses an out-of-stock replacement before creating anything (WooCommerce itself would sell below zero)", async () => {
    const s = seed("dee@example.com");
    const p = platform();
    const order = (await p.findOrder(s.order.number, "dee@example.com"))!;
    const before = fake.store.orders.size;
    const error = await p
      .createExchange({
        order,
        lines: [{ lineItemId: order.lineItems[0]!.id, quantity: 1, reason: "size_too_small" }],
        replacements: [{ lineItemId: order.lineItems[0]!.id, productId: String(s.shirt.id), variantId: String(s.xl.id), quantity: 1, price: "49.00" }],
        difference: { amount: "0.00", settlement: "none" },
        instant: false,
        idempotencyKey: "dokani-exchange-dee",
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).message).toContain("out of stock");
    expect(fake.store.orders.size).toBe(before);
  });

  it("gives store credit as a single-use coupon for the shopper's email, emailed to them, once", async () => {
    const s = seed("eve@example.com");
    const p = platform();
    const order = (await p.findOrder(s.order.number, "eve@example.com"))!;
    const input = { platformReturnId: null, order, lines: [{ lineItemId: order.lineItems[0]!.id, quantity: 1, reason: "changed_mind" as const }], resolution: "store_credit" as const, amount: "53.90", currency: "USD", idempotencyKey: "dokani-return-1234abcd" };
    const first = await p.processReturn(input);
    expect(first.refundId).toMatch(/^coupon-\d+$/);
    const coupon = [...fake.store.coupons.values()].find((c) => `coupon-${c.id}` === first.refundId)!;
    expect(coupon).toMatchObject({ discount_type: "fixed_cart", amount: "53.90", email_restrictions: ["eve@example.com"], usage_limit: 1 });
    const original = fake.store.orders.get(s.order.id)!;
    expect(original.emails).toHaveLength(1);
    expect(original.emails![0]).toContain(coupon.code);
    expect(await p.processReturn(input)).toEqual(first);
    expect(fake.store.coupons.size).toBeGreaterThanOrEqual(1);
    expect([...fake.store.coupons.values()].filter((c) => c.email_restrictions.includes("eve@example.com"))).toHaveLength(1);
    expect(original.emails).toHaveLength(1);
    expect(original.refunds).toHaveLength(0);
  });
});
