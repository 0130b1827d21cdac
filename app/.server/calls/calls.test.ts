import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeElevenLabs, type FakeElevenLabs } from "../../../tests/fakes/elevenlabs";
import { createFakeTavus, type FakeTavus } from "../../../tests/fakes/tavus";
import { callShop, connectBoth, deliverTavus, enableCalls, endCall, putConnection, read, resetCallLimiters, shopperChat, startCall, PUBLIC_URL, WEBHOOK_SECRET } from "../../../tests/support/calls";
import { runOutbox } from "../../../tests/support/run-outbox";
import { routeArgs } from "../../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { action as postCalls, loader as listCalls } from "../../routes/api.v1.calls";
import { loader as getCall } from "../../routes/api.v1.calls.$id";
import { db } from "../db.server";
import { parseEnv, resetEnv } from "../env.server";
import { resetLookupLimiters } from "../returns/lookup-limiter.server";
import { systemContext } from "../shops/shop-context";
import { updateShopSettings } from "../shops/update-shop-settings.server";
import { activatePolicyVersion } from "../policies/activate-policy-version.server";
import { duplicatePolicyVersion } from "../policies/duplicate-policy-version.server";
import { getCallUsage } from "./get-call-usage.server";
import { listCallTests, testCallPersona } from "./test-call-persona.server";
import { CALL_LIMITS } from "./call-limits.server";

setupTestDatabase();

let eleven: FakeElevenLabs;
let tavus: FakeTavus;

beforeAll(async () => {
  eleven = await createFakeElevenLabs();
  tavus = await createFakeTavus({ deliver: deliverTavus });
  resetEnv(parseEnv({ ...process.env, DOKANI_PUBLIC_URL: PUBLIC_URL, ELEVENLABS_BASE_URL: eleven.url, TAVUS_BASE_URL: tavus.url }));
});
beforeEach(async () => {
  await clearDatabase();
  resetCallLimiters();
  resetLookupLimiters();
  eleven.requests.length = 0;
  tavus.requests.length = 0;
  eleven.outage(null);
});
afterAll(async () => {
  resetEnv(undefined);
  await eleven?.close();
  await tavus?.close();
});

describe("connecting the call providers", () => {
  it("creates the shop's voice agent with Dokani's tools as webhook tools, seals the keys and answers the URLs", async () => {
    const { shop, key } = await callShop("calls-connect.myshopify.com");
    const answer = await putConnection(key, "elevenlabs", { apiKey: eleven.apiKey, webhookSecret: WEBHOOK_SECRET, phoneNumberId: "phnum_shop_line" });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ kind: "elevenlabs", status: "connected", details: { agentId: expect.stringMatching(/^agent_/), webhookUrl: `${PUBLIC_URL}/webhooks/elevenlabs/${shop.id}` } });
    expect(JSON.stringify(answer.body)).not.toContain(eleven.apiKey);
    expect(JSON.stringify(answer.body)).not.toContain(WEBHOOK_SECRET);
    const row = await db().shopIntegration.findFirstOrThrow({ where: { shopId: shop.id, kind: "elevenlabs" } });
    expect(row.secrets).not.toContain(eleven.apiKey);

    const agent = eleven.agents.get(answer.body.details.agentId)!;
    expect(agent.name).toContain("Dokani Demo Outfitters");
    const config = agent.conversationConfig as Json;
    expect(config.agent.prompt.prompt).toContain("{{caller_verified}}");
    expect(config.agent.prompt.prompt).toContain("30 days");
    expect(config.conversation.max_duration_seconds).toBe(600);
    expect(Object.keys(config.agent.dynamic_variables.dynamic_variable_placeholders)).toEqual(expect.arrayContaining(["caller_verified", "call_purpose", "dokani_call_id"]));
    const tools = (config.agent.prompt.tool_ids as string[]).map((id) => eleven.tools.get(id)!.config as Json);
    expect(tools.map((t) => t.name).sort()).toEqual(["check_return_eligibility", "get_return_status", "hand_off_to_human", "lookup_order", "search_knowledge_base", "start_return"]);
    for (const tool of tools) {
      expect(tool.api_schema.url).toBe(`${PUBLIC_URL}/webhooks/elevenlabs/${shop.id}/tools/${tool.name}`);
      expect(tool.api_schema.request_headers["X-Dokani-Tool-Secret"]).toMatch(/^[A-Za-z0-9_-]{32,}$/);
      expect(tool.api_schema.request_body_schema.properties.conversation_id).toMatchObject({ dynamic_variable: "system__conversation_id" });
    }
    expect((agent.platformSettings as Json).workspace_overrides.conversation_initiation_client_data_webhook.url).toBe(`${PUBLIC_URL}/webhooks/elevenlabs/${shop.id}/initiation`);
  });

  it("answers ElevenLabs' refusal as 422 and saves nothing; a malformed body is 400 with fields", async () => {
    const { key } = await callShop("calls-refused.myshopify.com");
    const [agentsBefore, personasBefore] = [eleven.agents.size, tavus.personas.size];
    const refused = await putConnection(key, "elevenlabs", { apiKey: "sk_not_the_key_000000", webhookSecret: WEBHOOK_SECRET });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: "integration_check_failed", message: expect.stringContaining("Invalid API key") });
    const malformed = await putConnection(key, "tavus", { apiKey: "x", replicaId: "bad id!" });
    expect(malformed.status).toBe(400);
    expect(Object.keys(malformed.body.error.fields)).toEqual(expect.arrayContaining(["apiKey", "replicaId"]));
    const unknownReplica = await putConnection(key, "tavus", { apiKey: tavus.apiKey, replicaId: "rnot_a_replica" });
    expect(unknownReplica.status).toBe(422);
    expect(unknownReplica.body.error.message).toContain("Invalid default_replica_id");
    expect(await db().shopIntegration.count()).toBe(0);
    expect([eleven.agents.size, tavus.personas.size]).toEqual([agentsBefore, personasBefore]);
  });

  it("creates a Tavus persona when none is given, and only checks one the merchant names", async () => {
    const { shop, key } = await callShop("calls-tavus.myshopify.com");
    const created = await putConnection(key, "tavus", { apiKey: tavus.apiKey, replicaId: "r79e1c033f" });
    expect(created.status).toBe(200);
    const persona = tavus.personas.get(created.body.details.personaId)!;
    expect(persona).toMatchObject({ defaultReplicaId: "r79e1c033f" });
    expect(persona.systemPrompt).toContain("Dokani Demo Outfitters");
    const before = persona.systemPrompt;
    const named = await putConnection(key, "tavus", { apiKey: tavus.apiKey, replicaId: "r79e1c033f", personaId: persona.id });
    expect(named.body.details).toMatchObject({ personaId: persona.id, personaManaged: false });
    expect(tavus.requests.at(-1)).toMatchObject({ method: "GET", path: `/v2/personas/${persona.id}` });
    const missing = await putConnection(key, "tavus", { apiKey: tavus.apiKey, replicaId: "r79e1c033f", personaId: "pmissing" });
    expect(missing.status).toBe(422);
    expect(persona.systemPrompt).toBe(before);
    expect((await db().shopIntegration.findFirstOrThrow({ where: { shopId: shop.id, kind: "tavus" } })).details).toMatchObject({ personaId: persona.id });
  });

  it("keeps the agent and persona in step when the assistant settings or the active policy change", async () => {
    const { shop, key } = await callShop("calls-sync.myshopify.com");
    const { voice, video } = await connectBoth(key, eleven, tavus);
    await updateShopSettings(systemContext(shop), { assistantName: "Robin", calls: { maxDurationSeconds: 300 } });
    expect(await runOutbox(["calls.sync-agents"])).toBe(1);
    const agent = eleven.agents.get(voice.details.agentId)!;
    expect(agent.name).toMatch(/^Robin/);
    expect((agent.conversationConfig as Json).conversation.max_duration_seconds).toBe(300);
    expect(tavus.personas.get(video.details.personaId)!.systemPrompt).toContain("You are Robin");

    const draft = await duplicatePolicyVersion(systemContext(shop), { source: "active" });
    await db().policy.update({ where: { id: draft.id }, data: { rules: { ...(draft.rules as object), returnWindowDays: 45 } } });
    await activatePolicyVersion(systemContext(shop), { version: draft.version });
    expect(await runOutbox(["calls.sync-agents"])).toBe(1);
    expect((eleven.agents.get(voice.details.agentId)!.conversationConfig as Json).agent.prompt.prompt).toContain("within 45 days");
    // Settings that do not shape the agent queue nothing.
    await updateShopSettings(systemContext(shop), { notificationEmail: "ops@example.com" });
    expect(await db().jobOutbox.count({ where: { name: "calls.sync-agents", status: "pending" } })).toBe(0);
  });

  it("runs provider tests (a Tavus test-mode conversation, an agent check) and lists them for the admin", async () => {
    const { shop, key } = await callShop("calls-tests.myshopify.com");
    await connectBoth(key, eleven, tavus);
    const video = await testCallPersona(shop.id, "tavus");
    expect(video).toMatchObject({ kind: "tavus", ok: true });
    const conversation = tavus.conversations.get(video.reference!)!;
    expect(conversation).toMatchObject({ testMode: true, status: "ended", events: [] });
    const voice = await testCallPersona(shop.id, "elevenlabs");
    expect(voice).toMatchObject({ kind: "elevenlabs", ok: true, message: expect.stringContaining("6 Dokani tools") });
    eleven.outage(503);
    const failed = await testCallPersona(shop.id, "elevenlabs");
    expect(failed).toMatchObject({ ok: false, message: expect.stringContaining("ElevenLabs refused") });
    eleven.outage(null);
    const listed = await listCallTests(shop.id);
    expect(listed.map((t) => [t.kind, t.ok])).toEqual([["elevenlabs", false], ["elevenlabs", true], ["tavus", true]]);
  });
});

describe("starting calls from the storefront", () => {
  it("refuses while the merchant has not switched calls on or not connected the provider", async () => {
    const { shop, key } = await callShop("calls-off.myshopify.com");
    const session = await shopperChat(shop);
    expect((await startCall(shop, session.token, { kind: "voice" })).body.error.code).toBe("calls_unavailable");
    const enabled = await enableCalls(shop);
    const notConnected = await startCall(enabled, session.token, { kind: "video" });
    expect(notConnected).toMatchObject({ status: 409, body: { error: { code: "calls_unavailable" } } });
    await connectBoth(key, eleven, tavus);
    await enableCalls(shop, { videoEnabled: false });
    expect((await startCall(shop, session.token, { kind: "video" })).status).toBe(409);
    expect(await db().callSession.count()).toBe(0);
  });

  it("gives a voice call a signed URL for the shop's agent, linked to the chat's conversation and contact", async () => {
    const { shop, key } = await callShop("calls-voice.myshopify.com");
    await connectBoth(key, eleven, tavus);
    await enableCalls(shop);
    const session = await shopperChat(shop);
    const started = await startCall(shop, session.token, { kind: "voice" });
    expect(started.status).toBe(201);
    expect(started.body.call).toMatchObject({ kind: "voice", status: "scheduled", joinUrl: expect.stringMatching(/^wss:\/\/.*conversation_signature=/) });
    expect(Date.parse(started.body.call.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
    const call = await db().callSession.findUniqueOrThrow({ where: { id: started.body.call.id } });
    const conversation = await db().conversation.findUniqueOrThrow({ where: { id: session.id } });
    expect(call).toMatchObject({ provider: "elevenlabs", conversationId: session.id, contactId: conversation.contactId, externalId: new URL(started.body.call.joinUrl).searchParams.get("conversation_id") });
    expect(conversation.contactId).not.toBeNull();
  });

  it("gives a video call a Tavus room whose context is what the chat verified, with a per-call callback token kept as a hash", async () => {
    const { shop, key } = await callShop("calls-video.myshopify.com");
    await connectBoth(key, eleven, tavus);
    await enableCalls(shop, { maxDurationSeconds: 420 });
    const session = await shopperChat(shop, { proved: { orderId: "7001", orderName: "#1001", email: "alex@example.com" } });
    const started = await startCall(shop, session.token, { kind: "video" });
    expect(started.status).toBe(201);
    expect(started.body.call.joinUrl).toMatch(/^https:\/\/tavus\.daily\.co\/c/);
    const conversation = [...tavus.conversations.values()].at(-1)!;
    expect(conversation.context).toContain("#1001");
    expect(conversation.context).toContain("Linen Shirt");
    expect(conversation.context).toContain("Return policy: Items can be returned within 30 days");
    expect(conversation.properties).toMatchObject({ max_call_duration: 420 });
    const callback = new URL(conversation.callbackUrl!);
    expect(callback.origin + callback.pathname).toBe(`${PUBLIC_URL}/webhooks/tavus/${started.body.call.id}`);
    const token = callback.searchParams.get("token")!;
    const row = await db().callSession.findUniqueOrThrow({ where: { id: started.body.call.id } });
    expect(JSON.stringify(row.metadata)).not.toContain(token);
    expect(row.externalId).toBe(conversation.id);
  });

  it("holds the shop to its cap on calls at once, and ending a call frees its line; ending twice is harmless", async () => {
    const { shop, key } = await callShop("calls-cap.myshopify.com");
    await connectBoth(key, eleven, tavus);
    await enableCalls(shop, { maxConcurrentCalls: 2 });
    const a = await shopperChat(shop, { address: "198.51.100.1" });
    const b = await shopperChat(shop, { address: "198.51.100.2" });
    const c = await shopperChat(shop, { address: "198.51.100.3" });
    const [first, second, third] = await Promise.all([startCall(shop, a.token, { kind: "video" }, "198.51.100.1"), startCall(shop, b.token, { kind: "video" }, "198.51.100.2"), startCall(shop, c.token, { kind: "video" }, "198.51.100.3")]);
    expect([first.status, second.status, third.status].sort()).toEqual([201, 201, 409]);
    expect(await db().callSession.count()).toBe(2);
    const winner = first.status === 201 ? { s: a, r: first } : { s: b, r: second };
    const ended = await endCall(shop, winner.s.token, winner.r.body.call.id);
    expect(ended).toMatchObject({ status: 200, body: { call: { id: winner.r.body.call.id, status: "ended" } } });
    expect(tavus.requests.at(-1)).toMatchObject({ method: "POST", path: `/v2/conversations/${tavus.conversations.get((await db().callSession.findUniqueOrThrow({ where: { id: winner.r.body.call.id } })).externalId!)!.id}/end`, status: 200 });
    const again = await endCall(shop, winner.s.token, winner.r.body.call.id);
    expect(again).toMatchObject({ status: 200, body: { call: { status: "ended" } } });
    const loser = third.status === 409 ? c : first.status === 409 ? a : b;
    expect((await startCall(shop, loser.token, { kind: "video" }, "198.51.100.9")).status).toBe(201);
  });

  it("limits calls per shopper and per client address (429 with Retry-After)", async () => {
    const { shop, key } = await callShop("calls-rate.myshopify.com");
    await connectBoth(key, eleven, tavus);
    await enableCalls(shop, { maxConcurrentCalls: 50 });
    const session = await shopperChat(shop);
    for (let i = 0; i < CALL_LIMITS.perShopper.points; i++) expect((await startCall(shop, session.token, { kind: "voice" }, "198.51.100.7")).status).toBe(201);
    const limited = await startCall(shop, session.token, { kind: "voice" }, "198.51.100.7");
    expect(limited).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Fresh chats from one address run into the address's allowance.
    let status = 201;
    for (let i = 0; i < CALL_LIMITS.perAddress.points && status === 201; i++) status = (await startCall(shop, (await shopperChat(shop)).token, { kind: "voice" }, "198.51.100.7")).status;
    expect(status).toBe(429);
    expect(await db().callSession.count()).toBe(CALL_LIMITS.perAddress.points);
  });

  it("refuses a bad token, another chat's call, another shop's chat and malformed bodies, writing nothing", async () => {
    const { shop, key } = await callShop("calls-hostile.myshopify.com");
    const other = await callShop("calls-hostile-2.myshopify.com");
    await connectBoth(key, eleven, tavus);
    await enableCalls(shop);
    const mine = await shopperChat(shop);
    const theirs = await shopperChat(shop);
    const foreign = await shopperChat(other.shop);
    expect((await startCall(shop, "not-a-token", { kind: "voice" })).status).toBe(401);
    expect((await startCall(shop, foreign.token, { kind: "voice" })).status).toBe(404);
    const bad = await startCall(shop, mine.token, { kind: "hologram" });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_request", fields: { kind: "must be voice or video" } } } });
    expect((await startCall(shop, mine.token, "x".repeat(5000))).status).toBe(413);
    expect(await db().callSession.count()).toBe(0);
    const started = await startCall(shop, mine.token, { kind: "voice" });
    expect((await endCall(shop, theirs.token, started.body.call.id)).status).toBe(404);
    expect((await endCall(shop, mine.token, "not-a-uuid")).status).toBe(404);
    expect((await db().callSession.findUniqueOrThrow({ where: { id: started.body.call.id } })).status).toBe("scheduled");
  });

  it("records a call the provider refused to start as failed and answers 409", async () => {
    const { shop, key } = await callShop("calls-outage.myshopify.com");
    await connectBoth(key, eleven, tavus);
    await enableCalls(shop);
    const session = await shopperChat(shop);
    eleven.outage(503);
    const refused = await startCall(shop, session.token, { kind: "voice" });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: "calls_unavailable" } } });
    expect(await db().callSession.findFirstOrThrow()).toMatchObject({ status: "failed" });
  });
});

describe("phone calls and the merchant API", () => {
  const post = async (key: string, body: unknown) => read(await postCalls(routeArgs(new Request("http://127.0.0.1/api/v1/calls", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) }))));

  it("places an outbound call through ElevenLabs' Twilio integration that states its purpose, and answers a CallView", async () => {
    const { shop, key } = await callShop("calls-phone.myshopify.com");
    await connectBoth(key, eleven, tavus, { phoneNumberId: "phnum_shop_line" });
    await enableCalls(shop);
    const theReturn = await db().returnRequest.create({ data: { shopId: shop.id, platformOrderId: "7001", orderName: "#1001", orderProcessedAt: new Date(), orderTotal: "98.00", currency: "USD", customerEmail: "alex@example.com", status: "approved", resolution: "refund" } });
    const answer = await read(await postCalls(routeArgs(new Request("http://127.0.0.1/api/v1/calls", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ kind: "voice", to: "+14155550123", returnId: theReturn.id }) }))));
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ kind: "voice", provider: "elevenlabs", direction: "outbound", status: "active", returnId: theReturn.id, contactId: expect.any(String), conversationId: expect.any(String) });
    const placed = eleven.requests.find((r) => r.path === "/v1/convai/twilio/outbound-call")!;
    expect(placed.body).toMatchObject({ agent_phone_number_id: "phnum_shop_line", to_number: "+14155550123", conversation_initiation_client_data: { dynamic_variables: { caller_verified: "false", call_purpose: "an update on the return for order #1001", dokani_call_id: answer.body.id } } });
    const conversation = await db().conversation.findUniqueOrThrow({ where: { id: answer.body.conversationId } });
    expect(conversation).toMatchObject({ channel: "voice", customerPhone: "+14155550123" });
  });

  it("refuses read keys, bad numbers, another shop's contact or return, and a connection without a phone number", async () => {
    const { shop, key, readKey } = await callShop("calls-phone-refusals.myshopify.com");
    const other = await callShop("calls-phone-other.myshopify.com");
    await connectBoth(key, eleven, tavus);
    await enableCalls(shop);
    expect((await post(readKey, { kind: "voice", to: "+14155550123" })).status).toBe(403);
    expect((await post(key, { kind: "voice", to: "+14155550123" })).body.error).toMatchObject({ code: "calls_unavailable", message: expect.stringContaining("phone number") });
    await putConnection(key, "elevenlabs", { apiKey: eleven.apiKey, webhookSecret: WEBHOOK_SECRET, phoneNumberId: "phnum_shop_line" });
    expect((await post(key, { kind: "video", to: "+14155550123" })).body.error.fields).toHaveProperty("kind");
    expect((await post(key, { kind: "voice", to: "555-0123" })).body.error.fields).toHaveProperty("to");
    const foreignContact = await db().contact.create({ data: { shopId: other.shop.id, name: "Sam", identities: { create: [{ shopId: other.shop.id, kind: "phone", value: "+14155550999", verified: true }] } } });
    expect((await post(key, { kind: "voice", to: foreignContact.id })).status).toBe(404);
    const foreignReturn = await db().returnRequest.create({ data: { shopId: other.shop.id, platformOrderId: "1", orderName: "#9", orderProcessedAt: new Date(), orderTotal: "1.00", currency: "USD", customerEmail: "s@example.com", status: "approved", resolution: "refund" } });
    expect((await post(key, { kind: "voice", to: "+14155550123", returnId: foreignReturn.id })).status).toBe(404);
    expect(await db().callSession.count()).toBe(0);
    expect(eleven.requests.filter((r) => r.path === "/v1/convai/twilio/outbound-call")).toHaveLength(0);
  });

  it("lists and reads calls for the shop only, with the transcript", async () => {
    const { shop, key } = await callShop("calls-list.myshopify.com");
    const other = await callShop("calls-list-other.myshopify.com");
    const mine = await db().callSession.create({ data: { shopId: shop.id, provider: "tavus", kind: "video", status: "completed", durationSeconds: 61, metadata: { direction: "web" }, transcript: { create: [{ position: 0, speaker: "customer", text: "Hello", startMs: 0 }] } } });
    const theirs = await db().callSession.create({ data: { shopId: other.shop.id, provider: "elevenlabs", kind: "voice", status: "completed" } });
    const list = await read(await listCalls(routeArgs(new Request("http://127.0.0.1/api/v1/calls?kind=video&status=ended", { headers: { authorization: `Bearer ${key}` } }))));
    expect(list.body.data.map((c: Json) => c.id)).toEqual([mine.id]);
    const one = await read(await getCall(routeArgs(new Request(`http://127.0.0.1/api/v1/calls/${mine.id}`, { headers: { authorization: `Bearer ${key}` } }), { id: mine.id })));
    expect(one.body).toMatchObject({ id: mine.id, status: "ended", durationSeconds: 61, transcript: [{ speaker: "customer", text: "Hello", startMs: 0 }] });
    const foreign = await read(await getCall(routeArgs(new Request(`http://127.0.0.1/api/v1/calls/${theirs.id}`, { headers: { authorization: `Bearer ${key}` } }), { id: theirs.id })));
    expect(foreign.status).toBe(404);
    const badQuery = await read(await listCalls(routeArgs(new Request("http://127.0.0.1/api/v1/calls?status=ringing", { headers: { authorization: `Bearer ${key}` } }))));
    expect(badQuery.status).toBe(400);
  });

  it("counts minutes per month by kind", async () => {
    const { shop } = await callShop("calls-usage.myshopify.com");
    const at = new Date("2026-11-10T10:00:00Z");
    await db().callSession.createMany({
      data: [
        { shopId: shop.id, provider: "elevenlabs", kind: "voice", status: "completed", startedAt: at, durationSeconds: 61 },
        { shopId: shop.id, provider: "elevenlabs", kind: "voice", status: "completed", startedAt: at, durationSeconds: 120 },
        { shopId: shop.id, provider: "tavus", kind: "video", status: "completed", startedAt: at, durationSeconds: 30 },
        { shopId: shop.id, provider: "tavus", kind: "video", status: "completed", startedAt: new Date("2026-12-01T00:00:00Z"), durationSeconds: 600 },
      ],
    });
    expect(await getCallUsage(shop.id, "2026-11")).toEqual({ month: "2026-11", voice: { calls: 2, minutes: 4 }, video: { calls: 1, minutes: 1 } });
    await expect(getCallUsage(shop.id, "2026-13")).rejects.toMatchObject({ code: "invalid_request" });
  });
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
