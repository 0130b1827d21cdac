import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeWooCommerce, type FakeWooCommerce } from "../../../tests/fakes/woocommerce";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db, type PrismaClient } from "../db.server";
import { setWooCommerceHttpsAgent } from "../platforms/woocommerce/woo-client";
import { connectWooCommerceStore } from "./connect-woocommerce-store.server";
import { createConnectCode } from "./create-connect-code.server";

setupTestDatabase();
let fake: FakeWooCommerce;

beforeAll(async () => {
  fake = await createFakeWooCommerce({ https: true });
  setWooCommerceHttpsAgent(fake.httpsAgent);
});
beforeEach(async () => {
  await clearDatabase();
  fake.store.webhooks.clear();
});
afterAll(async () => {
  setWooCommerceHttpsAgent(undefined);
  await fake?.close();
});

/** The test database, except that recording the shop (the connect flow's last step) fails. */
function clientFailingToRecordTheShop(): PrismaClient {
  const client = db();
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "$transaction") return () => Promise.reject(new Error("the database went away"));
      return Reflect.get(target, property, receiver);
    },
  });
}

describe("connectWooCommerceStore", () => {
  it("removes the webhooks it created and gives the code back when recording the shop fails", async () => {
    const { code } = await createConnectCode(db(), { label: "Flaky" });
    const input = { code, storeUrl: fake.url, storeName: "Fake Woo Outfitters", consumerKey: fake.consumerKey, consumerSecret: fake.consumerSecret };

    await expect(connectWooCommerceStore(clientFailingToRecordTheShop(), input)).rejects.toThrow("the database went away");
    expect(fake.calls.filter((call) => call.method === "POST" && call.path.endsWith("/webhooks"))).toHaveLength(2);
    expect([...fake.store.webhooks.values()]).toEqual([]);
    expect(await db().shop.count({ where: { platform: "woocommerce" } })).toBe(0);

    // The same code works once the database is back, and leaves exactly one set of webhooks.
    const connected = await connectWooCommerceStore(db(), input);
    expect([...fake.store.webhooks.values()].map((hook) => hook.topic).sort()).toEqual(["order.deleted", "order.updated"]);
    expect(await db().shop.findUnique({ where: { id: connected.shopId } })).not.toBeNull();
  });
});
