import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../../tests/support/factories";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { activatePolicyVersion } from "../policies/activate-policy-version.server";
import { createPolicyVersion } from "../policies/create-policy-version.server";
import { ensureStartingPolicy } from "../policies/ensure-starting-policy.server";
import { getActivePolicy } from "../policies/get-active-policy.server";
import { parsePolicyRules } from "../policies/policy-rules";
import { publishCacheInvalidation } from "../realtime/conversation-events.server";
import { cachedShopsForDomain, setShopCacheEnabled, shopChanged } from "./shop-cache.server";
import { updateShopSettings } from "./update-shop-settings.server";

setupTestDatabase();
beforeAll(() => setShopCacheEnabled(true));
afterAll(() => setShopCacheEnabled(false));
beforeEach(async () => {
  await clearDatabase();
  setShopCacheEnabled(true);
});

const merchant = { type: "merchant" as const, id: "staff-1", name: "Kim" };

function countingLoader(domain: string) {
  let reads = 0;
  const load = () => {
    reads++;
    return db().shop.findMany({ where: { domain, uninstalledAt: null } });
  };
  return { load, reads: () => reads };
}

describe("the storefront's shop cache", () => {
  it("reads a shop once, and again after a change to it", async () => {
    const shop = await createShop({ domain: "cached.myshopify.com" });
    const loader = countingLoader(shop.domain);
    await cachedShopsForDomain(shop.domain, loader.load);
    await cachedShopsForDomain(shop.domain, loader.load);
    expect(loader.reads()).toBe(1);

    const saved = await updateShopSettings({ shop, actor: merchant }, { aiEnabled: false });
    expect(saved.ok).toBe(true);
    const [fresh] = await cachedShopsForDomain(shop.domain, loader.load);
    expect(loader.reads()).toBe(2);
    expect((fresh!.settings as { aiEnabled?: boolean }).aiEnabled).toBe(false);
  });

  it("does not remember a domain no shop has yet, so a store installing now works at once", async () => {
    const loader = countingLoader("new-store.myshopify.com");
    expect(await cachedShopsForDomain("new-store.myshopify.com", loader.load)).toEqual([]);
    await createShop({ domain: "new-store.myshopify.com" });
    expect(await cachedShopsForDomain("new-store.myshopify.com", loader.load)).toHaveLength(1);
    expect(loader.reads()).toBe(2);
  });

  it("forgets a shop when another instance says it changed", async () => {
    const shop = await createShop({ domain: "elsewhere.myshopify.com" });
    const loader = countingLoader(shop.domain);
    await cachedShopsForDomain(shop.domain, loader.load);
    await db().shop.update({ where: { id: shop.id }, data: { uninstalledAt: new Date() } });
    // What the transport hands this instance when another one publishes.
    await publishCacheInvalidation({ scope: "shop", shopId: shop.id });
    expect(await cachedShopsForDomain(shop.domain, loader.load)).toEqual([]);
  });

  it("does not keep what a read in flight found when a change lands during it", async () => {
    const shop = await createShop({ domain: "racing.myshopify.com" });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const stale = cachedShopsForDomain(shop.domain, async () => {
      const rows = await db().shop.findMany({ where: { domain: shop.domain } });
      await gate;
      return rows;
    });
    await shopChanged(shop.id, "shop");
    release();
    await stale;
    const loader = countingLoader(shop.domain);
    await cachedShopsForDomain(shop.domain, loader.load);
    expect(loader.reads()).toBe(1);
  });
});

describe("the active policy cache", () => {
  it("decides by a newly activated version from the very next read", async () => {
    const shop = await createShop({ domain: "policy-cache.myshopify.com" });
    await ensureStartingPolicy(db(), shop.id);
    const before = await getActivePolicy(db(), shop.id);
    expect(before.version).toBe(1);
    expect((await getActivePolicy(db(), shop.id)).version).toBe(1);

    const draft = await createPolicyVersion({ shop, actor: merchant }, { rules: parsePolicyRules({ ...before.rules, returnWindowDays: 7 }) });
    // A draft changes nothing for shoppers.
    expect((await getActivePolicy(db(), shop.id)).version).toBe(1);
    await activatePolicyVersion({ shop, actor: merchant }, { version: draft.version });
    const after = await getActivePolicy(db(), shop.id);
    expect(after.version).toBe(draft.version);
    expect(after.rules.returnWindowDays).toBe(7);
  });
});
