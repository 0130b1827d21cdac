import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../tests/support/factories";
import { shopperContext } from "../../tests/support/contexts";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { createApiKey } from "../.server/api-keys/create-api-key";
import { db } from "../.server/db.server";
import { parseDemoFile } from "../.server/demo/demo-orders";
import { ensureDemoVariants } from "../.server/demo/demo-variants";
import { importDemoOrders } from "../.server/demo/import-demo-orders";
import { parseEnv, resetEnv } from "../.server/env.server";
import { DEFAULT_POLICY_RULES } from "../.server/policies/default-policy";
import { createReturn } from "../.server/returns/create-return.server";
import { resetLookupLimiters } from "../.server/returns/lookup-limiter.server";
import { lookupOrder } from "../.server/returns/lookup-order.server";
import { syncReturnToPlatform } from "../.server/returns/sync-return.server";
import { DEMO_SHOP_DOMAIN } from "../.server/shops/demo-shop";
import { action, loader } from "./app.returns.$id";
import { action as patchReturn, loader as getReturn } from "./api.v1.returns.$id";
import { action as patchItem, loader as getItem } from "./api.v1.returns.$id.items.$lineItemId";

setupTestDatabase();
beforeAll(() => resetEnv(parseEnv({ ...process.env, DOKANI_DEMO: "1" })));
afterAll(() => resetEnv());
beforeEach(async () => {
  await clearDatabase();
  resetLookupLimiters();
});

const DAY = 86_400_000;
const BASE = "http://127.0.0.1";

function demoFile() {
  return {
    orders: [
      {
        id: "5001",
        name: "#1001",
        email: "alex@example.com",
        currency: "USD",
        processedAt: new Date(Date.now() - 5 * DAY).toISOString(),
        deliveredAt: new Date(Date.now() - 3 * DAY).toISOString(),
        lineItems: [{ id: "9001", title: "Linen Shirt", variantTitle: "M / White", sku: "LS-WHI-M", quantity: 1, unitPrice: "49.00", productType: "Shirts", productId: "linen-shirt", variantId: "LS-WHI-M" }],
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
      { id: "wool-beanie", title: "Wool Beanie", variants: [{ id: "WB-CHA", price: "28.00", inventory: 5 }] },
    ],
  };
}

/** A demo-platform shop with the linen shirt in four sizes and an exchange of size M for L on order #1001. */
async function exchangeReturn(options: { domain?: string; rules?: object } = {}) {
  const shop = await createShop({ platform: "demo", domain: options.domain ?? DEMO_SHOP_DOMAIN });
  const file = parseDemoFile(demoFile());
  await importDemoOrders(db(), shop.id, file.orders);
  await ensureDemoVariants(db(), shop.id, file.products);
  await db().policy.create({ data: { shopId: shop.id, version: 1, status: "active", rules: (options.rules ?? DEFAULT_POLICY_RULES) as object, activatedAt: new Date() } });
  const ctx = shopperContext(shop, "203.0.113.9");
  const found = await lookupOrder(ctx, { orderNumber: "1001", email: "alex@example.com" });
  const created = await createReturn(ctx, { lookupToken: found.lookupToken, items: [{ lineItemId: "9001", quantity: 1, reason: "size_too_small", exchangeFor: { variantId: "LS-WHI-L" } }], resolution: "exchange" });
  return { shop, id: created.view.id, view: created.view };
}

const page = (id: string) => `${BASE}/app/returns/${id}`;
const load = (id: string) => loader(routeArgs(new Request(page(id)), { id }));
async function act(id: string, fields: Record<string, string>) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  return action(routeArgs(new Request(page(id), { method: "POST", body }), { id }));
}

async function stored(id: string) {
  const row = await db().returnRequest.findUniqueOrThrow({ where: { id }, include: { items: true } });
  return {
    resolution: row.resolution,
    refundEstimate: row.refundEstimate.toFixed(2),
    storeCreditBonus: row.storeCreditBonus.toFixed(2),
    exchange: row.exchange as { difference: string; settlement: string; instant: boolean } | null,
    replacement: (row.items[0]!.exchangeFor as { variantId: string } | null)?.variantId ?? null,
  };
}
const edits = async (id: string) => (await db().auditLog.findMany({ where: { entityId: id, action: { startsWith: "exchange." } }, orderBy: { createdAt: "asc" } })).map((a) => [a.action, a.actorType]);
const syncJobs = async (id: string) => db().jobOutbox.count({ where: { name: "returns.sync", dedupKey: { startsWith: `returns.sync:${id}:exchange-edit:` } } });

async function thrownStatus(promise: Promise<unknown>): Promise<number | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

describe("the exchange on the merchant's return page", () => {
  it("shows the chosen replacement with its live stock and every other size, out of stock ones marked", async () => {
    const { id } = await exchangeReturn();
    const data = await load(id);
    expect(data.bonusPercent).toBe(10);
    expect(data.exchange).toMatchObject({ lockedReason: null, platformError: null });
    const item = data.exchange!.items[0]!;
    expect(item).toMatchObject({ lineItemId: "9001", quantity: 1, available: 2, replacement: { variantId: "LS-WHI-L", variantTitle: "L / White", price: "49.00" } });
    expect(item.variants.map((v) => [v.title, v.available, v.inStock])).toEqual([
      ["M / White", 3, true],
      ["L / White", 2, true],
      ["XL / White", 0, false],
      ["XXL / White", 4, true],
    ]);
    // Stock is read live: a sale on the store shows on the next load.
    await db().demoVariant.updateMany({ where: { variantId: "LS-WHI-L" }, data: { inventory: 0 } });
    expect((await load(id)).exchange!.items[0]!.available).toBe(0);
  });

  it("changes the replacement to another size in stock: re-checked on the store, audited, the difference follows, the store mirrored again", async () => {
    const { id } = await exchangeReturn();
    const result = await act(id, { intent: "change_replacement", lineItemId: "9001", variantId: "LS-WHI-XXL" });
    expect(result).toMatchObject({ ok: true, message: "Replacement changed" });
    const after = await stored(id);
    expect(after).toMatchObject({ resolution: "exchange", replacement: "LS-WHI-XXL", refundEstimate: "0.00", exchange: { difference: "6.00", settlement: "collect", instant: true } });
    expect(await edits(id)).toEqual([["exchange.replacement_changed", "merchant"]]);
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: id, action: "exchange.replacement_changed" } });
    expect(audit.message).toBe("Replacement for Linen Shirt changed from Linen Shirt (L / White) to Linen Shirt (XXL / White)");
    expect(await syncJobs(id)).toBe(1);
    // The return's view carries the new replacement for the shopper's status page.
    expect((await load(id)).exchange!.items[0]!.replacement.variantId).toBe("LS-WHI-XXL");
  });

  it("refuses a size out of stock (the store is asked again, not the page's list) and writes nothing", async () => {
    const { id } = await exchangeReturn();
    const before = await stored(id);
    const result = await act(id, { intent: "change_replacement", lineItemId: "9001", variantId: "LS-WHI-XL" });
    expect(result).toMatchObject({ ok: false, intent: "change_replacement", fields: { "exchangeFor.variantId": "is out of stock in the quantity returned" } });
    // In stock when the page was drawn, sold out when the merchant saves.
    await db().demoVariant.updateMany({ where: { variantId: "LS-WHI-M" }, data: { inventory: 0 } });
    expect(await act(id, { intent: "change_replacement", lineItemId: "9001", variantId: "LS-WHI-M" })).toMatchObject({ ok: false });
    expect(await stored(id)).toEqual(before);
    expect(await edits(id)).toEqual([]);
    expect(await syncJobs(id)).toBe(0);
  });

  it("refuses what the return's policy does not allow: another product, a dearer size when differences are refused", async () => {
    const rules = { ...DEFAULT_POLICY_RULES, exchanges: { ...DEFAULT_POLICY_RULES.exchanges, higherPriceDifference: "refuse" } };
    const { id, shop } = await exchangeReturn({ rules });
    const dearer = await act(id, { intent: "change_replacement", lineItemId: "9001", variantId: "LS-WHI-XXL" });
    expect(dearer).toMatchObject({ ok: false, error: expect.stringContaining("costs more than the item returned") });
    const key = (await createApiKey(db(), shop.id, { name: "ERP" })).key;
    const other = await patchItem(routeArgs(patch(`/api/v1/returns/${id}/items/9001`, key, { exchangeFor: { variantId: "WB-CHA", productId: "wool-beanie" } }), { id, lineItemId: "9001" }));
    expect(other.status).toBe(422);
    expect((await other.json()).error).toMatchObject({ code: "unprocessable", fields: { "exchangeFor.variantId": "must be a variant of the same product under this store's policy" } });
    expect((await stored(id)).replacement).toBe("LS-WHI-L");
    expect(await edits(id)).toEqual([]);
  });

  it("turns the exchange into store credit with the policy's bonus, audited, the replacement dropped", async () => {
    const { id } = await exchangeReturn();
    const result = await act(id, { intent: "exchange_to_credit" });
    expect(result).toMatchObject({ ok: true, message: "Exchange turned into store credit" });
    expect(await stored(id)).toEqual({ resolution: "store_credit", refundEstimate: "53.90", storeCreditBonus: "4.90", exchange: null, replacement: null });
    expect(await edits(id)).toEqual([["exchange.turned_into_store_credit", "merchant"]]);
    expect(await syncJobs(id)).toBe(1);
    // No exchange left to show or change.
    expect((await load(id)).exchange).toBeNull();
    expect(await act(id, { intent: "exchange_to_credit" })).toMatchObject({ ok: false, error: "This return is not an exchange." });
  });

  it("refuses both once the exchange is created on the store, and says why on the page", async () => {
    const { id } = await exchangeReturn();
    await syncReturnToPlatform(db(), id);
    const before = await stored(id);
    expect((await load(id)).exchange!.lockedReason).toMatch(/already created on the store/);
    const attempts: Array<Record<string, string>> = [{ intent: "change_replacement", lineItemId: "9001", variantId: "LS-WHI-M" }, { intent: "exchange_to_credit" }];
    for (const fields of attempts) {
      expect(await act(id, fields)).toMatchObject({ ok: false, error: expect.stringContaining("already created on the store") });
    }
    expect(await stored(id)).toEqual(before);
    expect(await edits(id)).toEqual([]);
  });

  it("refuses both on a denied return", async () => {
    const { id } = await exchangeReturn();
    await db().returnRequest.update({ where: { id }, data: { status: "denied" } });
    expect(await act(id, { intent: "exchange_to_credit" })).toMatchObject({ ok: false, error: "The exchange of a denied return can no longer be changed." });
    expect(await act(id, { intent: "change_replacement", lineItemId: "9001", variantId: "LS-WHI-M" })).toMatchObject({ ok: false });
    expect((await stored(id)).resolution).toBe("exchange");
  });

  it("answers 404 for another shop's return and a line that is not on the return, changing nothing", async () => {
    const { id } = await exchangeReturn();
    const theirs = await exchangeReturn({ domain: "other-store.myshopify.com" });
    // The signed-in demo shop cannot see or change the other store's return.
    expect(await thrownStatus(load(theirs.id))).toBe(404);
    expect(await thrownStatus(act(theirs.id, { intent: "exchange_to_credit" }))).toBe(404);
    expect(await thrownStatus(act(id, { intent: "change_replacement", lineItemId: "7777", variantId: "LS-WHI-M" }))).toBe(404);
    expect((await stored(theirs.id)).resolution).toBe("exchange");
    expect(await edits(theirs.id)).toEqual([]);
  });
});

function patch(path: string, key: string, body: unknown, headers: Record<string, string> = {}) {
  return new Request(`${BASE}${path}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("PATCH /api/v1/returns/{id} and /items/{lineItemId}", () => {
  async function withKey(scope: "read" | "write" = "write") {
    const made = await exchangeReturn();
    const { key } = await createApiKey(db(), made.shop.id, { name: "ERP", scope });
    return { ...made, key };
  }
  const changeItem = (key: string, id: string, lineItemId: string, body: unknown, headers?: Record<string, string>) =>
    patchItem(routeArgs(patch(`/api/v1/returns/${id}/items/${lineItemId}`, key, body, headers), { id, lineItemId }));
  const changeReturn = (key: string, id: string, body: unknown) => patchReturn(routeArgs(patch(`/api/v1/returns/${id}`, key, body), { id }));

  it("changes the replacement and answers the return with it and the edit in its timeline", async () => {
    const { id, key } = await withKey();
    const answer = await changeItem(key, id, "9001", { exchangeFor: { variantId: "LS-WHI-M" } });
    expect(answer.status).toBe(200);
    const body = await answer.json();
    expect(body.items[0].exchangeFor).toMatchObject({ variantId: "LS-WHI-M", variantTitle: "M / White" });
    expect(body.timeline.map((t: { action: string }) => t.action)).toContain("exchange.replacement_changed");
    expect(await edits(id)).toEqual([["exchange.replacement_changed", "api"]]);
  });

  it("turns the exchange into store credit", async () => {
    const { id, key } = await withKey();
    const answer = await changeReturn(key, id, { resolution: "store_credit", note: "Size L sold out in the warehouse" });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ resolution: "store_credit", refundEstimate: { amount: "53.90", currency: "USD" }, exchange: null, items: [{ exchangeFor: null }] });
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: id, action: "exchange.turned_into_store_credit" } });
    expect(audit.message).toBe("Size L sold out in the warehouse");
  });

  it("refuses malformed, oversized and hostile bodies with the error body and writes nothing", async () => {
    const { id, key } = await withKey();
    const before = await stored(id);
    const cases: Array<[Promise<Response>, number, string]> = [
      [changeItem(key, id, "9001", {}), 400, "invalid_request"],
      [changeItem(key, id, "9001", { exchangeFor: { variantId: "" } }), 400, "invalid_request"],
      [changeItem(key, id, "9001", { exchangeFor: { variantId: "x".repeat(256) } }), 400, "invalid_request"],
      [changeItem(key, id, "9001", { exchangeFor: { variantId: "LS-WHI-M' OR 1=1 --" } }), 400, "invalid_request"],
      [changeItem(key, id, "9001", "{not json"), 400, "invalid_json"],
      [changeItem(key, id, "9001", { exchangeFor: { variantId: "LS-WHI-M" }, pad: "x".repeat(70_000) }), 413, "payload_too_large"],
      [changeItem(key, id, "9001", { exchangeFor: { variantId: "LS-WHI-M" } }, { "content-type": "text/plain" }), 415, "unsupported_media_type"],
      [changeReturn(key, id, { resolution: "refund" }), 400, "invalid_request"],
      [changeReturn(key, id, {}), 400, "invalid_request"],
    ];
    for (const [pending, status, code] of cases) {
      const answer = await pending;
      expect(answer.status, code).toBe(status);
      expect((await answer.json()).error.code).toBe(code);
    }
    const unknownVariant = await (await changeItem(key, id, "9001", { exchangeFor: { variantId: "LS-WHI-M' OR 1=1 --" } })).json();
    expect(unknownVariant.error.fields).toEqual({ "exchangeFor.variantId": "is not a variant the store sells" });
    expect(await stored(id)).toEqual(before);
    expect(await edits(id)).toEqual([]);
  });

  it("answers 404 for another shop's return, an unknown line and a malformed id; 403 for a read key; 405 for other methods", async () => {
    const { id, key } = await withKey();
    const theirs = await exchangeReturn({ domain: "other-store.myshopify.com" });
    for (const answer of [
      await changeItem(key, theirs.id, "9001", { exchangeFor: { variantId: "LS-WHI-M" } }),
      await changeReturn(key, theirs.id, { resolution: "store_credit" }),
      await changeItem(key, id, "4242", { exchangeFor: { variantId: "LS-WHI-M" } }),
      await changeItem(key, "not-a-uuid", "9001", { exchangeFor: { variantId: "LS-WHI-M" } }),
    ]) {
      expect(answer.status).toBe(404);
      expect((await answer.json()).error.code).toBe("not_found");
    }
    expect((await stored(theirs.id)).resolution).toBe("exchange");
    const reader = (await createApiKey(db(), (await db().returnRequest.findUniqueOrThrow({ where: { id } })).shopId, { name: "BI", scope: "read" })).key;
    const refused = await changeReturn(reader, id, { resolution: "store_credit" });
    expect(refused.status).toBe(403);
    expect((await stored(id)).resolution).toBe("exchange");
    const getItemAnswer = await getItem(routeArgs(new Request(`${BASE}/api/v1/returns/${id}/items/9001`, { headers: { authorization: `Bearer ${key}` } }), { id, lineItemId: "9001" }));
    expect(getItemAnswer.status).toBe(405);
    expect(getItemAnswer.headers.get("allow")).toBe("PATCH");
    const post = await patchReturn(routeArgs(new Request(`${BASE}/api/v1/returns/${id}`, { method: "POST", headers: { authorization: `Bearer ${key}` } }), { id }));
    expect(post.status).toBe(405);
    expect((await getReturn(routeArgs(new Request(`${BASE}/api/v1/returns/${id}`, { headers: { authorization: `Bearer ${key}` } }), { id }))).status).toBe(200);
  });

  it("answers 409 once the exchange exists on the store", async () => {
    const { id, key } = await withKey();
    await syncReturnToPlatform(db(), id);
    const item = await changeItem(key, id, "9001", { exchangeFor: { variantId: "LS-WHI-M" } });
    expect(item.status).toBe(409);
    expect((await item.json()).error.code).toBe("invalid_state");
    const credit = await changeReturn(key, id, { resolution: "store_credit" });
    expect(credit.status).toBe(409);
    expect((await stored(id)).resolution).toBe("exchange");
  });
});

