import { ElevenLabsClient } from "@elevenlabs/elevenlabs-js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeElevenLabs, elevenLabsSignature, type FakeElevenLabs } from "../../../tests/fakes/elevenlabs";
import { createFakeTavus, type FakeTavus } from "../../../tests/fakes/tavus";
import { callShop, connectBoth, deliverTavus, enableCalls, read, resetCallLimiters, shopperChat, startCall, PUBLIC_URL, WEBHOOK_SECRET } from "../../../tests/support/calls";
import { routeArgs } from "../../../tests/support/route-args";
import { runOutbox } from "../../../tests/support/run-outbox";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { loader as getConversation } from "../../routes/api.v1.conversations.$id";
import { action as postCallAction } from "../../routes/webhooks.elevenlabs.$shopId";
import { action as initiationAction } from "../../routes/webhooks.elevenlabs.$shopId.initiation";
import { action as toolAction } from "../../routes/webhooks.elevenlabs.$shopId.tools.$tool";
import { redactCustomer } from "../compliance/redact-customer.server";
import { db, type Shop } from "../db.server";
import { parseEnv, resetEnv } from "../env.server";
import { resetLookupLimiters } from "../returns/lookup-limiter.server";
import { openVoiceConnection } from "./call-connections.server";
import { readCallMetadata } from "./call-metadata";

setupTestDatabase();

let eleven: FakeElevenLabs;
let tavus: FakeTavus;

beforeAll(async () => {
  eleven = await createFakeElevenLabs();
  tavus = await createFakeTavus({ deliver: async (url, body) => deliverTavus(url, body) });
  resetEnv(parseEnv({ ...process.env, DOKANI_PUBLIC_URL: PUBLIC_URL, ELEVENLABS_BASE_URL: eleven.url, TAVUS_BASE_URL: tavus.url }));
});
beforeEach(async () => {
  await clearDatabase();
  resetCallLimiters();
  resetLookupLimiters();
  tavus.setDeliver(async (url, body) => deliverTavus(url, body));
});
afterAll(async () => {
  resetEnv(undefined);
  await eleven?.close();
  await tavus?.close();
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function readyShop(domain: string) {
  const { shop, key } = await callShop(domain);
  await connectBoth(key, eleven, tavus, { phoneNumberId: "phnum_shop_line" });
  return { shop: await enableCalls(shop, { maxConcurrentCalls: 20 }), key };
}

/** A voice call from a chat; answers the call row and the provider's conversation id. */
async function voiceCall(shop: Shop, options: Parameters<typeof shopperChat>[1] = {}) {
  const session = await shopperChat(shop, options);
  const started = await startCall(shop, session.token, { kind: "voice" });
  expect(started.status).toBe(201);
  const call = await db().callSession.findUniqueOrThrow({ where: { id: started.body.call.id } });
  return { session, call, conversationId: call.externalId! };
}

const postCall = async (shopId: string, request: Request) => read(await postCallAction(routeArgs(request, { shopId })));

async function tool(shop: Shop, name: string, body: unknown, options: { secret?: string; shopId?: string; contentType?: string } = {}) {
  const shopId = options.shopId ?? shop.id;
  const secret = options.secret ?? (await openVoiceConnection(shop.id))!.toolSecret;
  const request = new Request(`${PUBLIC_URL}/webhooks/elevenlabs/${shopId}/tools/${name}`, { method: "POST", headers: { "content-type": options.contentType ?? "application/json", "X-Dokani-Tool-Secret": secret }, body: typeof body === "string" ? body : JSON.stringify(body) });
  return read(await toolAction(routeArgs(request, { shopId, tool: name })));
}

describe("ElevenLabs' post-call webhook", () => {
  it("turns a signed transcription into transcript segments and voice messages in the chat, with summary and duration, once", async () => {
    const { shop, key } = await readyShop("webhook-voice.myshopify.com");
    const { session, call, conversationId } = await voiceCall(shop);
    eleven.finish(conversationId, { turns: [{ role: "agent", message: "Hi, this is Dani." }, { role: "user", message: "Where is my parcel?" }, { role: "agent", message: "Let me check." }], durationSecs: 47, summary: "Asked where the parcel is." });
    const url = `${PUBLIC_URL}/webhooks/elevenlabs/${shop.id}`;
    const first = await postCall(shop.id, eleven.postCall(url, WEBHOOK_SECRET, conversationId));
    expect(first).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
    const again = await postCall(shop.id, eleven.postCall(url, WEBHOOK_SECRET, conversationId));
    expect(again).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(await runOutbox(["calls.record-event"])).toBe(1);

    const row = await db().callSession.findUniqueOrThrow({ where: { id: call.id }, include: { transcript: { orderBy: { position: "asc" } } } });
    expect(row).toMatchObject({ status: "completed", durationSeconds: 47, summary: "Asked where the parcel is." });
    expect(row.recordingKey).toBe(`${eleven.url}/v1/convai/conversations/${conversationId}/audio`);
    expect(row.transcript.map((s) => [s.speaker, s.text, s.startMs])).toEqual([["ai", "Hi, this is Dani.", 0], ["customer", "Where is my parcel?", 4000], ["ai", "Let me check.", 8000]]);
    const conversation = await read(await getConversation(routeArgs(new Request(`http://127.0.0.1/api/v1/conversations/${session.id}`, { headers: { authorization: `Bearer ${key}` } }), { id: session.id })));
    const voiceLines = (conversation.body.messages as Json[]).filter((m) => m.channel === "voice");
    expect(voiceLines.map((m) => [m.role, m.text])).toEqual([["ai", "Hi, this is Dani."], ["customer", "Where is my parcel?"], ["ai", "Let me check."]]);
  });

  it("signs as the SDK expects: the fake's signature is accepted by the official constructEvent", async () => {
    const body = JSON.stringify({ type: "post_call_transcription", data: { conversation_id: "conv_x" } });
    const client = new ElevenLabsClient({ apiKey: "unused" });
    await expect(client.webhooks.constructEvent(body, elevenLabsSignature(WEBHOOK_SECRET, body), WEBHOOK_SECRET)).resolves.toMatchObject({ type: "post_call_transcription" });
  });

  it("refuses bad, stale, future, missing and foreign signatures with 401 and writes nothing; a signed non-event is 400", async () => {
    const { shop } = await readyShop("webhook-sigs.myshopify.com");
    const other = await readyShop("webhook-sigs-2.myshopify.com");
    const { conversationId } = await voiceCall(shop);
    eleven.finish(conversationId, { turns: [{ role: "user", message: "hi" }] });
    const url = `${PUBLIC_URL}/webhooks/elevenlabs/${shop.id}`;
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      eleven.postCall(url, "not-the-secret", conversationId),
      eleven.postCall(url, WEBHOOK_SECRET, conversationId, { t: now - 31 * 60 }),
      eleven.postCall(url, WEBHOOK_SECRET, conversationId, { t: now + 31 * 60 }),
      eleven.postCall(url, WEBHOOK_SECRET, conversationId, { signature: "t=abc,v0=zz" }),
      new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
    ];
    for (const request of cases) expect((await postCall(shop.id, request)).status).toBe(401);
    // The right signature for the shop in another shop's path.
    expect((await postCall(other.shop.id, eleven.postCall(`${PUBLIC_URL}/webhooks/elevenlabs/${other.shop.id}`, WEBHOOK_SECRET + "x", conversationId))).status).toBe(401);
    expect((await postCall("not-a-uuid", eleven.postCall(url, WEBHOOK_SECRET, conversationId))).status).toBe(401);
    // Within the window either way is fine.
    expect((await postCall(shop.id, eleven.postCall(url, WEBHOOK_SECRET, conversationId, { t: now + 25 * 60 }))).status).toBe(200);
    await db().jobOutbox.deleteMany({ where: { name: "calls.record-event" } });
    const garbage = '{"type":"something_else","data":{}}';
    const signedGarbage = await postCall(shop.id, eleven.postCall(url, WEBHOOK_SECRET, conversationId, { body: garbage }));
    expect(signedGarbage).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
    expect((await postCall(shop.id, eleven.postCall(url, WEBHOOK_SECRET, conversationId, { body: "{not json" }))).status).toBe(400);
    expect(await db().jobOutbox.count({ where: { name: "calls.record-event" } })).toBe(0);
    expect(await db().callTranscriptSegment.count()).toBe(0);
  });
});

describe("Tavus callbacks", () => {
  it("applies callbacks in any order and any number of times: join (both names), shutdown, transcript, recording, perception", async () => {
    const { shop } = await readyShop("webhook-tavus.myshopify.com");
    const session = await shopperChat(shop, { proved: { orderId: "7001", orderName: "#1001", email: "alex@example.com" } });
    // Deliveries are held so the test chooses their order.
    const held: Array<{ url: string; body: string }> = [];
    tavus.setDeliver(async (url, body) => void held.push({ url, body }));
    const started = await startCall(shop, session.token, { kind: "video" });
    const call = await db().callSession.findUniqueOrThrow({ where: { id: started.body.call.id } });
    const joinedAt = "2026-12-02T08:00:00.123456Z";
    await tavus.join(call.externalId!, joinedAt);
    await tavus.end(call.externalId!, "participant_left_timeout reached", [{ role: "assistant", content: "Hello Alex." }, { role: "user", content: "Can I return the shirt?" }], "2026-12-02T08:03:05.123456Z");
    await tavus.recordingReady(call.externalId!, 180);
    await tavus.perception(call.externalId!, "The shopper held up a shirt with a torn seam.");
    expect(held.map((h) => JSON.parse(h.body).event_type)).toEqual(["system.replica_joined", "system.pal_joined", "system.shutdown", "application.transcription_ready", "application.recording_ready", "application.perception_analysis"]);
    // Shutdown and transcript first, then the joins (twice each), then the rest.
    for (const i of [2, 3, 0, 1, 0, 3, 4, 5]) expect((await deliverTavus(held[i]!.url, held[i]!.body)).status).toBe(200);
    expect(await runOutbox(["calls.record-event"])).toBe(5);
    const row = await db().callSession.findUniqueOrThrow({ where: { id: call.id }, include: { transcript: { orderBy: { position: "asc" } } } });
    // From the join to the shutdown; the recording's own length (180 s) is kept beside it.
    expect(row).toMatchObject({ status: "completed", durationSeconds: 185, recordingKey: `s3://shop-recordings/recordings/${call.externalId}.mp4` });
    expect(row.startedAt?.toISOString()).toBe("2026-12-02T08:00:00.123Z");
    expect(row.endedAt?.toISOString()).toBe("2026-12-02T08:03:05.123Z");
    expect(readCallMetadata(row.metadata)).toMatchObject({ recordingDurationSeconds: 180, perception: "The shopper held up a shirt with a torn seam.", endReason: "participant_left_timeout reached" });
    expect(row.transcript.map((s) => [s.speaker, s.text])).toEqual([["ai", "Hello Alex."], ["customer", "Can I return the shirt?"]]);
    const messages = await db().message.findMany({ where: { conversationId: session.id, externalId: { startsWith: "call:" } }, orderBy: { createdAt: "asc" } });
    expect(messages.map((m) => m.text)).toEqual(["Hello Alex.", "Can I return the shirt?"]);
  });

  it("works out the duration from the join and the shutdown when no recording says it", async () => {
    const { shop } = await readyShop("webhook-tavus-duration.myshopify.com");
    const session = await shopperChat(shop);
    const started = await startCall(shop, session.token, { kind: "video" });
    const call = await db().callSession.findUniqueOrThrow({ where: { id: started.body.call.id } });
    await tavus.join(call.externalId!, "2026-12-02T09:00:00.000000Z");
    await tavus.end(call.externalId!, "max_call_duration reached", undefined, "2026-12-02T09:10:00.000000Z");
    await runOutbox(["calls.record-event"]);
    expect(await db().callSession.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ status: "completed", durationSeconds: 600 });
  });

  it("refuses a wrong or missing token, another call's token and another conversation, writing nothing", async () => {
    const { shop } = await readyShop("webhook-tavus-tokens.myshopify.com");
    const held: Array<{ url: string; body: string }> = [];
    tavus.setDeliver(async (url, body) => void held.push({ url, body }));
    const a = await startCall(shop, (await shopperChat(shop)).token, { kind: "video" });
    const b = await startCall(shop, (await shopperChat(shop)).token, { kind: "video" });
    const callA = await db().callSession.findUniqueOrThrow({ where: { id: a.body.call.id } });
    const callB = await db().callSession.findUniqueOrThrow({ where: { id: b.body.call.id } });
    await tavus.join(callA.externalId!);
    await tavus.join(callB.externalId!);
    const [joinA, , joinB] = held;
    const urlA = new URL(joinA!.url);
    const tokenB = new URL(joinB!.url).searchParams.get("token")!;
    const withToken = (token: string | null) => `${urlA.origin}${urlA.pathname}${token === null ? "" : `?token=${encodeURIComponent(token)}`}`;
    expect((await deliverTavus(withToken("wrong"), joinA!.body)).status).toBe(401);
    expect((await deliverTavus(withToken(null), joinA!.body)).status).toBe(401);
    expect((await deliverTavus(withToken(tokenB), joinA!.body)).status).toBe(401);
    expect((await deliverTavus(joinA!.url, joinB!.body)).status).toBe(401);
    expect((await deliverTavus(`${PUBLIC_URL}/webhooks/tavus/not-a-uuid?token=x`, joinA!.body)).status).toBe(401);
    expect((await deliverTavus(joinA!.url, '{"event_type": 5}')).status).toBe(400);
    expect(await db().jobOutbox.count({ where: { name: "calls.record-event" } })).toBe(0);
  });
});

describe("tools during calls", () => {
  it("refuses private data on an unverified call until the caller gives the order number and email", async () => {
    const { shop } = await readyShop("tools-unverified.myshopify.com");
    const { call, conversationId } = await voiceCall(shop);
    const base = { conversation_id: conversationId };
    expect((await tool(shop, "check_return_eligibility", base)).body).toMatchObject({ ok: false, error: "not_verified" });
    expect((await tool(shop, "get_return_status", base)).body).toMatchObject({ ok: false, error: "not_verified" });
    expect((await tool(shop, "lookup_order", { ...base, orderNumber: "#1001", email: "someone@example.com" })).body).toMatchObject({ ok: false, error: "not_found" });
    expect(readCallMetadata((await db().callSession.findUniqueOrThrow({ where: { id: call.id } })).metadata).verifiedOrder).toBeUndefined();
    const verified = await tool(shop, "lookup_order", { ...base, orderNumber: "1001", email: "alex@example.com" });
    expect(verified.body).toMatchObject({ ok: true, order: { name: "#1001" } });
    expect(readCallMetadata((await db().callSession.findUniqueOrThrow({ where: { id: call.id } })).metadata).verifiedOrder).toMatchObject({ orderName: "#1001" });
    expect((await tool(shop, "check_return_eligibility", base)).body).toMatchObject({ ok: true, order: "#1001" });
  });

  it("has the engine decide a return started by voice: out of policy is denied", async () => {
    const { shop } = await readyShop("tools-policy.myshopify.com");
    const { call, conversationId } = await voiceCall(shop);
    const base = { conversation_id: conversationId };
    expect((await tool(shop, "lookup_order", { ...base, orderNumber: "#1002", email: "alex@example.com" })).body.ok).toBe(true);
    const started = await tool(shop, "start_return", { ...base, items: [{ lineItemId: "L2", quantity: 1, reason: "changed_mind" }], resolution: "refund" });
    expect(started.status).toBe(200);
    const theReturn = await db().returnRequest.findFirstOrThrow({ where: { shopId: shop.id, orderName: "#1002" } });
    expect(theReturn.status).toBe("denied");
    expect(theReturn.conversationId).toBe(call.conversationId);
    expect(readCallMetadata((await db().callSession.findUniqueOrThrow({ where: { id: call.id } })).metadata).returnId).toBe(theReturn.id);
  });

  it("hands the call's conversation to a person", async () => {
    const { shop } = await readyShop("tools-handoff.myshopify.com");
    const { session, conversationId } = await voiceCall(shop);
    expect((await tool(shop, "hand_off_to_human", { conversation_id: conversationId, reason: "Wants to speak to the manager" })).body).toMatchObject({ ok: true, handedOff: true });
    expect(await db().conversation.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ aiActive: false });
  });

  it("refuses a wrong secret, another shop's secret or call, unknown tools and malformed bodies", async () => {
    const { shop } = await readyShop("tools-hostile.myshopify.com");
    const other = await readyShop("tools-hostile-2.myshopify.com");
    const { conversationId } = await voiceCall(shop);
    const body = { conversation_id: conversationId, orderNumber: "#1001", email: "alex@example.com" };
    expect((await tool(shop, "lookup_order", body, { secret: "x".repeat(43) })).status).toBe(401);
    const otherSecret = (await openVoiceConnection(other.shop.id))!.toolSecret;
    expect((await tool(shop, "lookup_order", body, { secret: otherSecret })).status).toBe(401);
    // Another shop's own secret and path, naming this shop's conversation: no such call there.
    expect((await tool(other.shop, "lookup_order", body)).status).toBe(404);
    expect((await tool(shop, "approve_everything", body)).status).toBe(404);
    expect((await tool(shop, "lookup_order", { orderNumber: "#1001" })).status).toBe(400);
    expect((await tool(shop, "lookup_order", "{oops")).status).toBe(400);
    expect((await tool(shop, "lookup_order", body, { contentType: "text/plain" })).status).toBe(415);
    expect((await tool(shop, "lookup_order", { ...body, pad: "x".repeat(40_000) })).status).toBe(413);
    expect(await db().callSession.count({ where: { shopId: other.shop.id } })).toBe(0);
  });
});

describe("inbound phone calls", () => {
  it("finds the caller's contact by number but proves nothing: the agent is told the caller is unverified", async () => {
    const { shop } = await readyShop("inbound.myshopify.com");
    const contact = await db().contact.create({ data: { shopId: shop.id, name: "Alex Doe", identities: { create: [{ shopId: shop.id, kind: "phone", value: "+14155550123", verified: true }] } } });
    const secret = (await openVoiceConnection(shop.id))!.toolSecret;
    const agentId = (await openVoiceConnection(shop.id))!.agentId;
    const conversation = eleven.inbound(agentId, "+14155550123");
    const initiation = (s = secret) =>
      new Request(`${PUBLIC_URL}/webhooks/elevenlabs/${shop.id}/initiation`, { method: "POST", headers: { "content-type": "application/json", "X-Dokani-Tool-Secret": s }, body: JSON.stringify({ caller_id: "+14155550123", agent_id: agentId, called_number: "+15550001111", call_sid: conversation.phoneCall!.call_sid }) });
    expect((await read(await initiationAction(routeArgs(initiation("wrong".repeat(9)), { shopId: shop.id })))).status).toBe(401);
    const answer = await read(await initiationAction(routeArgs(initiation(), { shopId: shop.id })));
    expect(answer.body).toMatchObject({ type: "conversation_initiation_client_data", dynamic_variables: { customer_name: "Alex Doe", caller_verified: "false", call_purpose: "" } });
    const callId = answer.body.dynamic_variables.dokani_call_id as string;
    const repeat = await read(await initiationAction(routeArgs(initiation(), { shopId: shop.id })));
    expect(repeat.body.dynamic_variables.dokani_call_id).toBe(callId);
    const call = await db().callSession.findUniqueOrThrow({ where: { id: callId } });
    expect(call).toMatchObject({ contactId: contact.id, status: "ringing", externalId: null });
    expect(readCallMetadata(call.metadata)).toMatchObject({ direction: "inbound" });

    const first = await tool(shop, "get_return_status", { conversation_id: conversation.id, dokani_call_id: callId });
    expect(first.body).toMatchObject({ ok: false, error: "not_verified" });
    expect((await db().callSession.findUniqueOrThrow({ where: { id: callId } })).externalId).toBe(conversation.id);

    eleven.finish(conversation.id, { turns: [{ role: "agent", message: "Hello, how can I help?" }], durationSecs: 20 });
    expect((await postCall(shop.id, eleven.postCall(`${PUBLIC_URL}/webhooks/elevenlabs/${shop.id}`, WEBHOOK_SECRET, conversation.id))).status).toBe(200);
    await runOutbox(["calls.record-event"]);
    expect(await db().callSession.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: "completed", durationSeconds: 20 });
    expect(await db().message.count({ where: { conversationId: call.conversationId! } })).toBe(1);
  });
});

describe("reconciliation and redaction", () => {
  it("fetches the conversation when no webhook came after the maximum duration", async () => {
    const { shop } = await readyShop("reconcile.myshopify.com");
    const { call, conversationId } = await voiceCall(shop);
    const job = await db().jobOutbox.findFirstOrThrow({ where: { name: "calls.reconcile" } });
    expect(job.runAt.getTime() - call.createdAt.getTime()).toBeGreaterThanOrEqual(600_000 + 5 * 60_000 - 1000);
    eleven.finish(conversationId, { turns: [{ role: "user", message: "Hello?" }, { role: "agent", message: "Hi!" }], durationSecs: 12, summary: "A short hello." });
    await runOutbox(["calls.reconcile"], { includeLater: true });
    const row = await db().callSession.findUniqueOrThrow({ where: { id: call.id } });
    expect(row).toMatchObject({ status: "completed", durationSeconds: 12, summary: "A short hello." });
    expect(await db().callTranscriptSegment.count({ where: { callId: call.id } })).toBe(2);
  });

  it("reads a video call's events from Tavus (verbose) when no callback arrived", async () => {
    const { shop } = await readyShop("reconcile-video.myshopify.com");
    tavus.setDeliver(async () => undefined);
    const started = await startCall(shop, (await shopperChat(shop)).token, { kind: "video" });
    const call = await db().callSession.findUniqueOrThrow({ where: { id: started.body.call.id } });
    await tavus.join(call.externalId!, "2026-12-02T10:00:00.000000Z");
    await tavus.end(call.externalId!, "participant_left_timeout reached", [{ role: "user", content: "Is the shirt linen?" }, { role: "assistant", content: "Yes, all linen." }], "2026-12-02T10:02:30.000000Z");
    expect(await db().jobOutbox.count({ where: { name: "calls.record-event" } })).toBe(0);
    await runOutbox(["calls.reconcile"], { includeLater: true });
    const row = await db().callSession.findUniqueOrThrow({ where: { id: call.id }, include: { transcript: { orderBy: { position: "asc" } } } });
    expect(row).toMatchObject({ status: "completed", durationSeconds: 150 });
    expect(row.transcript.map((s) => s.text)).toEqual(["Is the shirt linen?", "Yes, all linen."]);
  });

  it("closes a call the provider still has not finished after the last attempt", async () => {
    const { shop } = await readyShop("reconcile-never.myshopify.com");
    const { call } = await voiceCall(shop);
    await runOutbox(["calls.reconcile"], { includeLater: true, rounds: 10 });
    expect(await db().callSession.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ status: "failed" });
    expect(await db().jobOutbox.count({ where: { name: "calls.reconcile" } })).toBe(4);
  });

  it("customer redaction removes transcripts, call messages and recordings, here and at the provider", async () => {
    const { shop } = await readyShop("redact-calls.myshopify.com");
    const { session, call, conversationId } = await voiceCall(shop);
    eleven.finish(conversationId, { turns: [{ role: "user", message: "My email is alex@example.com" }], durationSecs: 9 });
    await postCall(shop.id, eleven.postCall(`${PUBLIC_URL}/webhooks/elevenlabs/${shop.id}`, WEBHOOK_SECRET, conversationId));
    await runOutbox(["calls.record-event"]);
    expect(await db().callTranscriptSegment.count()).toBe(1);
    const summary = await redactCustomer(db(), shop.id, "alex@example.com");
    expect(summary.callsDeleted).toBe(1);
    expect(await db().callSession.count({ where: { id: call.id } })).toBe(0);
    expect(await db().callTranscriptSegment.count()).toBe(0);
    expect(await db().message.count({ where: { conversationId: session.id } })).toBe(0);
    expect(eleven.conversations.has(conversationId)).toBe(true);
    await runOutbox(["calls.forget-provider-data"]);
    expect(eleven.conversations.has(conversationId)).toBe(false);
  });
});
