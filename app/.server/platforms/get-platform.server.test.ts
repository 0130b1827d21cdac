import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeShopify } from "../../../tests/fakes/shopify-admin";
import { createShop } from "../../../tests/support/factories";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { parseDemoOrders } from "../demo/demo-orders";
import { importDemoOrders } from "../demo/import-demo-orders";
import { getPlatform } from "./get-platform.server";

setupTestDatabase();
const fake = createFakeShopify({ shop: "outfitters.myshopify.com", accessToken: "shpat_outfitters_offline" });

beforeAll(() => fake.server.listen({ onUnhandledFrame: "error" }));
beforeEach(async () => {
  await clearDatabase();
});
afterEach(() => fake.reset());
afterAll(() => fake.server.close());

/** A Shopify store that installed Dokani: its row and the offline session the library stores. */
async function installedShop(scope: string) {
  const shop = await createShop({ domain: fake.shop });
  await db().session.create({ data: { id: `offline_${fake.shop}`, shop: fake.shop, state: "", isOnline: false, scope, accessToken: fake.accessToken } });
  return shop;
}

describe("getPlatform", () => {
  it("reaches a Shopify store through Shopify's own Admin API client, with the offline session's token and scopes", async () => {
    fake.store.addOrder({ name: "#1001", email: "alex@example.com", lineItems: [{ title: "Linen Shirt", quantity: 1, unitPrice: "49.00" }] });
    const platform = await getPlatform(await installedShop("read_orders,read_returns,write_returns"));

    expect(platform.kind).toBe("shopify");
    expect(await platform.findOrder("1001", "Alex@Example.com")).toMatchObject({ name: "#1001", totalPrice: "49.00" });
    expect(fake.calls.map((call) => [call.version, call.status])).toEqual([
      ["2026-07", 200],
      ["2026-07", 200],
    ]);
    expect(platform.lookupLimitation?.()).toMatch(/last 60 days/);
  });

  it("knows lookups are not limited when the store granted read_all_orders", async () => {
    const platform = await getPlatform(await installedShop("read_orders,read_all_orders,read_returns,write_returns"));
    expect(platform.lookupLimitation?.()).toBeNull();
  });

  it("reads a demo shop's orders from Dokani's own database", async () => {
    const shop = await createShop({ platform: "demo" });
    await importDemoOrders(db(), shop.id, parseDemoOrders([{ id: "5001", name: "#1001", email: "alex@example.com", currency: "USD", processedAt: "2026-11-01T10:00:00Z", lineItems: [{ id: "9001", title: "Shirt", quantity: 1, unitPrice: "49.00" }] }]));
    const platform = await getPlatform(shop);
    expect(platform.kind).toBe("demo");
    expect(await platform.findOrder("1001", "alex@example.com")).toMatchObject({ id: "5001" });
    expect(fake.calls).toEqual([]);
  });

  it("answers 503 for a WooCommerce store whose connection secrets are missing", async () => {
    const shop = await createShop({ platform: "woocommerce", domain: "shop.example.com" });
    await expect(getPlatform(shop)).rejects.toMatchObject({ name: "AppError", code: "unavailable", message: expect.stringMatching(/connect it again/) });
  });

  it("answers 503 for a Shopify store with no offline session, or one that uninstalled Dokani", async () => {
    const shop = await createShop({ domain: fake.shop });
    await expect(getPlatform(shop)).rejects.toMatchObject({ name: "AppError", code: "unavailable", status: 503 });
    const gone = await db().shop.update({ where: { id: shop.id }, data: { uninstalledAt: new Date() } });
    await expect(getPlatform(gone)).rejects.toMatchObject({ code: "unavailable", message: "This store has uninstalled Dokani." });
  });
});
