import { beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { runOutbox } from "../../tests/support/run-outbox";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { createApiKey } from "../.server/api-keys/create-api-key";
import { db } from "../.server/db.server";
import { action as labels } from "./api.v1.conversations.labels";
import { action as ruleAction, loader as ruleLoader } from "./api.v1.rules.$id";
import { action as startBacktest } from "./api.v1.rules.backtests";
import { loader as getBacktest } from "./api.v1.rules.backtests.$id";
import { action as createRule, loader as listRules } from "./api.v1.rules";
import { action as createReply, loader as listReplies } from "./api.v1.saved-replies";
import { action as createEndpoint, loader as listEndpoints } from "./api.v1.webhook-endpoints";
import { action as rotate } from "./api.v1.webhook-endpoints.$id.rotate-secret";
import { loader as deliveries } from "./api.v1.webhook-endpoints.$id.deliveries";

setupTestDatabase();
beforeEach(async () => {
  await clearDatabase();
});

const BASE = "http://127.0.0.1";

async function merchant() {
  const shop = await createShop();
  const { key } = await createApiKey(db(), shop.id, { name: "Automation bot" });
  return { shop, key };
}

type Handler = (args: ReturnType<typeof routeArgs>) => Promise<Response> | Response;
async function call(handler: Handler, key: string, path: string, init: { method?: string; body?: unknown } = {}, params: Record<string, string> = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await handler(routeArgs(new Request(`${BASE}${path}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body) }), params));
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

const RULE = {
  name: "Damaged items",
  enabled: true,
  trigger: { type: "message_received", channels: ["whatsapp", "email"] },
  conditions: { match: "all", conditions: [{ type: "text_contains", any: ["damaged"] }] },
  actions: [{ type: "add_tag", tag: "damaged" }, { type: "set_priority", priority: "high" }],
};

describe("the automation API", () => {
  it("creates, reads, replaces and deletes rules, refusing bad documents with field errors and other shops' rules with 404", async () => {
    const { key } = await merchant();
    const other = await merchant();
    const created = await call(createRule, key, "/api/v1/rules", { method: "POST", body: RULE });
    expect(created).toMatchObject({ status: 201, body: { id: expect.any(String), name: "Damaged items", enabled: true, position: 1, trigger: RULE.trigger, actions: RULE.actions } });
    const id = created.body.id as string;
    expect((await call(listRules, key, "/api/v1/rules")).body.data).toHaveLength(1);
    expect(await call(createRule, key, "/api/v1/rules", { method: "POST", body: { ...RULE, actions: [{ type: "add_tag", tag: "not valid!" }], trigger: { type: "no_reply" } } })).toEqual({
      status: 422,
      body: { error: { code: "invalid_rules", message: expect.any(String), fields: { "trigger.minutes": expect.any(String), "actions[0].tag": expect.any(String) } } },
    });
    expect((await call(createRule, key, "/api/v1/rules", { method: "POST", body: "{not json" })).body.error.code).toBe("invalid_json");
    expect(await db().automationRule.count()).toBe(1);
    const replaced = await call(ruleAction, key, `/api/v1/rules/${id}`, { method: "PUT", body: { ...RULE, enabled: false, name: "Off for now" } }, { id });
    expect(replaced.body).toMatchObject({ name: "Off for now", enabled: false });
    expect((await call(ruleLoader, other.key, `/api/v1/rules/${id}`, {}, { id })).status).toBe(404);
    expect((await call(ruleAction, other.key, `/api/v1/rules/${id}`, { method: "DELETE" }, { id })).status).toBe(404);
    expect((await call(ruleLoader, key, "/api/v1/rules/nope", {}, { id: "nope" })).status).toBe(404);
    expect((await call(ruleAction, key, `/api/v1/rules/${id}`, { method: "DELETE" }, { id })).status).toBe(204);
    expect(await db().automationRule.count()).toBe(0);
  });

  it("tries a rule before it is switched on and reports its progress", async () => {
    const { shop, key } = await merchant();
    const c = await db().conversation.create({ data: { shopId: shop.id, channel: "whatsapp" } });
    await db().message.create({ data: { shopId: shop.id, conversationId: c.id, role: "customer", text: "The lamp arrived damaged" } });
    const started = await call(startBacktest, key, "/api/v1/rules/backtests", { method: "POST", body: { rule: RULE, days: 30 } });
    expect(started).toMatchObject({ status: 202, body: { status: "queued", progress: 0, days: 30 } });
    expect((await call(startBacktest, key, "/api/v1/rules/backtests", { method: "POST", body: { rule: RULE, days: 12 } })).body.error.fields).toEqual({ days: "must be one of 7, 30, 90" });
    await runOutbox(["automation.backtest"]);
    const done = await call(getBacktest, key, `/api/v1/rules/backtests/${started.body.id}`, {}, { id: started.body.id });
    expect(done.body).toMatchObject({ status: "completed", progress: 100, result: { events: 1, matched: 1, matches: [{ conversationId: c.id, excerpt: "The lamp arrived damaged" }] } });
    const other = await merchant();
    expect((await call(getBacktest, other.key, `/api/v1/rules/backtests/${started.body.id}`, {}, { id: started.body.id })).status).toBe(404);
  });

  it("keeps saved replies, refusing unknown variables and names in use", async () => {
    const { key } = await merchant();
    expect((await call(createReply, key, "/api/v1/saved-replies", { method: "POST", body: { name: "Damaged item", body: "Hi {{contact.first_name|there}}" } })).status).toBe(201);
    expect((await call(createReply, key, "/api/v1/saved-replies", { method: "POST", body: { name: "Damaged item", body: "Again" } })).body.error).toMatchObject({ code: "conflict", fields: { name: expect.any(String) } });
    expect((await call(createReply, key, "/api/v1/saved-replies", { method: "POST", body: { name: "Typo", body: "Hi {{contact.nmae}}" } })).body.error.fields.body).toContain("contact.nmae");
    expect((await call(listReplies, key, "/api/v1/saved-replies")).body.data).toHaveLength(1);
  });

  it("registers webhook endpoints, showing the secret only when created or rotated, and refuses private addresses", async () => {
    const { key } = await merchant();
    expect((await call(createEndpoint, key, "/api/v1/webhook-endpoints", { method: "POST", body: { url: "http://127.0.0.1:9/hooks", events: ["return.created"] } })).body.error).toMatchObject({ code: "invalid_request", fields: { url: expect.any(String) } });
    expect((await call(createEndpoint, key, "/api/v1/webhook-endpoints", { method: "POST", body: { url: "https://169.254.169.254/", events: ["return.created"] } })).status).toBe(400);
    expect((await call(createEndpoint, key, "/api/v1/webhook-endpoints", { method: "POST", body: { url: "https://[::1]/", events: ["return.created"] } })).status).toBe(400);
    expect((await call(createEndpoint, key, "/api/v1/webhook-endpoints", { method: "POST", body: { url: "https://93.184.216.34/hooks", events: ["return.shipped"] } })).body.error.fields).toEqual({ "events[0]": expect.stringContaining("must be one of") });
    const created = await call(createEndpoint, key, "/api/v1/webhook-endpoints", { method: "POST", body: { url: "https://93.184.216.34/hooks", events: ["return.created", "return.created", "call.ended"] } });
    expect(created).toMatchObject({ status: 201, body: { enabled: true, events: ["return.created", "call.ended"], secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/) } });
    const listed = await call(listEndpoints, key, "/api/v1/webhook-endpoints");
    expect(listed.body.data[0]).not.toHaveProperty("secret");
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    const rotated = await call(rotate, key, `/api/v1/webhook-endpoints/${created.body.id}/rotate-secret`, { method: "POST" }, { id: created.body.id });
    expect(rotated.body).toMatchObject({ secret: expect.stringMatching(/^whsec_/), previousSecretExpiresAt: expect.any(String) });
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect(await call(deliveries, key, `/api/v1/webhook-endpoints/${created.body.id}/deliveries?limit=0`, {}, { id: created.body.id })).toMatchObject({ status: 400, body: { error: { fields: { limit: "must be at least 1" } } } });
    const other = await merchant();
    expect((await call(deliveries, other.key, `/api/v1/webhook-endpoints/${created.body.id}/deliveries`, {}, { id: created.body.id })).status).toBe(404);
  });

  it("tags and prioritises conversations in bulk, only this shop's", async () => {
    const { shop, key } = await merchant();
    const other = await merchant();
    const a = await db().conversation.create({ data: { shopId: shop.id, tags: ["vip"] } });
    const b = await db().conversation.create({ data: { shopId: shop.id } });
    const theirs = await db().conversation.create({ data: { shopId: other.shop.id } });
    const done = await call(labels, key, "/api/v1/conversations/labels", { method: "POST", body: { conversationIds: [a.id, b.id], addTags: ["Damaged"], removeTags: ["vip"], priority: "high" } });
    expect(done.body.data).toEqual(expect.arrayContaining([{ id: a.id, tags: ["damaged"], priority: "high" }, { id: b.id, tags: ["damaged"], priority: "high" }]));
    expect((await call(labels, key, "/api/v1/conversations/labels", { method: "POST", body: { conversationIds: [a.id, theirs.id], addTags: ["x"] } })).status).toBe(404);
    expect((await db().conversation.findUniqueOrThrow({ where: { id: theirs.id } })).tags).toEqual([]);
    expect((await call(labels, key, "/api/v1/conversations/labels", { method: "POST", body: { conversationIds: [a.id] } })).body.error.fields).toEqual({ addTags: expect.any(String) });
    expect((await call(labels, key, "/api/v1/conversations/labels", { method: "POST", body: { conversationIds: [a.id], priority: "asap" } })).status).toBe(400);
  });
});
