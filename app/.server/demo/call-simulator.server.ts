import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { SYSTEM_ACTOR } from "../audit/record-audit";
import { connectElevenLabs, openVoiceConnection } from "../calls/call-connections.server";
import { saveCallSettings } from "../calls/save-call-settings.server";
import { db } from "../db.server";
import { env } from "../env.server";
import { signProxyParams } from "../proxy/proxy-signature";

/**
 * The demo's call simulator: it plays ElevenLabs so a merchant can watch a voice call land in the
 * inbox before connecting an account. It is an ElevenLabs account (`/demo/elevenlabs`, Dokani's
 * ElevenLabs base URL in demo mode) that keeps the agent and webhook tools Dokani registers, and a
 * caller who types instead of speaking: the call is started through the storefront's real
 * `POST /proxy/calls`, the simulated agent calls the tools Dokani registered (their URLs, with
 * their secret header), and hanging up posts a signed post-call webhook to the real path. Nothing
 * here runs outside demo mode.
 */

export type SimulatedTurn = { role: "user" | "agent"; message: string; time_in_call_secs: number; tool?: string };

type SimTool = { id: string; config: { name: string; description: string; api_schema: { url: string; request_headers?: Record<string, string> } } };
type SimAgent = { id: string; name: string; conversation_config: { agent?: { first_message?: string; prompt?: { tool_ids?: string[] } } }; platform_settings: unknown; created: number };
type SimConversation = { id: string; agentId: string; startedAt: number; status: "in-progress" | "done"; transcript: SimulatedTurn[]; chat: { id: string; token: string } | null; callId: string | null };
type SimState = { key: string | null; secret: string | null; tools: Map<string, SimTool>; agents: Map<string, SimAgent>; conversations: Map<string, SimConversation>; current: string | null };

const globalForSimulator = globalThis as { __dokaniCallSimulator?: SimState };
function state(): SimState {
  return (globalForSimulator.__dokaniCallSimulator ??= { key: null, secret: null, tools: new Map(), agents: new Map(), conversations: new Map(), current: null });
}

const id = (prefix: string) => `${prefix}_${randomBytes(10).toString("hex")}`;

/** A secret made once and kept in the data folder (the simulated account's API key, its webhook secret). */
async function keptSecret(file: string, make: () => string, valid: RegExp): Promise<string> {
  const full = path.join(env().dataDir, file);
  let value = (await readFile(full, "utf8").catch(() => "")).trim();
  if (!valid.test(value)) {
    value = make();
    await writeFile(full, value, { mode: 0o600 });
  }
  return value;
}

/** The simulated account's API key and post-call webhook secret. */
export async function simulatorCredentials(): Promise<{ apiKey: string; webhookSecret: string }> {
  const s = state();
  s.key ??= await keptSecret("demo-elevenlabs-key", () => `sk_demo_${randomBytes(16).toString("hex")}`, /^sk_demo_[0-9a-f]{32}$/);
  s.secret ??= await keptSecret("demo-elevenlabs-webhook-secret", () => `wsec_${randomBytes(16).toString("hex")}`, /^wsec_[0-9a-f]{32}$/);
  return { apiKey: s.key, webhookSecret: s.secret };
}

/** The ElevenLabs base URL of the demo: this app's simulated account. */
export function simulatorBaseUrl(): string {
  return `${env().appUrl}/demo/elevenlabs`;
}

/** Connects the demo shop's ElevenLabs to the simulator (the same connect a real account gets) and switches voice calls on. */
export async function connectCallSimulator(shopId: string) {
  const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
  const ctx = { shop, actor: SYSTEM_ACTOR };
  await connectElevenLabs(ctx, await simulatorCredentials());
  await saveCallSettings(ctx, { voiceEnabled: true });
}

/** Whether the demo shop's voice agent lives on the simulator. */
export async function simulatorConnected(shopId: string): Promise<boolean> {
  const connection = await openVoiceConnection(shopId);
  return !!connection && connection.apiKey === (await simulatorCredentials()).apiKey && state().agents.has(connection.agentId);
}

const json = (status: number, body: unknown) => Response.json(body, { status });
const notFound = (what: string) => json(404, { detail: { status: `${what}_not_found`, message: `The ${what} was not found.` } });

function authorised(request: Request, key: string): boolean {
  const given = Buffer.from(request.headers.get("xi-api-key") ?? "");
  const expected = Buffer.from(key);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function agentAnswer(agent: SimAgent) {
  return { agent_id: agent.id, name: agent.name, conversation_config: agent.conversation_config, metadata: { created_at_unix_secs: agent.created, updated_at_unix_secs: Math.floor(Date.now() / 1000) }, platform_settings: agent.platform_settings, tags: ["dokani"] };
}
function toolAnswer(tool: SimTool) {
  return { id: tool.id, tool_config: tool.config, access_info: { is_creator: true, creator_name: "Demo", creator_email: "demo@example.com", role: "admin" }, usage_stats: { avg_latency_secs: 0.1 } };
}
function conversationAnswer(c: SimConversation) {
  const duration = c.transcript.length ? Math.max(...c.transcript.map((t) => t.time_in_call_secs)) + 3 : 0;
  return {
    agent_id: c.agentId,
    conversation_id: c.id,
    status: c.status,
    transcript: c.transcript.map((t) => ({ role: t.role, message: t.message, time_in_call_secs: t.time_in_call_secs, tool_calls: [], tool_results: [], interrupted: false, source_medium: "text" })),
    metadata: { start_time_unix_secs: c.startedAt, call_duration_secs: c.status === "done" ? duration : 0, cost: 0, termination_reason: c.status === "done" ? "Client ended the call" : "" },
    analysis: c.status === "done" ? { call_successful: "success", transcript_summary: summarise(c.transcript), data_collection_results: {}, evaluation_criteria_results: {} } : null,
    has_audio: false,
    has_user_audio: false,
    has_response_audio: false,
    has_auxiliary_audio: false,
  };
}

/** The simulated ElevenLabs REST API: the agent and tool endpoints Dokani calls, signed URLs and conversations. */
export async function handleSimulatedElevenLabsApi(request: Request, apiPath: string): Promise<Response> {
  const { apiKey } = await simulatorCredentials();
  if (!authorised(request, apiKey)) return json(401, { detail: { status: "invalid_api_key", message: "Invalid API key" } });
  const s = state();
  const body = (request.method === "GET" || request.method === "DELETE" ? {} : await request.json().catch(() => null)) as Record<string, unknown> | null;
  if (!body) return json(422, { detail: [{ loc: ["body"], msg: "JSON decode error", type: "json_invalid" }] });
  const url = new URL(request.url);
  let match: RegExpExecArray | null;
  if (request.method === "POST" && apiPath === "v1/convai/tools") {
    const config = body.tool_config as SimTool["config"] | undefined;
    if (!config?.name || !config.api_schema?.url) return json(422, { detail: [{ loc: ["body", "tool_config"], msg: "Field required", type: "missing" }] });
    const tool = { id: id("tool"), config };
    s.tools.set(tool.id, tool);
    return json(200, toolAnswer(tool));
  }
  if (request.method === "PATCH" && (match = /^v1\/convai\/tools\/([^/]+)$/.exec(apiPath))) {
    const tool = s.tools.get(match[1]!);
    if (!tool) return notFound("tool");
    tool.config = body.tool_config as SimTool["config"];
    return json(200, toolAnswer(tool));
  }
  if (request.method === "POST" && apiPath === "v1/convai/agents/create") {
    if (!body.conversation_config) return json(422, { detail: [{ loc: ["body", "conversation_config"], msg: "Field required", type: "missing" }] });
    const agent: SimAgent = { id: id("agent"), name: String(body.name ?? "Agent"), conversation_config: body.conversation_config as SimAgent["conversation_config"], platform_settings: body.platform_settings ?? {}, created: Math.floor(Date.now() / 1000) };
    s.agents.set(agent.id, agent);
    return json(200, { agent_id: agent.id });
  }
  if ((match = /^v1\/convai\/agents\/([^/]+)$/.exec(apiPath))) {
    const agent = s.agents.get(match[1]!);
    if (!agent) return notFound("agent");
    if (request.method === "GET") return json(200, agentAnswer(agent));
    if (request.method === "DELETE") {
      s.agents.delete(agent.id);
      return new Response(null, { status: 200 });
    }
    if (typeof body.name === "string") agent.name = body.name;
    if (body.conversation_config) agent.conversation_config = body.conversation_config as SimAgent["conversation_config"];
    if (body.platform_settings) agent.platform_settings = body.platform_settings;
    return json(200, agentAnswer(agent));
  }
  if (request.method === "GET" && apiPath === "v1/convai/conversation/get-signed-url") {
    const agentId = url.searchParams.get("agent_id") ?? "";
    if (!s.agents.has(agentId)) return notFound("agent");
    const conversation: SimConversation = { id: id("conv"), agentId, startedAt: Math.floor(Date.now() / 1000), status: "in-progress", transcript: [], chat: null, callId: null };
    s.conversations.set(conversation.id, conversation);
    const signed = new URL(`${simulatorBaseUrl().replace(/^http/, "ws")}/v1/convai/conversation`);
    signed.searchParams.set("agent_id", agentId);
    signed.searchParams.set("conversation_signature", randomBytes(18).toString("base64url"));
    if (url.searchParams.get("include_conversation_id") === "true") signed.searchParams.set("conversation_id", conversation.id);
    return json(200, { signed_url: signed.toString() });
  }
  if ((match = /^v1\/convai\/conversations\/([^/]+)$/.exec(apiPath))) {
    const conversation = s.conversations.get(match[1]!);
    if (!conversation) return notFound("conversation");
    if (request.method === "DELETE") {
      s.conversations.delete(conversation.id);
      return new Response(null, { status: 200 });
    }
    return json(200, conversationAnswer(conversation));
  }
  return json(404, { detail: { status: "not_found", message: `No route ${request.method} /${apiPath}` } });
}

/** A storefront request to this app, signed as Shopify's app proxy signs it. */
async function proxyCall(shopDomain: string, method: string, pathName: string, body: unknown, token?: string) {
  const params = new URLSearchParams({ shop: shopDomain, logged_in_customer_id: "", path_prefix: "/apps/dokani", timestamp: String(Math.floor(Date.now() / 1000)) });
  params.set("signature", signProxyParams(params, env().shopifyApiSecret));
  const response = await fetch(`${env().appUrl}/proxy${pathName}?${params}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

/** The call on the simulator's screen, if any. */
export function currentSimulatedCall(): { id: string; status: string; transcript: SimulatedTurn[]; chatId: string | null } | null {
  const s = state();
  const c = s.current ? s.conversations.get(s.current) : undefined;
  return c ? { id: c.id, status: c.status, transcript: [...c.transcript], chatId: c.chat?.id ?? null } : null;
}

/** The caller rings the shop from the storefront: a chat is opened and `POST /proxy/calls` starts the voice call through the simulator. */
export async function startSimulatedCall(shop: { id: string; domain: string }, email: string): Promise<{ ok: boolean; message?: string }> {
  const chat = await proxyCall(shop.domain, "POST", "/chat/sessions", { email, name: "Demo caller" });
  const session = chat.body.session as { id: string; token: string } | undefined;
  if (chat.status !== 201 || !session) return { ok: false, message: "The chat could not be opened." };
  const call = await proxyCall(shop.domain, "POST", "/calls", { kind: "voice" }, session.token);
  const started = call.body.call as { id: string; joinUrl: string } | undefined;
  if (call.status !== 201 || !started) return { ok: false, message: String((call.body.error as { message?: string } | undefined)?.message ?? "The call could not be started.") };
  const conversationId = new URL(started.joinUrl).searchParams.get("conversation_id") ?? "";
  const s = state();
  const conversation = s.conversations.get(conversationId);
  if (!conversation) return { ok: false, message: "The simulator does not know this call." };
  conversation.chat = session;
  conversation.callId = started.id;
  s.current = conversation.id;
  const agent = s.agents.get(conversation.agentId);
  conversation.transcript.push({ role: "agent", message: agent?.conversation_config.agent?.first_message ?? "Hello!", time_in_call_secs: 0 });
  return { ok: true };
}

const ORDER = /#?\b(\d{3,10})\b/;
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;

/** Calls one of the tools Dokani registered on the agent, as ElevenLabs would: its URL, its secret header, the conversation's id. */
async function callTool(conversation: SimConversation, name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const s = state();
  const agent = s.agents.get(conversation.agentId);
  const tool = (agent?.conversation_config.agent?.prompt?.tool_ids ?? []).map((t) => s.tools.get(t)).find((t) => t?.config.name === name);
  if (!tool) return { ok: false, message: `The agent has no ${name} tool.` };
  const publicUrl = new URL(tool.config.api_schema.url);
  const response = await fetch(`${env().appUrl}${publicUrl.pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...tool.config.api_schema.request_headers },
    body: JSON.stringify({ ...args, conversation_id: conversation.id, dokani_call_id: conversation.callId ?? "" }),
  });
  return (await response.json().catch(() => ({ ok: false }))) as Record<string, unknown>;
}

/**
 * The caller says something; the simulated agent answers with the tools: an order number and an
 * email prove the order, "return" checks what can be returned, "person" hands over, and anything
 * else is looked up in the help articles. Plain words stand in for a language model.
 */
export async function sayToSimulatedAgent(text: string): Promise<void> {
  const s = state();
  const conversation = s.current ? s.conversations.get(s.current) : undefined;
  if (!conversation || conversation.status !== "in-progress") return;
  const at = () => Math.round((Date.now() / 1000 - conversation.startedAt) * 10) / 10;
  conversation.transcript.push({ role: "user", message: text, time_in_call_secs: at() });
  const order = ORDER.exec(text)?.[1];
  const email = EMAIL.exec(text)?.[0];
  let reply: string;
  if (order && email) {
    const result = await callTool(conversation, "lookup_order", { orderNumber: `#${order}`, email });
    const found = result.order as { name?: string; items?: Array<{ title: string; quantity: number }> } | undefined;
    reply = result.ok && found ? `Thanks, I found order ${found.name}: ${found.items?.map((i) => `${i.quantity} ${i.title}`).join(", ")}. How can I help with it?` : `I could not find that order with that email. Could you check both?`;
  } else if (/\breturn/i.test(text)) {
    const result = await callTool(conversation, "check_return_eligibility", {});
    const items = result.items as Array<{ title: string; returnable: boolean; notReturnableReason?: string | null }> | undefined;
    reply = result.ok && items ? `On order ${String(result.order)}, ${items.map((i) => `${i.title} ${i.returnable ? "can be returned" : `can't be returned${i.notReturnableReason ? ` (${i.notReturnableReason})` : ""}`}`).join("; ")}.` : "Before we talk about returns, could you tell me your order number and the email on the order?";
  } else if (/\b(person|human|someone|agent)\b/i.test(text)) {
    await callTool(conversation, "hand_off_to_human", { reason: "The caller asked for a person." });
    reply = "Of course, I am bringing in someone from the team. They will follow up in your chat.";
  } else {
    const result = await callTool(conversation, "search_knowledge_base", { query: text.slice(0, 200) });
    const first = (result.articles as Array<{ title?: string; text?: string }> | undefined)?.[0];
    reply = first ? `Here is what our help pages say${first.title ? ` in "${first.title}"` : ""}: ${(first.text ?? "").slice(0, 240)}` : "I am not sure about that one. Would you like me to bring in a person?";
  }
  conversation.transcript.push({ role: "agent", message: reply, time_in_call_secs: at() + 1 });
}

function summarise(transcript: SimulatedTurn[]): string {
  const said = transcript.filter((t) => t.role === "user").map((t) => t.message);
  return said.length ? `The caller said: ${said.join(" / ").slice(0, 400)}` : "The caller hung up without speaking.";
}

/** The caller hangs up: the conversation is done and ElevenLabs' signed post-call webhook goes to Dokani's real path. */
export async function hangUpSimulatedCall(shopId: string): Promise<{ status: number }> {
  const s = state();
  const conversation = s.current ? s.conversations.get(s.current) : undefined;
  if (!conversation || conversation.status !== "in-progress") return { status: 409 };
  conversation.status = "done";
  const { webhookSecret } = await simulatorCredentials();
  const body = JSON.stringify({ type: "post_call_transcription", event_timestamp: Math.floor(Date.now() / 1000), data: conversationAnswer(conversation) });
  const t = Math.floor(Date.now() / 1000);
  const signature = `t=${t},v0=${createHmac("sha256", webhookSecret).update(`${t}.${body}`).digest("hex")}`;
  const response = await fetch(`${env().appUrl}/webhooks/elevenlabs/${shopId}`, { method: "POST", headers: { "content-type": "application/json", "ElevenLabs-Signature": signature }, body });
  return { status: response.status };
}
