import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { authenticateApiKey } from "../.server/api-keys/authenticate-api-key.server";
import { createApiKey } from "../.server/api-keys/create-api-key";
import { db } from "../.server/db.server";
import { parseEnv, resetEnv } from "../.server/env.server";
import { AppError } from "../.server/errors";
import { DEFAULT_POLICY_RULES } from "../.server/policies/default-policy";
import { sha256Hex } from "../.server/security/secrets.server";
import { DEMO_SHOP_DOMAIN } from "../.server/shops/demo-shop";
import { readShopSettings } from "../.server/shops/shop-settings";
import { action, loader } from "./app.settings";

setupTestDatabase();
// The demo merchant needs no Shopify login, which lets these run the real loader and action.
beforeAll(() => resetEnv(parseEnv({ ...process.env, DOKANI_DEMO: "1" })));
afterAll(() => resetEnv());
beforeEach(async () => {
  await clearDatabase();
});

const MISSING = "00000000-0000-4000-8000-000000000000";

async function demoShop(settings: object = {}) {
  const shop = await createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });
  await db().shop.update({ where: { id: shop.id }, data: { settings, email: "owner@example.com" } });
  return shop;
}

function activePolicy(shopId: string, version = 1) {
  return db().policy.create({ data: { shopId, version, status: "active", rules: DEFAULT_POLICY_RULES as object, activatedAt: new Date() } });
}

function post(fields: Record<string, string>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  return action(routeArgs(new Request("http://127.0.0.1/app/settings", { method: "POST", body })));
}

const storedSettings = async (shopId: string) => (await db().shop.findUniqueOrThrow({ where: { id: shopId } })).settings;
const apiRequest = (key: string) => new Request("http://127.0.0.1/api/v1/returns", { headers: { authorization: `Bearer ${key}` } });

describe("/app/settings loader", () => {
  it("shows the settings with defaults, the active policy's thresholds, the next version and where photos are stored", async () => {
    const shop = await demoShop({ assistantName: "Nora" });
    await activePolicy(shop.id, 1);
    await db().policy.create({ data: { shopId: shop.id, version: 2, status: "draft", rules: DEFAULT_POLICY_RULES as object } });
    const data = await loader(routeArgs(new Request("http://127.0.0.1/app/settings")));
    expect(data.settings).toMatchObject({ assistantName: "Nora", aiEnabled: true, retention: { evidenceDays: 365, conversationDays: 730 } });
    expect(data.policy).toEqual({ activeVersion: 1, nextVersion: 3, autoApprove: DEFAULT_POLICY_RULES.autoApprove });
    expect(data.storage).toMatchObject({ kind: "local", folder: expect.stringMatching(/uploads$/) });
  });
});

describe("settings forms", () => {
  it("saves notifications, AI and retention settings with an audit row each", async () => {
    const shop = await demoShop();
    expect(await post({ intent: "notifications", notificationEmail: " Ops@Example.com ", returnNeedsReview: "on", securityEvent: "on" })).toMatchObject({ ok: true });
    expect(await post({ intent: "ai", aiModel: "gpt-4.1-mini", assistantName: "Nora", tone: "concise", language: "fr-CA", greeting: "Bonjour !" })).toMatchObject({ ok: true });
    expect(await post({ intent: "retention", "retention.evidenceDays": "90", "retention.conversationDays": "400" })).toMatchObject({ ok: true });

    const settings = readShopSettings(await storedSettings(shop.id));
    expect(settings).toMatchObject({
      notificationEmail: "ops@example.com",
      notifyOn: { returnNeedsReview: true, handoff: false, securityEvent: true },
      aiEnabled: false,
      aiModel: "gpt-4.1-mini",
      assistantName: "Nora",
      tone: "concise",
      language: "fr-CA",
      greeting: "Bonjour !",
      retention: { evidenceDays: 90, conversationDays: 400 },
    });
    const audit = await db().auditLog.findMany({ where: { shopId: shop.id, action: "settings.updated" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => (a.data as { changed: string[] }).changed)).toEqual([["notificationEmail", "notifyOn"], ["aiEnabled", "aiModel", "assistantName", "tone", "language", "greeting"], ["retention"]]);

    // Emptying an optional field clears it back to its default.
    expect(await post({ intent: "ai", aiEnabled: "on", aiModel: "", assistantName: "Nora", tone: "concise", language: "auto", greeting: "" })).toMatchObject({ ok: true });
    const cleared = (await storedSettings(shop.id)) as Record<string, unknown>;
    expect(cleared.aiModel).toBeUndefined();
    expect(cleared.greeting).toBeUndefined();
    expect(cleared.aiEnabled).toBe(true);
  });

  it("saves the return methods and the returns page, and refuses a location without an address", async () => {
    const shop = await demoShop();
    const saved = await post({
      intent: "returnMethods",
      sendWithinDays: "21",
      "ship.enabled": "on",
      "ship.address": "Returns Dept.\n12 Harbour Road",
      "ship.instructions": "Tape the box shut.",
      "dropOff.enabled": "on",
      "dropOff.locations.0.name": "Harbour Road store",
      "dropOff.locations.0.address": "12 Harbour Road",
      "dropOff.locations.1.name": "",
      "keepItem.enabled": "on",
      "keepItem.maxValue": "12.50",
      portalUrl: "https://shop.example.com/pages/returns",
    });
    expect(saved).toMatchObject({ ok: true, message: "Return methods saved" });
    const settings = readShopSettings(await storedSettings(shop.id));
    expect(settings.portalUrl).toBe("https://shop.example.com/pages/returns");
    expect(settings.returnMethods).toEqual({
      sendWithinDays: 21,
      ship: { enabled: true, address: "Returns Dept.\n12 Harbour Road", instructions: "Tape the box shut." },
      dropOff: { enabled: true, locations: [{ name: "Harbour Road store", address: "12 Harbour Road" }], instructions: "" },
      keepItem: { enabled: true, maxValue: "12.50" },
    });

    const bad = await post({ intent: "returnMethods", sendWithinDays: "0", "dropOff.enabled": "on", "dropOff.locations.0.name": "Kiosk", "keepItem.maxValue": "lots" });
    expect(bad).toMatchObject({ ok: false });
    expect(Object.keys(!bad.ok ? (bad.fields ?? {}) : {}).sort()).toEqual(["returnMethods.dropOff.locations[0].address", "returnMethods.keepItem.maxValue", "returnMethods.sendWithinDays"]);
    expect(readShopSettings(await storedSettings(shop.id)).returnMethods.sendWithinDays).toBe(21);
  });

  it("keeps settings keys it does not know, so newer settings survive an older form", async () => {
    const shop = await demoShop({ futureSetting: { on: true } });
    await post({ intent: "retention", "retention.evidenceDays": "60", "retention.conversationDays": "60" });
    expect(await storedSettings(shop.id)).toMatchObject({ futureSetting: { on: true }, retention: { evidenceDays: 60, conversationDays: 60 } });
  });

  it("answers invalid values with field errors and writes nothing", async () => {
    const shop = await demoShop({ assistantName: "Nora" });
    const before = await storedSettings(shop.id);

    expect(await post({ intent: "notifications", notificationEmail: "not-an-email" })).toEqual({
      intent: "notifications",
      ok: false,
      error: "Some fields are invalid. Correct them and save again.",
      fields: { notificationEmail: "must be an email address" },
    });
    const ai = await post({ intent: "ai", aiModel: "gpt 4; DROP TABLE", assistantName: "", tone: "sarcastic", language: "klingon", greeting: "x".repeat(301) });
    expect(ai).toMatchObject({
      ok: false,
      fields: {
        aiModel: "must be a model name such as gpt-4o-mini",
        assistantName: "must not be empty",
        tone: expect.any(String),
        language: "must be auto or a language code such as en or fr-CA",
        greeting: "must be at most 300 characters",
      },
    });
    expect(await post({ intent: "retention", "retention.evidenceDays": "7", "retention.conversationDays": "ten" })).toMatchObject({
      ok: false,
      fields: { "retention.evidenceDays": "must be at least 30 days", "retention.conversationDays": "must be a number of days" },
    });
    expect(await post({ intent: "retention", "retention.evidenceDays": "99999", "retention.conversationDays": "45.5" })).toMatchObject({
      ok: false,
      fields: { "retention.evidenceDays": "must be at most 3650 days", "retention.conversationDays": "must be a number of days" },
    });
    expect(await post({ intent: "nonsense" })).toMatchObject({ ok: false, error: "Unknown settings form." });

    expect(await storedSettings(shop.id)).toEqual(before);
    expect(await db().auditLog.count()).toBe(0);
  });
});

describe("auto-approval thresholds", () => {
  it("creates a new policy version copied from the active one with only the thresholds changed, and activates it", async () => {
    const shop = await demoShop();
    const v1 = await activePolicy(shop.id, 1);
    const answer = await post({ intent: "thresholds", enabled: "on", maxOrderValue: "150", maxRiskScore: "0.25" });
    expect(answer).toEqual({ intent: "thresholds", ok: true, message: "Saved and activated policy version 2" });

    const versions = await db().policy.findMany({ where: { shopId: shop.id }, orderBy: { version: "asc" } });
    expect(versions.map((p) => [p.version, p.status])).toEqual([
      [1, "archived"],
      [2, "active"],
    ]);
    expect(versions[1]!.rules).toEqual({ ...DEFAULT_POLICY_RULES, autoApprove: { enabled: true, maxOrderValue: "150.00", maxRiskScore: 0.25 } });
    expect((await db().policy.findUniqueOrThrow({ where: { id: v1.id } })).rules).toEqual(DEFAULT_POLICY_RULES);

    // Turning auto-approval off is a third version; saving the same values again makes none.
    expect(await post({ intent: "thresholds", maxOrderValue: "150.00", maxRiskScore: "0.25" })).toMatchObject({ ok: true, message: "Saved and activated policy version 3" });
    expect(await post({ intent: "thresholds", maxOrderValue: "150.00", maxRiskScore: "0.25" })).toMatchObject({ ok: true, message: "Nothing changed; policy version 3 stays active" });
    expect(await db().policy.count({ where: { shopId: shop.id } })).toBe(3);
  });

  it("refuses bad thresholds with field errors and writes no version", async () => {
    const shop = await demoShop();
    await activePolicy(shop.id, 1);
    expect(await post({ intent: "thresholds", enabled: "on", maxOrderValue: "-5", maxRiskScore: "1.5" })).toMatchObject({
      ok: false,
      fields: { maxOrderValue: 'must be an amount like "200.00"', maxRiskScore: "must be a number between 0 and 1, with at most three decimals" },
    });
    expect(await post({ intent: "thresholds", enabled: "on", maxOrderValue: "12.345", maxRiskScore: "" })).toMatchObject({ ok: false, fields: { maxOrderValue: expect.any(String), maxRiskScore: expect.any(String) } });
    expect(await db().policy.count()).toBe(1);
    expect(await db().auditLog.count()).toBe(0);
  });

  it("says so when there is no active policy to copy", async () => {
    await demoShop();
    expect(await post({ intent: "thresholds", enabled: "on", maxOrderValue: "100.00", maxRiskScore: "0.4" })).toMatchObject({ ok: false, error: expect.stringContaining("no active return policy") });
    expect(await db().policy.count()).toBe(0);
  });
});

describe("API keys", () => {
  it("creates a key that is shown once and stored only as its hash, and the merchant API accepts it", async () => {
    const shop = await demoShop();
    const answer = await post({ intent: "createApiKey", name: "  Warehouse sync " });
    if (!answer.ok || !answer.createdKey) throw new Error("expected a created key");
    const { key } = answer.createdKey;
    expect(key).toMatch(/^dk_[0-9a-f]{40}$/);

    const row = await db().apiKey.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(row).toMatchObject({ name: "Warehouse sync", prefix: key.slice(0, 10), keyHash: sha256Hex(key) });
    expect(JSON.stringify(row)).not.toContain(key);
    expect(JSON.stringify(await db().auditLog.findMany())).not.toContain(key);

    const listed = await loader(routeArgs(new Request("http://127.0.0.1/app/settings")));
    expect(listed.apiKeys).toEqual([{ id: row.id, name: "Warehouse sync", prefix: key.slice(0, 10), scope: "write", createdAt: row.createdAt.toISOString(), lastUsedAt: null, revokedAt: null }]);
    expect(JSON.stringify(listed)).not.toContain(key);

    expect((await authenticateApiKey(apiRequest(key))).shop.id).toBe(shop.id);
  });

  it("creates a read-only key when the merchant chooses it; the merchant API then refuses its changes", async () => {
    const shop = await demoShop();
    const answer = await post({ intent: "createApiKey", name: "Reporting", scope: "read" });
    if (!answer.ok || !answer.createdKey) throw new Error("expected a created key");
    expect(answer.createdKey.scope).toBe("read");
    expect(await db().apiKey.findFirstOrThrow({ where: { shopId: shop.id } })).toMatchObject({ scope: "read" });
    expect((await authenticateApiKey(apiRequest(answer.createdKey.key))).apiKey.scope).toBe("read");
    expect(await post({ intent: "createApiKey", name: "Odd", scope: "admin" })).toMatchObject({ ok: false, fields: { scope: "must be read or write" } });
  });

  it("refuses a key without a name or with an overlong one", async () => {
    await demoShop();
    expect(await post({ intent: "createApiKey", name: "   " })).toMatchObject({ ok: false, fields: { name: "must not be empty" } });
    expect(await post({ intent: "createApiKey", name: "k".repeat(81) })).toMatchObject({ ok: false, fields: { name: "must be at most 80 characters" } });
    expect(await post({ intent: "createApiKey" })).toMatchObject({ ok: false, fields: { name: expect.any(String) } });
    expect(await db().apiKey.count()).toBe(0);
  });

  it("revokes a key, after which the merchant API refuses it; revoking again is an error", async () => {
    const shop = await demoShop();
    const created = await createApiKey(db(), shop.id, { name: "ERP" });
    await authenticateApiKey(apiRequest(created.key));

    expect(await post({ intent: "revokeApiKey", keyId: created.id })).toEqual({ intent: "revokeApiKey", ok: true, message: "API key “ERP” revoked" });
    const refused = await authenticateApiKey(apiRequest(created.key)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "unauthorized", status: 401 });
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: created.id } })).revokedAt).toBeInstanceOf(Date);
    expect(await db().auditLog.count({ where: { entityType: "api_key", entityId: created.id, action: "revoked" } })).toBe(1);

    expect(await post({ intent: "revokeApiKey", keyId: created.id })).toMatchObject({ ok: false, error: "This API key is already revoked." });
  });

  it("answers another shop's key exactly like a missing one, and leaves it working", async () => {
    await demoShop();
    const other = await createShop();
    const theirs = await createApiKey(db(), other.id, { name: "Theirs" });

    const foreign = await post({ intent: "revokeApiKey", keyId: theirs.id });
    expect(foreign).toEqual(await post({ intent: "revokeApiKey", keyId: MISSING }));
    expect(foreign).toEqual(await post({ intent: "revokeApiKey", keyId: "nope" }));
    expect(foreign).toEqual({ intent: "revokeApiKey", ok: false, error: "No such API key." });
    expect((await authenticateApiKey(apiRequest(theirs.key))).shop.id).toBe(other.id);

    const listed = await loader(routeArgs(new Request("http://127.0.0.1/app/settings")));
    expect(listed.apiKeys).toEqual([]);
  });
});
