import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeElevenLabs, type FakeElevenLabs } from "../../tests/fakes/elevenlabs";
import { createFakeTavus, type FakeTavus } from "../../tests/fakes/tavus";
import { callShop, deliverTavus, enableCalls, PUBLIC_URL, resetCallLimiters, WEBHOOK_SECRET } from "../../tests/support/calls";
import { chatClient } from "../../tests/support/chat-client";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { getCallAnalytics } from "../.server/analytics/call-analytics.server";
import { chatCallOptions } from "../.server/channels/web-chat/chat-call-options.server";
import { db, type Shop } from "../.server/db.server";
import { parseEnv, resetEnv } from "../.server/env.server";
import { readShopSettings } from "../.server/shops/shop-settings";
import { DEMO_SHOP_DOMAIN } from "../.server/shops/demo-shop";
import { loader as listLoader } from "./app.calls._index";
import { action as placeAction } from "./app.calls.place";
import { action as setupAction, loader as setupLoader } from "./app.calls.setup";
import { loader as analyticsLoader } from "./app.analytics";
import { loader as conversationLoader } from "./app.conversations.$id";
import { loader as contactLoader } from "./app.contacts.$id";

setupTestDatabase();

let eleven: FakeElevenLabs;
let tavus: FakeTavus;

beforeAll(async () => {
  eleven = await createFakeElevenLabs();
  tavus = await createFakeTavus({ deliver: deliverTavus });
  // The demo merchant needs no Shopify login, which lets these run the real loaders and actions.
  resetEnv(parseEnv({ ...process.env, DOKANI_DEMO: "1", DOKANI_PUBLIC_URL: PUBLIC_URL, ELEVENLABS_BASE_URL: eleven.url, TAVUS_BASE_URL: tavus.url }));
});
beforeEach(async () => {
  await clearDatabase();
  resetCallLimiters();
  eleven.requests.length = 0;
  tavus.requests.length = 0;
  eleven.outage(null);
});
afterAll(async () => {
  resetEnv(undefined);
  await eleven?.close();
  await tavus?.close();
});

const SETUP = "http://127.0.0.1/app/calls/setup";

function post(url: string, fields: Record<string, string>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  return new Request(url, { method: "POST", body });
}
const setup = (fields: Record<string, string>) => setupAction(routeArgs(post(SETUP, fields)));
const place = (fields: Record<string, string>) => placeAction(routeArgs(post("http://127.0.0.1/app/calls/place", fields)));
const integrations = (shopId: string) => db().shopIntegration.findMany({ where: { shopId } });
const reload = (shop: Shop) => db().shop.findUniqueOrThrow({ where: { id: shop.id } });

/** The admin's shop (the demo merchant's) and another shop on the same install. */
async function shops() {
  const mine = await callShop(DEMO_SHOP_DOMAIN);
  const other = await callShop("calls-other.myshopify.com");
  return { shop: mine.shop, other: other.shop };
}

const connectVoice = (extra: Record<string, string> = {}) => setup({ intent: "connect", kind: "elevenlabs", apiKey: eleven.apiKey, webhookSecret: WEBHOOK_SECRET, ...extra });
const connectVideo = () => setup({ intent: "connect", kind: "tavus", apiKey: tavus.apiKey, replicaId: [...tavus.replicas][0]! });

/** A finished call of the shop, written as the provider's report would leave it. */
async function storedCall(shop: Shop, data: { kind?: "voice" | "video"; status?: "completed" | "failed" | "in_progress"; durationSeconds?: number | null; startedAt?: Date; direction?: string; handoff?: string; conversationId?: string; contactId?: string; summary?: string; recordingKey?: string }) {
  return db().callSession.create({
    data: {
      shopId: shop.id,
      provider: data.kind === "video" ? "tavus" : "elevenlabs",
      kind: data.kind ?? "voice",
      status: data.status ?? "completed",
      startedAt: data.startedAt ?? new Date(),
      endedAt: data.status === "in_progress" ? null : new Date(),
      durationSeconds: data.durationSeconds === undefined ? 61 : data.durationSeconds,
      conversationId: data.conversationId ?? null,
      contactId: data.contactId ?? null,
      summary: data.summary ?? null,
      recordingKey: data.recordingKey ?? null,
      metadata: { direction: data.direction ?? "web", ...(data.handoff ? { handoff: data.handoff } : {}) },
    },
  });
}

describe("the Calls set-up page", () => {
  it("connects ElevenLabs and Tavus through the provider check, shows the webhook URL, agent and persona, and never a secret", async () => {
    const { shop } = await shops();
    const blank = await setupLoader(routeArgs(new Request(SETUP)));
    expect(blank.voice.status).toBe("disconnected");
    expect(blank.settings).toEqual({ voiceEnabled: false, videoEnabled: false, maxDurationSeconds: 600, maxConcurrentCalls: 3 });

    expect(await connectVoice({ phoneNumberId: "phnum_shop_line" })).toMatchObject({ ok: true, message: "ElevenLabs connected" });
    expect(await connectVideo()).toMatchObject({ ok: true, message: "Tavus connected" });
    const data = await setupLoader(routeArgs(new Request(SETUP)));
    expect(data.voice).toMatchObject({ status: "connected", webhookUrl: `${PUBLIC_URL}/webhooks/elevenlabs/${shop.id}`, agentId: expect.stringMatching(/^agent_/), phoneNumberId: "phnum_shop_line" });
    expect(data.video).toMatchObject({ status: "connected", personaManaged: true, personaId: expect.any(String), replicaId: [...tavus.replicas][0] });
    expect(eleven.agents.has(data.voice.agentId!)).toBe(true);
    const page = JSON.stringify(data);
    for (const secret of [eleven.apiKey, WEBHOOK_SECRET, tavus.apiKey]) expect(page).not.toContain(secret);
  });

  it("saves nothing when a field is missing or the provider refuses the key, and says which", async () => {
    const { shop } = await shops();
    expect(await setup({ intent: "connect", kind: "elevenlabs", apiKey: eleven.apiKey, webhookSecret: "" })).toMatchObject({ ok: false, intent: "connect", fields: { webhookSecret: expect.any(String) } });
    expect(await setup({ intent: "connect", kind: "tavus", apiKey: tavus.apiKey, replicaId: "r bad id" })).toMatchObject({ ok: false, fields: { replicaId: expect.stringMatching(/replica/) } });
    const refused = await setup({ intent: "connect", kind: "elevenlabs", apiKey: "sk_wrong_key_123", webhookSecret: WEBHOOK_SECRET });
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/^ElevenLabs refused/) });
    expect(await setup({ intent: "connect", kind: "whatsapp", apiKey: "x" })).toMatchObject({ ok: false, fields: { kind: expect.any(String) } });
    expect(await setup({ intent: "drop_tables" })).toMatchObject({ ok: false, intent: null });
    expect(await integrations(shop.id)).toEqual([]);
  });

  it("switches calls on with their limits, and refuses limits out of range without writing", async () => {
    const { shop } = await shops();
    expect(await setup({ intent: "settings", voiceEnabled: "on", maxDurationMinutes: "15", maxConcurrentCalls: "5" })).toMatchObject({ ok: true });
    expect(readShopSettings((await reload(shop)).settings).calls).toEqual({ voiceEnabled: true, videoEnabled: false, maxDurationSeconds: 900, maxConcurrentCalls: 5 });

    for (const [minutes, concurrent, field] of [["0", "5", "maxDurationMinutes"], ["61", "5", "maxDurationMinutes"], ["ten", "5", "maxDurationMinutes"], ["10", "0", "maxConcurrentCalls"], ["10", "2.5", "maxConcurrentCalls"], ["10", "", "maxConcurrentCalls"]] as const) {
      const answer = await setup({ intent: "settings", videoEnabled: "on", maxDurationMinutes: minutes, maxConcurrentCalls: concurrent });
      expect(answer, `${minutes} / ${concurrent}`).toMatchObject({ ok: false, fields: { [field]: expect.any(String) } });
    }
    expect(readShopSettings((await reload(shop)).settings).calls).toEqual({ voiceEnabled: true, videoEnabled: false, maxDurationSeconds: 900, maxConcurrentCalls: 5 });
  });

  it("runs a test per persona, lists the results, and refuses a test of what is not connected", async () => {
    await shops();
    expect(await setup({ intent: "test", kind: "tavus" })).toMatchObject({ ok: false, error: expect.stringMatching(/Connect Tavus/) });
    await connectVoice();
    await connectVideo();
    expect(await setup({ intent: "test", kind: "tavus" })).toMatchObject({ ok: true, message: "Tavus test passed", test: { ok: true, kind: "tavus" } });
    const testConversation = [...tavus.conversations.values()].at(-1)!;
    expect(testConversation.testMode).toBe(true);
    eleven.outage(401);
    expect(await setup({ intent: "test", kind: "elevenlabs" })).toMatchObject({ ok: true, message: "ElevenLabs test failed", test: { ok: false } });
    eleven.outage(null);
    const { tests } = await setupLoader(routeArgs(new Request(SETUP)));
    expect(tests.map((t) => [t.kind, t.ok])).toEqual([
      ["elevenlabs", false],
      ["tavus", true],
    ]);
  });

  it("shows this month's minutes by kind, rounded up per call", async () => {
    const { shop, other } = await shops();
    await storedCall(shop, { kind: "voice", durationSeconds: 61 });
    await storedCall(shop, { kind: "voice", durationSeconds: 30 });
    await storedCall(shop, { kind: "video", durationSeconds: 600 });
    await storedCall(shop, { kind: "video", durationSeconds: 600, startedAt: new Date(Date.now() - 62 * 24 * 3600 * 1000) });
    await storedCall(other, { kind: "voice", durationSeconds: 3000 });
    const { usage } = await setupLoader(routeArgs(new Request(SETUP)));
    expect(usage.voice).toEqual({ calls: 2, minutes: 3 });
    expect(usage.video).toEqual({ calls: 1, minutes: 10 });
  });

  it("disconnects a provider, removing the agent at ElevenLabs", async () => {
    const { shop } = await shops();
    await connectVoice();
    const agentId = (await setupLoader(routeArgs(new Request(SETUP)))).voice.agentId!;
    expect(await setup({ intent: "disconnect", kind: "elevenlabs" })).toMatchObject({ ok: true });
    expect(eleven.agents.has(agentId)).toBe(false);
    expect((await setupLoader(routeArgs(new Request(SETUP)))).voice.status).toBe("disconnected");
    expect((await integrations(shop.id)).filter((i) => i.status !== "disconnected")).toEqual([]);
  });
});

describe("the chat's call buttons", () => {
  it("are offered only for a kind switched on and connected", async () => {
    const { shop } = await shops();
    expect(await chatCallOptions(shop)).toEqual({ voice: false, video: false });
    await connectVoice();
    expect(await chatCallOptions(await reload(shop))).toEqual({ voice: false, video: false });
    const enabled = await enableCalls(shop);
    expect(await chatCallOptions(enabled)).toEqual({ voice: true, video: false });
    await connectVideo();
    expect(await chatCallOptions(enabled)).toEqual({ voice: true, video: true });

    // The storefront learns them with a new chat and with a restored one.
    const chat = chatClient(shop.domain);
    const started = await chat.start({});
    expect(started.body).toMatchObject({ session: { id: expect.any(String) }, calls: { voice: true, video: true } });
    await setup({ intent: "settings", voiceEnabled: "on", maxDurationMinutes: "10", maxConcurrentCalls: "3" });
    const restored = await chat.list(started.body.session.id, started.body.session.token);
    expect(restored.body).toMatchObject({ messages: expect.any(Array), calls: { voice: true, video: false } });
  });
});

describe("the calls list and the conversation timeline", () => {
  it("filters by kind, status and direction, shows only this shop's calls, and says when a filter is wrong", async () => {
    const { shop, other } = await shops();
    const web = await storedCall(shop, { kind: "video", direction: "web" });
    const outbound = await storedCall(shop, { kind: "voice", direction: "outbound", status: "failed", durationSeconds: null });
    const inbound = await storedCall(shop, { kind: "voice", direction: "inbound", status: "in_progress", durationSeconds: null });
    await storedCall(other, { kind: "voice", direction: "inbound" });
    const list = (query: string) => listLoader(routeArgs(new Request(`http://127.0.0.1/app/calls${query}`)));
    expect((await list("")).calls.map((c) => c.id).sort()).toEqual([web.id, outbound.id, inbound.id].sort());
    expect((await list("?kind=video")).calls.map((c) => c.id)).toEqual([web.id]);
    expect((await list("?status=active")).calls.map((c) => c.id)).toEqual([inbound.id]);
    expect((await list("?direction=outbound&kind=voice")).calls.map((c) => c.id)).toEqual([outbound.id]);
    expect((await list("?direction=inbound")).calls.map((c) => c.id)).toEqual([inbound.id]);
    const wrong = await list("?kind=fax&status=<script>");
    expect(wrong.filterError).toMatch(/kind filter must be voice or video/);
    expect(wrong.calls).toHaveLength(3);
  });

  it("shows a conversation's calls with transcript, summary, outcome and a safe recording link, and no other shop's", async () => {
    const { shop, other } = await shops();
    const conversation = await db().conversation.create({ data: { shopId: shop.id, channel: "voice", customerName: "Alex" } });
    const call = await storedCall(shop, { conversationId: conversation.id, summary: "Asked where order #1001 is.", recordingKey: "https://recordings.example.com/c1.mp3" });
    await db().callSession.update({ where: { id: call.id }, data: { metadata: { direction: "web", outcome: "successful" } } });
    await db().callTranscriptSegment.createMany({
      data: [
        { callId: call.id, position: 0, speaker: "ai", text: "Hi, how can I help?", startMs: 0 },
        { callId: call.id, position: 1, speaker: "customer", text: "Where is my order?", startMs: 2500 },
      ],
    });
    const unsafe = await storedCall(shop, { conversationId: conversation.id, recordingKey: "s3://bucket/key.mp4", kind: "video" });
    const foreignConversation = await db().conversation.create({ data: { shopId: other.id, channel: "voice" } });
    await storedCall(other, { conversationId: foreignConversation.id });

    const data = await conversationLoader(routeArgs(new Request(`http://127.0.0.1/app/conversations/${conversation.id}`), { id: conversation.id }));
    expect(data.calls.map((c) => c.id)).toEqual([call.id, unsafe.id]);
    expect(data.calls[0]).toMatchObject({ summary: "Asked where order #1001 is.", outcome: "successful", durationSeconds: 61, recordingUrl: "https://recordings.example.com/c1.mp3", transcript: [{ speaker: "ai", text: "Hi, how can I help?" }, { speaker: "customer", startMs: 2500 }] });
    expect(data.calls[1]!.recordingUrl).toBeNull();
    await expect(conversationLoader(routeArgs(new Request(`http://127.0.0.1/app/conversations/${foreignConversation.id}`), { id: foreignConversation.id }))).rejects.toMatchObject({ status: 404 });
  });
});

describe("calling the shopper from a contact or a return", () => {
  async function contactWithPhone(shop: Shop, phone: string | null) {
    const contact = await db().contact.create({ data: { shopId: shop.id, name: "Alex Doe" } });
    if (phone) await db().contactIdentity.create({ data: { shopId: shop.id, contactId: contact.id, kind: "phone", value: phone, verified: true } });
    return contact;
  }
  const contactPage = (id: string) => contactLoader(routeArgs(new Request(`http://127.0.0.1/app/contacts/${id}`), { id }));

  it("is disabled with the reason until voice is connected with a number, switched on, and the contact has a phone", async () => {
    const { shop } = await shops();
    const contact = await contactWithPhone(shop, "+14155550123");
    const silent = await contactWithPhone(shop, null);
    expect((await contactPage(contact.id)).phoneCall).toMatchObject({ available: false, reason: expect.stringMatching(/Connect ElevenLabs/) });
    await connectVoice();
    expect((await contactPage(contact.id)).phoneCall).toMatchObject({ available: false, reason: expect.stringMatching(/switched off/) });
    await enableCalls(shop);
    expect((await contactPage(contact.id)).phoneCall).toMatchObject({ available: false, reason: expect.stringMatching(/phone number id/) });
    await connectVoice({ phoneNumberId: "phnum_shop_line" });
    expect((await contactPage(contact.id)).phoneCall).toEqual({ available: true, reason: null, contactId: contact.id, returnId: null });
    expect((await contactPage(silent.id)).phoneCall).toMatchObject({ available: false, reason: "This shopper has no phone number to call." });
    expect(await place({ intent: "call", contactId: silent.id, purpose: "Your return" })).toMatchObject({ ok: false, error: "This shopper has no phone number to call." });
    expect(await db().callSession.count()).toBe(0);
  });

  it("phones the contact through ElevenLabs with the purpose, and refuses another shop's contact or a missing purpose without calling", async () => {
    const { shop, other } = await shops();
    await connectVoice({ phoneNumberId: "phnum_shop_line" });
    await enableCalls(shop);
    const contact = await contactWithPhone(shop, "+14155550123");
    const foreign = await contactWithPhone(other, "+14155550999");

    expect(await place({ intent: "call", contactId: foreign.id, purpose: "Hello" })).toMatchObject({ ok: false });
    expect(await place({ intent: "call", contactId: contact.id, purpose: "  " })).toMatchObject({ ok: false, error: expect.stringMatching(/purpose/) });
    expect(await place({ intent: "call", contactId: contact.id, purpose: "x".repeat(301) })).toMatchObject({ ok: false });
    expect(await place({ intent: "call", contactId: "not-a-uuid", purpose: "Hello" })).toMatchObject({ ok: false });
    expect(await db().callSession.count()).toBe(0);
    expect(eleven.requests.filter((r) => r.path === "/v1/convai/twilio/outbound-call")).toEqual([]);

    const answer = await place({ intent: "call", contactId: contact.id, purpose: "Your refund was issued" });
    expect(answer).toMatchObject({ ok: true, message: "Calling the shopper", callId: expect.any(String) });
    const call = await db().callSession.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(call).toMatchObject({ contactId: contact.id, customerPhone: "+14155550123", kind: "voice", status: "ringing" });
    expect(call.metadata).toMatchObject({ direction: "outbound", purpose: "Your refund was issued" });
    const outbound = eleven.requests.find((r) => r.path === "/v1/convai/twilio/outbound-call")!;
    expect(outbound.body).toMatchObject({ to_number: "+14155550123", agent_phone_number_id: "phnum_shop_line" });
  });
});

describe("calls in Analytics", () => {
  it("counts calls, minutes and the share resolved without a person, by kind, for the period only and this shop only", async () => {
    const { shop, other } = await shops();
    const now = Date.now();
    const inPeriod = new Date(now - 2 * 24 * 3600 * 1000);
    await storedCall(shop, { kind: "voice", durationSeconds: 125, startedAt: inPeriod });
    await storedCall(shop, { kind: "voice", durationSeconds: 59, startedAt: inPeriod, handoff: "wants a person" });
    await storedCall(shop, { kind: "voice", status: "failed", durationSeconds: null, startedAt: inPeriod });
    await storedCall(shop, { kind: "video", durationSeconds: 300, startedAt: inPeriod });
    await storedCall(shop, { kind: "video", durationSeconds: 300, startedAt: new Date(now - 90 * 24 * 3600 * 1000) });
    await storedCall(other, { kind: "video", durationSeconds: 999, startedAt: inPeriod });

    const figures = await getCallAnalytics(shop.id, { from: new Date(now - 30 * 24 * 3600 * 1000), to: new Date(now + 1000) });
    expect(figures.voice).toEqual({ calls: 3, minutes: 4, finished: 2, resolvedWithoutPerson: 1, resolvedRate: 0.5 });
    expect(figures.video).toEqual({ calls: 1, minutes: 5, finished: 1, resolvedWithoutPerson: 1, resolvedRate: 1 });
    expect(figures.total).toEqual({ calls: 4, minutes: 9, finished: 3, resolvedWithoutPerson: 2, resolvedRate: 2 / 3 });
    expect((await getCallAnalytics(shop.id, { from: new Date(now - 3600 * 1000), to: new Date(now) })).total.calls).toBe(0);

    const page = await analyticsLoader(routeArgs(new Request("http://127.0.0.1/app/analytics")));
    expect(page.calls.total).toMatchObject({ calls: 4, minutes: 9 });
  });
});
