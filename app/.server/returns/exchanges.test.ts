import { beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../../tests/support/factories";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { shopperContext, actingContext } from "../../../tests/support/contexts";
import { proxyRequest } from "../../../tests/support/proxy-request";
import { routeArgs } from "../../../tests/support/route-args";
import { db } from "../db.server";
import { parseDemoFile } from "../demo/demo-orders";
import { ensureDemoVariants } from "../demo/demo-variants";
import { importDemoOrders } from "../demo/import-demo-orders";
import { DEFAULT_POLICY_RULES } from "../policies/default-policy";
import { AppError } from "../errors";
import { createReturn } from "./create-return.server";
import { listExchangeOptions } from "./list-exchange-options.server";
import { lookupOrder } from "./lookup-order.server";
import { resetLookupLimiters } from "./lookup-limiter.server";
import { markReturnReceived } from "./mark-return-received.server";
import { syncReturnToPlatform } from "./sync-return.server";
import { loader as optionsLoader } from "../../routes/proxy.returns.exchange-options";

setupTestDatabase();
beforeEach(async () => {
  await clearDatabase();
  resetLookupLimiters();
});

const DAY = 86_400_000;

// A file in the extended DOKANI_DEMO_ORDERS format: orders plus the catalogue and its stock.
function demoFile(deliveredDaysAgo = 3) {
  return {
    orders: [
      {
        id: "5001",
        name: "#1001",
        email: "alex@example.com",
        currency: "USD",
        processedAt: new Date(Date.now() - (deliveredDaysAgo + 2) * DAY).toISOString(),
        deliveredAt: new Date(Date.now() - deliveredDaysAgo * DAY).toISOString(),
        lineItems: [
          { id: "9001", title: "Linen Shirt", variantTitle: "M / White", sku: "LS-WHI-M", quantity: 1, unitPrice: "49.00", productType: "Shirts", productId: "linen-shirt", variantId: "LS-WHI-M" },
          // No product ids: matched to the catalogue by SKU.
          { id: "9002", title: "Organic Cotton Tee", variantTitle: "S / Black", sku: "OCT-BLA-S", quantity: 1, unitPrice: "24.00", productType: "Shirts" },
        ],
      },
    ],
    products: [
      {
        id: "linen-shirt",
        title: "Linen Shirt",
        productType: "Shirts",
        variants: [
          { id: "LS-WHI-M", title: "M / White", sku: "LS-WHI-M", price: "49.00", inventory: 3 },
          { id: "LS-WHI-L", title: "L / White", sku: "LS-WHI-L", price: "49.00", inventory: 2 },
          { id: "LS-WHI-XL", title: "XL / White", sku: "LS-WHI-XL", price: "49.00", inventory: 0 },
          { id: "LS-WHI-XXL", title: "XXL / White", sku: "LS-WHI-XXL", price: "55.00", inventory: 4 },
        ],
      },
      { id: "organic-cotton-tee", title: "Organic Cotton Tee", variants: [{ id: "OCT-BLA-S", sku: "OCT-BLA-S", title: "S / Black", price: "24.00", inventory: 1 }, { id: "OCT-BLA-M", sku: "OCT-BLA-M", title: "M / Black", price: "24.00", inventory: 0 }] },
      { id: "wool-beanie", title: "Wool Beanie", variants: [{ id: "WB-CHA", price: "28.00", inventory: 5 }] },
    ],
  };
}

async function demoShop(rules: object = DEFAULT_POLICY_RULES) {
  const shop = await createShop({ platform: "demo", domain: `exchanges-${Math.random().toString(36).slice(2, 8)}.myshopify.com` });
  const file = parseDemoFile(demoFile());
  await importDemoOrders(db(), shop.id, file.orders);
  await ensureDemoVariants(db(), shop.id, file.products);
  await db().policy.create({ data: { shopId: shop.id, version: 1, status: "active", rules: rules as object, activatedAt: new Date() } });
  const ctx = shopperContext(shop, "203.0.113.9");
  const found = await lookupOrder(ctx, { orderNumber: "1001", email: "alex@example.com" });
  return { shop, ctx, token: found.lookupToken };
}

describe("exchanges on the demo platform", () => {
  it("lists every size of the product with its stock, the one ordered marked, out of stock ones kept and flagged", async () => {
    const { ctx, token } = await demoShop();
    const options = await listExchangeOptions(ctx, { lookupToken: token, lineItemId: "9001" });
    expect(options.sameProduct!.variants.map((v) => [v.title, v.available, v.inStock, v.current])).toEqual([
      ["M / White", 3, true, true],
      ["L / White", 2, true, false],
      ["XL / White", 0, false, false],
      ["XXL / White", 4, true, false],
    ]);
    expect(options).toMatchObject({ scope: "same_product", otherProducts: [], anyAvailable: true, storeCreditBonusPercent: 10 });
  });

  it("says nothing else can ship when the only other size is out of stock (the portal then offers credit)", async () => {
    const { ctx, token } = await demoShop();
    const options = await listExchangeOptions(ctx, { lookupToken: token, lineItemId: "9002" });
    expect(options.sameProduct!.variants.map((v) => v.id)).toEqual(["OCT-BLA-S", "OCT-BLA-M"]);
    expect(options.anyAvailable).toBe(false);
  });

  it("offers other products up to the returned value when the policy allows any product", async () => {
    const { ctx, token } = await demoShop({ ...DEFAULT_POLICY_RULES, exchanges: { ...DEFAULT_POLICY_RULES.exchanges, scope: "any_product" } });
    const options = await listExchangeOptions(ctx, { lookupToken: token, lineItemId: "9002" });
    // The beanie costs 28.00, more than the 24.00 tee: not offered. The shirt costs 49.00: not offered.
    expect(options.otherProducts).toEqual([]);
    const forShirt = await listExchangeOptions(ctx, { lookupToken: token, lineItemId: "9001" });
    expect(forShirt.otherProducts.map((p) => p.id)).toEqual(["organic-cotton-tee", "wool-beanie"]);
  });

  it("exchanges a shirt for another size: approved with reasons, instant under the thresholds, created once on the platform with stock taken", async () => {
    const { shop, ctx, token } = await demoShop();
    const created = await createReturn(ctx, { lookupToken: token, items: [{ lineItemId: "9001", quantity: 1, reason: "size_too_small", exchangeFor: { variantId: "LS-WHI-L" } }], resolution: "exchange" });
    expect(created.view.status).toBe("approved");
    expect(created.view.decision.reasons[0]!.code).toBe("within_policy");
    expect(created.view.items[0]!.exchangeFor).toEqual({ productId: "linen-shirt", variantId: "LS-WHI-L", title: "Linen Shirt", variantTitle: "L / White", sku: "LS-WHI-L", price: "49.00" });
    expect(created.view.exchange).toMatchObject({ instant: true, difference: "0.00", settlement: "none" });

    expect((await syncReturnToPlatform(db(), created.view.id)).actions).toEqual(["exchange", "release"]);
    const row = await db().returnRequest.findUniqueOrThrow({ where: { id: created.view.id } });
    expect(row.platformExchangeId).toMatch(/^demo-exchange-/);
    expect((await db().demoVariant.findFirstOrThrow({ where: { shopId: shop.id, variantId: "LS-WHI-L" } })).inventory).toBe(1);
    // A repeated sync makes no second exchange and takes no more stock.
    expect((await syncReturnToPlatform(db(), created.view.id)).actions).toEqual([]);
    expect(await db().demoOrder.count({ where: { shopId: shop.id, platformOrderId: row.platformExchangeId! } })).toBe(1);
    expect((await db().demoVariant.findFirstOrThrow({ where: { shopId: shop.id, variantId: "LS-WHI-L" } })).inventory).toBe(1);
  });

  it("holds the replacement of a non-instant exchange until the items are received", async () => {
    const rules = { ...DEFAULT_POLICY_RULES, exchanges: { ...DEFAULT_POLICY_RULES.exchanges, instant: { enabled: true, maxRiskScore: 0.2, maxOrderValue: "10.00" } } };
    const { shop, ctx, token } = await demoShop(rules);
    const created = await createReturn(ctx, { lookupToken: token, items: [{ lineItemId: "9001", quantity: 1, reason: "size_too_small", exchangeFor: { variantId: "LS-WHI-L" } }], resolution: "exchange" });
    expect(created.view.exchange).toMatchObject({ instant: false });
    expect(created.view.exchange!.reasons[0]!.message).toContain("10.00");
    expect((await syncReturnToPlatform(db(), created.view.id)).actions).toEqual(["exchange"]);
    await markReturnReceived(await actingContext(shop, { type: "merchant", id: "staff-1", name: "Sam" }), { returnId: created.view.id });
    expect((await syncReturnToPlatform(db(), created.view.id)).actions).toEqual(["release"]);
  });

  it("denies an out-of-stock size and a dearer size the policy refuses, each with its reason", async () => {
    const { ctx, token } = await demoShop({ ...DEFAULT_POLICY_RULES, exchanges: { ...DEFAULT_POLICY_RULES.exchanges, higherPriceDifference: "refuse" } });
    const outOfStock = await createReturn(ctx, { lookupToken: token, items: [{ lineItemId: "9001", quantity: 1, reason: "size_too_small", exchangeFor: { variantId: "LS-WHI-XL" } }], resolution: "exchange" });
    expect(outOfStock.view.status).toBe("denied");
    expect(outOfStock.view.decision.reasons.map((r) => r.code)).toEqual(["replacement_out_of_stock"]);
    const dearer = await createReturn(ctx, { lookupToken: token, items: [{ lineItemId: "9001", quantity: 1, reason: "size_too_small", exchangeFor: { variantId: "LS-WHI-XXL" } }], resolution: "exchange" });
    expect(dearer.view.decision.reasons.map((r) => r.code)).toEqual(["exchange_price_difference_refused"]);
  });

  it("refuses, without recording, a variant the store does not sell, a replacement on a refund, and half-chosen replacements", async () => {
    const { shop, ctx, token } = await demoShop();
    const attempts = [
      { items: [{ lineItemId: "9001", quantity: 1, reason: "size_too_small" as const, exchangeFor: { variantId: "NOPE" } }], resolution: "exchange" as const },
      { items: [{ lineItemId: "9001", quantity: 1, reason: "size_too_small" as const, exchangeFor: { variantId: "LS-WHI-L" } }], resolution: "refund" as const },
      {
        items: [
          { lineItemId: "9001", quantity: 1, reason: "size_too_small" as const, exchangeFor: { variantId: "LS-WHI-L" } },
          { lineItemId: "9002", quantity: 1, reason: "size_too_small" as const },
        ],
        resolution: "exchange" as const,
      },
    ];
    for (const attempt of attempts) {
      const error = await createReturn(ctx, { lookupToken: token, ...attempt }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("invalid_request");
      expect(Object.keys((error as AppError).fields ?? {})[0]).toMatch(/^items\[\d\]\.exchangeFor/);
    }
    expect(await db().returnRequest.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("answers the options over the app proxy, 400 on a missing line and 401 on another shop's token", async () => {
    const { shop, token } = await demoShop();
    const ok = await optionsLoader(routeArgs(proxyRequest("GET", "/returns/exchange-options", { shop: shop.domain, query: { lookupToken: token, lineItemId: "9001" } })));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { options: { sameProduct: { variants: unknown[] } } }).options.sameProduct.variants).toHaveLength(4);
    const missing = await optionsLoader(routeArgs(proxyRequest("GET", "/returns/exchange-options", { shop: shop.domain, query: { lookupToken: token } })));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { fields: Record<string, string> } }).error.fields.lineItemId).toBeDefined();
    const other = await createShop({ platform: "demo", domain: "other-store.myshopify.com" });
    const cross = await optionsLoader(routeArgs(proxyRequest("GET", "/returns/exchange-options", { shop: other.domain, query: { lookupToken: token, lineItemId: "9001" } })));
    expect(cross.status).toBe(401);
  });
});
