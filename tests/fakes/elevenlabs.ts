import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A fake of the slice of ElevenLabs' Agents API Dokani uses, served over real HTTP so the official
 * `@elevenlabs/elevenlabs-js` SDK talks to it (through `ELEVENLABS_BASE_URL`) and validates every
 * answer as it validates ElevenLabs' own: create, update, get and delete webhook tools and agents,
 * signed URLs (with the conversation id when asked), outbound calls through Twilio, GET and DELETE
 * conversation. It refuses what ElevenLabs refuses: a missing or wrong `xi-api-key` is 401, a body
 * without a required field is 422 with the `HTTPValidationError` shape (`detail: [{loc, msg, type}]`),
 * an unknown agent, tool, phone number or conversation is 404.
 *
 * It also plays the call: `finish` ends a conversation with a transcript (what GET then answers),
 * and `postCall` builds the post-call webhook signed as ElevenLabs signs it
 * (`ElevenLabs-Signature: t=<unix>,v0=<hex HMAC-SHA256(secret, t + "." + body)>`), written here
 * independently of the app.
 */

export type FakeVoiceTool = { id: string; config: Record<string, unknown> };
export type FakeVoiceAgent = { id: string; name: string; conversationConfig: Record<string, unknown>; platformSettings: Record<string, unknown>; tags: string[]; createdAt: number };
export type FakeVoiceConversation = {
  id: string;
  agentId: string;
  status: "initiated" | "in-progress" | "processing" | "done" | "failed";
  startedAt: number;
  durationSecs: number | null;
  transcript: Array<{ role: "user" | "agent"; message: string; time_in_call_secs: number }>;
  summary: string | null;
  callSuccessful: "success" | "failure" | "unknown";
  phoneCall: { call_sid: string; direction: "inbound" | "outbound"; external_number: string; phone_number_id: string } | null;
  dynamicVariables: Record<string, unknown>;
};
export type FakeElevenLabsRequest = { method: string; path: string; status: number; body: unknown };

const id = (prefix: string) => `${prefix}_${randomBytes(10).toString("hex")}`;

/** ElevenLabs' post-call signature header for a body. */
export function elevenLabsSignature(secret: string, body: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v0=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

export type FakeElevenLabs = Awaited<ReturnType<typeof createFakeElevenLabs>>;

/** Starts the fake; `url` is its base URL (what `ELEVENLABS_BASE_URL` is set to). */
export async function createFakeElevenLabs(options: { apiKey?: string; phoneNumberIds?: string[] } = {}) {
  const apiKey = options.apiKey ?? `sk_${randomBytes(16).toString("hex")}`;
  const phoneNumberIds = new Set(options.phoneNumberIds ?? ["phnum_shop_line"]);
  const tools = new Map<string, FakeVoiceTool>();
  const agents = new Map<string, FakeVoiceAgent>();
  const conversations = new Map<string, FakeVoiceConversation>();
  const requests: FakeElevenLabsRequest[] = [];
  /** Set to make the next requests fail with this status (an outage). */
  let failWith: number | null = null;

  const agentAnswer = (agent: FakeVoiceAgent) => ({
    agent_id: agent.id,
    name: agent.name,
    conversation_config: agent.conversationConfig,
    metadata: { created_at_unix_secs: agent.createdAt, updated_at_unix_secs: Math.floor(Date.now() / 1000) },
    platform_settings: agent.platformSettings,
    phone_numbers: [],
    tags: agent.tags,
  });
  const toolAnswer = (tool: FakeVoiceTool) => ({
    id: tool.id,
    tool_config: tool.config,
    access_info: { is_creator: true, creator_name: "Dokani", creator_email: "ops@example.com", role: "admin" },
    usage_stats: { avg_latency_secs: 0.2 },
  });
  const conversationAnswer = (c: FakeVoiceConversation) => ({
    agent_id: c.agentId,
    conversation_id: c.id,
    status: c.status,
    user_id: null,
    transcript: c.transcript.map((t) => ({ role: t.role, message: t.message, time_in_call_secs: t.time_in_call_secs, tool_calls: [], tool_results: [], interrupted: false, source_medium: "audio" })),
    metadata: {
      start_time_unix_secs: c.startedAt,
      call_duration_secs: c.durationSecs ?? 0,
      cost: 0,
      termination_reason: c.status === "done" ? "Client disconnected" : "",
      ...(c.phoneCall ? { phone_call: { type: "twilio", direction: c.phoneCall.direction, phone_number_id: c.phoneCall.phone_number_id, agent_number: "+15550001111", external_number: c.phoneCall.external_number, call_sid: c.phoneCall.call_sid, stream_sid: `MZ${randomBytes(16).toString("hex")}` } } : {}),
    },
    analysis: c.status === "done" ? { call_successful: c.callSuccessful, transcript_summary: c.summary ?? "", data_collection_results: {}, evaluation_criteria_results: {} } : null,
    conversation_initiation_client_data: { dynamic_variables: c.dynamicVariables },
    has_audio: c.status === "done",
    has_user_audio: c.status === "done",
    has_response_audio: c.status === "done",
    has_auxiliary_audio: false,
  });

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname;
    const raw = await readBody(req);
    let body: Record<string, unknown> = {};
    const send = (status: number, answer: unknown) => {
      requests.push({ method: req.method ?? "", path: `${path}${url.search}`, status, body });
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(answer === undefined ? "" : JSON.stringify(answer));
    };
    const invalid = (loc: string[], msg: string) => send(422, { detail: [{ loc: ["body", ...loc], msg, type: "value_error" }] });
    const notFound = (what: string) => send(404, { detail: { status: `${what}_not_found`, message: `The ${what} was not found.` } });
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return send(422, { detail: [{ loc: ["body"], msg: "JSON decode error", type: "json_invalid" }] });
    }
    if (req.headers["xi-api-key"] !== apiKey) return send(401, { detail: { status: "invalid_api_key", message: "Invalid API key" } });
    if (failWith) return send(failWith, { detail: { status: "service_unavailable", message: "The service is temporarily unavailable." } });

    let match: RegExpExecArray | null;
    if (req.method === "POST" && path === "/v1/convai/tools") {
      const config = body.tool_config as Record<string, unknown> | undefined;
      if (!config || typeof config !== "object") return invalid(["tool_config"], "Field required");
      if (config.type !== "webhook" && config.type !== "client") return invalid(["tool_config", "type"], "Input should be 'webhook', 'client', 'system' or 'mcp'");
      if (typeof config.name !== "string" || !config.name) return invalid(["tool_config", "name"], "Field required");
      if (typeof config.description !== "string") return invalid(["tool_config", "description"], "Field required");
      const schema = config.api_schema as { url?: unknown } | undefined;
      if (config.type === "webhook" && (!schema || typeof schema.url !== "string")) return invalid(["tool_config", "api_schema", "url"], "Field required");
      const tool = { id: id("tool"), config };
      tools.set(tool.id, tool);
      return send(200, toolAnswer(tool));
    }
    if (req.method === "PATCH" && (match = /^\/v1\/convai\/tools\/([^/]+)$/.exec(path))) {
      const tool = tools.get(match[1]!);
      if (!tool) return notFound("tool");
      if (!body.tool_config) return invalid(["tool_config"], "Field required");
      tool.config = body.tool_config as Record<string, unknown>;
      return send(200, toolAnswer(tool));
    }
    if (req.method === "POST" && path === "/v1/convai/agents/create") {
      if (!body.conversation_config || typeof body.conversation_config !== "object") return invalid(["conversation_config"], "Field required");
      const toolIds = ((body.conversation_config as { agent?: { prompt?: { tool_ids?: string[] } } }).agent?.prompt?.tool_ids ?? []) as string[];
      const unknown = toolIds.find((t) => !tools.has(t));
      if (unknown) return invalid(["conversation_config", "agent", "prompt", "tool_ids"], `Tool ${unknown} does not exist`);
      const agent: FakeVoiceAgent = { id: id("agent"), name: String(body.name ?? "Agent"), conversationConfig: body.conversation_config as Record<string, unknown>, platformSettings: (body.platform_settings ?? {}) as Record<string, unknown>, tags: (body.tags ?? []) as string[], createdAt: Math.floor(Date.now() / 1000) };
      agents.set(agent.id, agent);
      return send(200, { agent_id: agent.id });
    }
    if ((match = /^\/v1\/convai\/agents\/([^/]+)$/.exec(path))) {
      const agent = agents.get(match[1]!);
      if (!agent) return notFound("agent");
      if (req.method === "GET") return send(200, agentAnswer(agent));
      if (req.method === "DELETE") {
        agents.delete(agent.id);
        return send(200, undefined);
      }
      if (req.method === "PATCH") {
        if (typeof body.name === "string") agent.name = body.name;
        if (body.conversation_config) agent.conversationConfig = body.conversation_config as Record<string, unknown>;
        if (body.platform_settings) agent.platformSettings = body.platform_settings as Record<string, unknown>;
        if (Array.isArray(body.tags)) agent.tags = body.tags as string[];
        return send(200, agentAnswer(agent));
      }
    }
    if (req.method === "GET" && path === "/v1/convai/conversation/get-signed-url") {
      const agentId = url.searchParams.get("agent_id");
      if (!agentId) return send(422, { detail: [{ loc: ["query", "agent_id"], msg: "Field required", type: "missing" }] });
      if (!agents.has(agentId)) return notFound("agent");
      const conversation: FakeVoiceConversation = { id: id("conv"), agentId, status: "initiated", startedAt: Math.floor(Date.now() / 1000), durationSecs: null, transcript: [], summary: null, callSuccessful: "unknown", phoneCall: null, dynamicVariables: {} };
      conversations.set(conversation.id, conversation);
      const signed = new URL("wss://api.elevenlabs.io/v1/convai/conversation");
      signed.searchParams.set("agent_id", agentId);
      signed.searchParams.set("conversation_signature", randomBytes(24).toString("base64url"));
      if (url.searchParams.get("include_conversation_id") === "true") signed.searchParams.set("conversation_id", conversation.id);
      return send(200, { signed_url: signed.toString() });
    }
    if (req.method === "POST" && path === "/v1/convai/twilio/outbound-call") {
      for (const field of ["agent_id", "agent_phone_number_id", "to_number"]) if (typeof body[field] !== "string") return invalid([field], "Field required");
      if (!agents.has(body.agent_id as string)) return notFound("agent");
      if (!phoneNumberIds.has(body.agent_phone_number_id as string)) return notFound("phone_number");
      if (!/^\+[1-9]\d{6,14}$/.test(body.to_number as string)) return invalid(["to_number"], "Invalid phone number");
      const callSid = `CA${randomBytes(16).toString("hex")}`;
      const client = (body.conversation_initiation_client_data ?? {}) as { dynamic_variables?: Record<string, unknown> };
      const conversation: FakeVoiceConversation = {
        id: id("conv"),
        agentId: body.agent_id as string,
        status: "initiated",
        startedAt: Math.floor(Date.now() / 1000),
        durationSecs: null,
        transcript: [],
        summary: null,
        callSuccessful: "unknown",
        phoneCall: { call_sid: callSid, direction: "outbound", external_number: body.to_number as string, phone_number_id: body.agent_phone_number_id as string },
        dynamicVariables: client.dynamic_variables ?? {},
      };
      conversations.set(conversation.id, conversation);
      return send(200, { success: true, message: "Success", conversation_id: conversation.id, callSid });
    }
    if ((match = /^\/v1\/convai\/conversations\/([^/]+)$/.exec(path))) {
      const conversation = conversations.get(match[1]!);
      if (!conversation) return notFound("conversation");
      if (req.method === "GET") return send(200, conversationAnswer(conversation));
      if (req.method === "DELETE") {
        conversations.delete(conversation.id);
        return send(200, undefined);
      }
    }
    return send(404, { detail: { status: "not_found", message: `No route ${req.method} ${path}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** Ends a conversation as a real call would: transcript, duration, summary; GET then answers it `done`. */
  function finish(conversationId: string, call: { turns: Array<{ role: "user" | "agent"; message: string; at?: number }>; durationSecs?: number; summary?: string; successful?: boolean; startedAt?: number }): FakeVoiceConversation {
    const conversation = conversations.get(conversationId);
    if (!conversation) throw new Error(`no conversation ${conversationId}`);
    conversation.status = "done";
    if (call.startedAt !== undefined) conversation.startedAt = call.startedAt;
    conversation.transcript = call.turns.map((t, i) => ({ role: t.role, message: t.message, time_in_call_secs: t.at ?? i * 4 }));
    conversation.durationSecs = call.durationSecs ?? call.turns.length * 4 + 2;
    conversation.summary = call.summary ?? null;
    conversation.callSuccessful = call.successful === false ? "failure" : "success";
    return conversation;
  }

  /** Opens a conversation the way an inbound phone call does (ElevenLabs owns the number). */
  function inbound(agentId: string, from: string): FakeVoiceConversation {
    const conversation: FakeVoiceConversation = { id: id("conv"), agentId, status: "in-progress", startedAt: Math.floor(Date.now() / 1000), durationSecs: null, transcript: [], summary: null, callSuccessful: "unknown", phoneCall: { call_sid: `CA${randomBytes(16).toString("hex")}`, direction: "inbound", external_number: from, phone_number_id: [...phoneNumberIds][0]! }, dynamicVariables: {} };
    conversations.set(conversation.id, conversation);
    return conversation;
  }

  /** The post-call webhook ElevenLabs would send for a finished conversation, as a signed request to `webhookUrl`. */
  function postCall(webhookUrl: string, secret: string, conversationId: string, options: { type?: "post_call_transcription" | "post_call_audio"; t?: number; signature?: string; body?: string } = {}): Request {
    const conversation = conversations.get(conversationId);
    if (!conversation) throw new Error(`no conversation ${conversationId}`);
    const type = options.type ?? "post_call_transcription";
    const data = type === "post_call_audio" ? { agent_id: conversation.agentId, conversation_id: conversation.id, full_audio: Buffer.from("ID3 fake mp3").toString("base64") } : conversationAnswer(conversation);
    const body = options.body ?? JSON.stringify({ type, event_timestamp: Math.floor(Date.now() / 1000), data });
    return new Request(webhookUrl, { method: "POST", headers: { "content-type": "application/json", "ElevenLabs-Signature": options.signature ?? elevenLabsSignature(secret, body, options.t) }, body });
  }

  return {
    url,
    apiKey,
    tools,
    agents,
    conversations,
    requests,
    finish,
    inbound,
    postCall,
    /** Makes every request fail with `status` until called with null. */
    outage(status: number | null) {
      failWith = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections of a client (fetch, the SDK) would hold the close open.
        server.closeAllConnections();
      }),
  };
}
