import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../bin/commands";
import { createFakeWooCommerce, type FakeWooCommerce } from "../../tests/fakes/woocommerce";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { db } from "../.server/db.server";
import { env } from "../.server/env.server";
import { openStoreSecrets } from "../.server/platforms/woocommerce/store-secrets";
import { setWooCommerceHttpsAgent } from "../.server/platforms/woocommerce/woo-client";
import { createConnectCode } from "../.server/woocommerce/create-connect-code.server";
import { action } from "./woocommerce.connect";

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

async function connect(body: unknown, contentType = "application/json") {
  const request = new Request("http://localhost:3000/woocommerce/connect", { method: "POST", headers: { "Content-Type": contentType }, body: typeof body === "string" ? body : JSON.stringify(body) });
  const response = await action(routeArgs(request));
  return { status: response.status, body: await response.json() };
}

const form = (code: string, overrides: Record<string, unknown> = {}) => ({ code, storeUrl: `${fake.url}/`, storeName: "Fake Woo Outfitters", consumerKey: fake.consumerKey, consumerSecret: fake.consumerSecret, timezone: "Europe/Paris", ...overrides });

async function cliCode(label?: string) {
  const output = await runCommand(db(), "woocommerce:connect-code", { label });
  return output.split("\n").at(-1)!;
}

describe("POST /woocommerce/connect", () => {
  it("connects a store once with a code printed by the CLI: keys checked, webhooks registered, secrets encrypted, a policy to start", async () => {
    const code = await cliCode("Paris shop");
    expect(code).toMatch(/^DKN-[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const { status, body } = await connect(form(code.toLowerCase()));
    expect(status).toBe(201);
    expect(body).toEqual({ shopId: expect.any(String), proxySecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), webhookSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });

    const shop = await db().shop.findUniqueOrThrow({ where: { id: body.shopId } });
    expect(shop).toMatchObject({ platform: "woocommerce", domain: fake.host, name: "Fake Woo Outfitters", currency: "EUR", timezone: "Europe/Paris" });
    // At rest: nothing readable. The whole row, as the database holds it, contains none of the secrets.
    const raw = JSON.stringify(await db().$queryRaw`SELECT * FROM shops WHERE id = ${body.shopId}::uuid`);
    for (const secret of [fake.consumerKey, fake.consumerSecret, body.proxySecret, body.webhookSecret]) expect(raw).not.toContain(secret);
    expect(openStoreSecrets(shop.secrets)).toEqual({ storeUrl: fake.url, consumerKey: fake.consumerKey, consumerSecret: fake.consumerSecret, proxySecret: body.proxySecret, webhookSecret: body.webhookSecret });
    expect(JSON.stringify(await db().connectCode.findMany())).not.toContain(code.replace(/-/g, "").slice(3));

    expect([...fake.store.webhooks.values()].map((w) => [w.topic, w.delivery_url, w.secret, w.status])).toEqual([
      ["order.updated", `${env().appUrl}/webhooks/woocommerce/${body.shopId}`, body.webhookSecret, "active"],
      ["order.deleted", `${env().appUrl}/webhooks/woocommerce/${body.shopId}`, body.webhookSecret, "active"],
    ]);
    expect(await db().policy.findMany({ where: { shopId: body.shopId } })).toMatchObject([{ version: 1, status: "active" }]);

    const second = await connect(form(code));
    expect(second).toMatchObject({ status: 409, body: { error: { code: "conflict", message: expect.stringMatching(/already been used/) } } });
    expect(await db().shop.count()).toBe(1);
    expect(fake.store.webhooks.size).toBe(2);
  });

  it("refuses an expired or unknown code and writes nothing", async () => {
    const expired = await createConnectCode(db(), { now: new Date(Date.now() - 16 * 60_000) });
    expect(await connect(form(expired.code))).toMatchObject({ status: 401, body: { error: { code: "invalid_token", message: expect.stringMatching(/expired/) } } });
    expect(await connect(form("DKN-AAAA-BBBB-CCCC-DDDD"))).toMatchObject({ status: 401, body: { error: { code: "invalid_token" } } });
    expect(await db().shop.count()).toBe(0);
    expect(fake.store.webhooks.size).toBe(0);
  });

  it("refuses keys the store refuses, keeps the code usable, and connects once the keys are right", async () => {
    const { code } = await createConnectCode(db());
    const wrong = await connect(form(code, { consumerSecret: `cs_${"0".repeat(40)}` }));
    expect(wrong).toMatchObject({ status: 422, body: { error: { code: "unprocessable", fields: { consumerKey: expect.any(String) } } } });
    expect(await db().shop.count()).toBe(0);
    expect(fake.store.webhooks.size).toBe(0);
    expect((await connect(form(code))).status).toBe(201);
  });

  it("reconnects the store already at the same address: same shop, new secrets, webhooks replaced", async () => {
    const first = (await connect(form((await createConnectCode(db())).code))).body;
    const second = (await connect(form((await createConnectCode(db())).code, { storeName: "Renamed" }))).body;
    expect(second.shopId).toBe(first.shopId);
    expect(second.proxySecret).not.toBe(first.proxySecret);
    expect(await db().shop.findUniqueOrThrow({ where: { id: first.shopId } })).toMatchObject({ name: "Renamed" });
    expect([...fake.store.webhooks.values()].map((w) => w.secret)).toEqual([second.webhookSecret, second.webhookSecret]);
    expect(await db().policy.count()).toBe(1);
  });

  it("answers malformed and hostile input with API.md's error body", async () => {
    const { code } = await createConnectCode(db());
    const bad = await connect({ code, storeUrl: "javascript:alert(1)", storeName: "", consumerKey: "key", consumerSecret: 42, currency: "euro", timezone: "Mars/Base" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["consumerKey", "consumerSecret", "currency", "storeName", "storeUrl", "timezone"]);
    expect((await connect(form(code, { storeUrl: "https://user:pass@example.com" }))).status).toBe(400);
    expect(await connect("{not json")).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
    expect((await connect("code=1", "application/x-www-form-urlencoded")).status).toBe(415);
    const get = await action(routeArgs(new Request("http://localhost:3000/woocommerce/connect", { method: "PUT" })));
    expect(get.status).toBe(405);
    expect(await db().shop.count()).toBe(0);
    expect(await db().connectCode.count({ where: { usedAt: { not: null } } })).toBe(0);
  });
});
