import { createApiKey } from "../../app/.server/api-keys/create-api-key";
import { assistantState } from "../../app/.server/assistant/assistant-state.server";
import { resetCallLimiters } from "../../app/.server/calls/call-limits.server";
import { saveCallSettings } from "../../app/.server/calls/save-call-settings.server";
import { db, type Shop } from "../../app/.server/db.server";
import { seedDemoShop } from "../../app/.server/demo/seed-demo-shop";
import { runInTransaction } from "../../app/.server/jobs/enqueue-job";
import type { CallSettings } from "../../app/.server/shops/shop-settings";
import { systemContext } from "../../app/.server/shops/shop-context";
import { action as putIntegration } from "../../app/routes/api.v1.integrations.$kind";
import { action as startCallAction } from "../../app/routes/proxy.calls._index";
import { action as endCallAction } from "../../app/routes/proxy.calls.$id.end";
import { action as tavusAction } from "../../app/routes/webhooks.tavus.$callId";
import type { FakeElevenLabs } from "../fakes/elevenlabs";
import type { FakeTavus } from "../fakes/tavus";
import { chatClient } from "./chat-client";
import { proxyRequest } from "./proxy-request";
import { routeArgs } from "./route-args";

/** What tests of calls share: a demo shop with orders, its API key, provider connections and a shopper's chat. */

const DAY = 24 * 3600 * 1000;
export const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
export const PUBLIC_URL = "https://dokani.example.com";
export const WEBHOOK_SECRET = "wsec_test_secret";

/** A recent order (returnable) and an old one (outside a 30-day window). */
export const CALL_ORDERS = [
  { id: "7001", name: "#1001", email: "alex@example.com", currency: "USD", processedAt: iso(8), deliveredAt: iso(5), lineItems: [{ id: "L1", title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: ["summer"] }] },
  { id: "7002", name: "#1002", email: "alex@example.com", currency: "USD", processedAt: iso(70), deliveredAt: iso(65), lineItems: [{ id: "L2", title: "Wool Scarf", variantTitle: null, sku: "WS", quantity: 1, unitPrice: "39.00", productType: "Accessories", tags: [] }] },
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test answers are read loosely
export type Json = Record<string, any>;

export async function read(response: Response): Promise<{ status: number; body: Json; headers: Headers }> {
  const text = await response.text();
  let body: Json;
  try {
    body = text ? (JSON.parse(text) as Json) : {};
  } catch {
    body = { text };
  }
  return { status: response.status, body, headers: response.headers };
}

/** A demo shop with the call orders and an API key of each scope. */
export async function callShop(domain: string): Promise<{ shop: Shop; key: string; readKey: string }> {
  const { shopId } = await seedDemoShop(db(), { domain, orders: CALL_ORDERS });
  const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
  const { key } = await createApiKey(db(), shop.id, { name: "Ops" });
  const { key: readKey } = await createApiKey(db(), shop.id, { name: "Reader", scope: "read" });
  return { shop, key, readKey };
}

export async function putConnection(key: string, kind: string, body: unknown) {
  const request = new Request(`http://127.0.0.1/api/v1/integrations/${kind}`, { method: "PUT", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  return read(await putIntegration(routeArgs(request, { kind })));
}

/** Connects both providers to the fakes. */
export async function connectBoth(key: string, eleven: FakeElevenLabs, tavus: FakeTavus, extra: { phoneNumberId?: string } = {}) {
  const voice = await putConnection(key, "elevenlabs", { apiKey: eleven.apiKey, webhookSecret: WEBHOOK_SECRET, ...extra });
  if (voice.status !== 200) throw new Error(`elevenlabs connect answered ${voice.status}: ${JSON.stringify(voice.body)}`);
  const video = await putConnection(key, "tavus", { apiKey: tavus.apiKey, replicaId: [...tavus.replicas][0] });
  if (video.status !== 200) throw new Error(`tavus connect answered ${video.status}: ${JSON.stringify(video.body)}`);
  return { voice: voice.body, video: video.body };
}

/** Switches calls on (both kinds unless told) with the given limits. */
export async function enableCalls(shop: Shop, settings: Partial<CallSettings> = {}): Promise<Shop> {
  const saved = await saveCallSettings(systemContext(shop), { voiceEnabled: true, videoEnabled: true, ...settings });
  if (!saved.ok) throw new Error(JSON.stringify(saved.fields));
  return db().shop.findUniqueOrThrow({ where: { id: shop.id } });
}

/** A shopper's chat, optionally with an order already proved in it. */
export async function shopperChat(shop: Shop, options: { email?: string; proved?: { orderId: string; orderName: string; email: string } ; address?: string } = {}) {
  const chat = chatClient(shop.domain, options.address);
  const started = await chat.start({ email: options.email ?? "alex@example.com", name: "Alex Doe" });
  if (started.status !== 201) throw new Error(`chat start answered ${started.status}`);
  const session = started.body.session as { id: string; token: string };
  if (options.proved) {
    const proved = { ...options.proved, verifiedAt: new Date().toISOString(), customerName: "Alex Doe" };
    await runInTransaction((tx) => assistantState.update(tx, shop.id, session.id, () => ({ verifiedOrder: proved, verifiedOrders: [proved] })));
  }
  return session;
}

export async function startCall(shop: Shop, token: string, body: unknown, address = "198.51.100.20") {
  const request = proxyRequest("POST", "/calls", { shop: shop.domain, body, headers: { Authorization: `Bearer ${token}` } });
  return read(await startCallAction(routeArgs(request, {}, { remoteAddress: address })));
}

export async function endCall(shop: Shop, token: string, callId: string) {
  const request = proxyRequest("POST", `/calls/${callId}/end`, { shop: shop.domain, headers: { Authorization: `Bearer ${token}` } });
  return read(await endCallAction(routeArgs(request, { id: callId })));
}

/** Delivers a Tavus callback to the app's route, as Tavus would post it. */
export async function deliverTavus(url: string, body: string) {
  const callId = new URL(url).pathname.split("/").at(-1)!;
  return read(await tavusAction(routeArgs(new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body }), { callId })));
}

export { resetCallLimiters };
