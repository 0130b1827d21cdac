import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A fake of the slice of Tavus's CVI API Dokani uses, over real HTTP (through `TAVUS_BASE_URL`):
 * personas (POST, GET, JSON-Patch PATCH, also answered under their 2026 name `/v2/pals`),
 * conversations (POST, GET with `?verbose=true` events, POST …/end, DELETE). It refuses what Tavus
 * refuses: a missing or wrong `x-api-key` is 401 `{"message": "Invalid access token"}`; a
 * conversation needs a replica, from the body or the persona's default (400 `{"error"}`); a persona
 * in the `full` pipeline needs a system prompt; ending an unknown or ended conversation is 400
 * `{"error": "Invalid conversation_id"}`. `test_mode` conversations come back `ended`, with no
 * callbacks.
 *
 * It plays the room too: `join` sends `system.replica_joined` and the 2026 `system.pal_joined`,
 * `end` (and POST …/end) sends `system.shutdown` and then `application.transcription_ready` (its
 * first turn the system prompt, as Tavus sends it), `recordingReady` and `perception` the others.
 * Callbacks are unsigned, as Tavus's are; `deliver` posts them (by default with fetch).
 */

export type FakeTavusConversation = {
  id: string;
  name: string;
  replicaId: string;
  personaId: string | null;
  callbackUrl: string | null;
  context: string | null;
  properties: Record<string, unknown>;
  status: "active" | "ended";
  testMode: boolean;
  createdAt: string;
  events: Array<Record<string, unknown>>;
};
export type FakeTavusPersona = { id: string; name: string; systemPrompt: string; context: string; defaultReplicaId: string | null };

const TAVUS_TIME = () => new Date().toISOString().replace("Z", "000Z");

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

export type FakeTavus = Awaited<ReturnType<typeof createFakeTavus>>;

/** Starts the fake with one account and its replicas; `url` is what `TAVUS_BASE_URL` is set to. */
export async function createFakeTavus(options: { apiKey?: string; replicaIds?: string[]; deliver?: (url: string, body: string) => Promise<unknown> } = {}) {
  const apiKey = options.apiKey ?? `tvs_${randomBytes(16).toString("hex")}`;
  const replicas = new Set(options.replicaIds ?? ["r79e1c033f"]);
  const personas = new Map<string, FakeTavusPersona>();
  const conversations = new Map<string, FakeTavusConversation>();
  const requests: Array<{ method: string; path: string; status: number; body: unknown }> = [];
  let deliver = options.deliver ?? (async (url: string, body: string) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body }));

  const conversationAnswer = (c: FakeTavusConversation, verbose = false) => ({
    conversation_id: c.id,
    conversation_name: c.name,
    conversation_url: `https://tavus.daily.co/${c.id}`,
    status: c.status,
    callback_url: c.callbackUrl,
    created_at: c.createdAt,
    meeting_token: null,
    ...(verbose ? { events: c.events } : {}),
  });

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname.replace(/^\/v2\/pals\b/, "/v2/personas");
    const raw = await readBody(req);
    let body: unknown = null;
    const send = (status: number, answer: unknown) => {
      requests.push({ method: req.method ?? "", path: url.pathname + url.search, status, body });
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(answer === undefined ? "" : JSON.stringify(answer));
    };
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      return send(400, { error: "Invalid JSON body" });
    }
    if (req.headers["x-api-key"] !== apiKey) return send(401, { message: "Invalid access token" });
    const b = (body ?? {}) as Record<string, unknown>;
    let match: RegExpExecArray | null;

    if (req.method === "POST" && path === "/v2/personas") {
      const mode = b.pipeline_mode ?? "full";
      if (mode === "full" && (typeof b.system_prompt !== "string" || !b.system_prompt)) return send(400, { error: "system_prompt is required for pipeline_mode full" });
      const replica = (b.default_replica_id ?? b.default_face_id ?? null) as string | null;
      if (replica && !replicas.has(replica)) return send(400, { error: "Invalid default_replica_id" });
      const persona: FakeTavusPersona = { id: `p${randomBytes(5).toString("hex")}`, name: String(b.persona_name ?? b.pal_name ?? ""), systemPrompt: String(b.system_prompt ?? ""), context: String(b.context ?? ""), defaultReplicaId: replica };
      personas.set(persona.id, persona);
      return send(200, { persona_id: persona.id, persona_name: persona.name, created_at: TAVUS_TIME() });
    }
    if ((match = /^\/v2\/personas\/([^/]+)$/.exec(path))) {
      const persona = personas.get(match[1]!);
      if (!persona) return send(404, { error: "Persona not found" });
      if (req.method === "GET") return send(200, { persona_id: persona.id, persona_name: persona.name, system_prompt: persona.systemPrompt, context: persona.context, default_replica_id: persona.defaultReplicaId, created_at: TAVUS_TIME() });
      if (req.method === "PATCH") {
        if (!Array.isArray(body)) return send(400, { error: "The body must be a JSON Patch array" });
        for (const op of body as Array<{ op: string; path: string; value: unknown }>) {
          if (op.op !== "replace" && op.op !== "add") return send(400, { error: `Unsupported op ${op.op}` });
          if (op.path === "/persona_name") persona.name = String(op.value);
          else if (op.path === "/system_prompt") persona.systemPrompt = String(op.value);
          else if (op.path === "/context") persona.context = String(op.value);
          else if (op.path === "/default_replica_id") {
            if (!replicas.has(String(op.value))) return send(400, { error: "Invalid default_replica_id" });
            persona.defaultReplicaId = String(op.value);
          } else return send(400, { error: `Unknown path ${op.path}` });
        }
        return send(200, { persona_id: persona.id });
      }
    }
    if (req.method === "POST" && path === "/v2/conversations") {
      const personaId = (b.persona_id ?? b.pal_id ?? null) as string | null;
      const persona = personaId ? personas.get(personaId) : undefined;
      if (personaId && !persona) return send(400, { error: "Invalid persona_id" });
      const replicaId = (b.replica_id ?? b.face_id ?? persona?.defaultReplicaId ?? null) as string | null;
      if (!replicaId) return send(400, { error: "There was an error creating the conversation: a replica_id is required when the persona has no default replica" });
      if (!replicas.has(replicaId)) return send(400, { error: "Invalid replica_id" });
      const properties = (b.properties ?? {}) as Record<string, unknown>;
      if (properties.max_call_duration !== undefined && (typeof properties.max_call_duration !== "number" || properties.max_call_duration < 10)) return send(400, { error: "max_call_duration must be a number of seconds" });
      const testMode = b.test_mode === true;
      const conversation: FakeTavusConversation = {
        id: `c${randomBytes(6).toString("hex")}`,
        name: String(b.conversation_name ?? "New Conversation"),
        replicaId,
        personaId,
        callbackUrl: typeof b.callback_url === "string" ? b.callback_url : null,
        context: typeof b.conversational_context === "string" ? b.conversational_context : null,
        properties,
        status: testMode ? "ended" : "active",
        testMode,
        createdAt: TAVUS_TIME(),
        events: [],
      };
      conversations.set(conversation.id, conversation);
      return send(200, conversationAnswer(conversation));
    }
    if (req.method === "POST" && (match = /^\/v2\/conversations\/([^/]+)\/end$/.exec(path))) {
      const conversation = conversations.get(match[1]!);
      if (!conversation || conversation.status === "ended") return send(400, { error: "Invalid conversation_id" });
      send(200, undefined);
      await end(conversation.id, "end_conversation_endpoint_hit");
      return;
    }
    if ((match = /^\/v2\/conversations\/([^/]+)$/.exec(path))) {
      const conversation = conversations.get(match[1]!);
      if (!conversation) return send(404, { error: "Conversation not found" });
      if (req.method === "GET") return send(200, conversationAnswer(conversation, url.searchParams.get("verbose") === "true"));
      if (req.method === "DELETE") {
        conversations.delete(conversation.id);
        return send(200, undefined);
      }
    }
    return send(404, { error: `No route ${req.method} ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** A callback's body as Tavus sends it. */
  function envelope(conversation: FakeTavusConversation, eventType: string, properties: Record<string, unknown>, timestamp = TAVUS_TIME()) {
    return { properties, conversation_id: conversation.id, webhook_url: conversation.callbackUrl, event_type: eventType, message_type: eventType.split(".")[0], timestamp };
  }

  async function emit(conversationId: string, eventType: string, properties: Record<string, unknown>, timestamp?: string) {
    const conversation = conversations.get(conversationId);
    if (!conversation) throw new Error(`no conversation ${conversationId}`);
    const event = envelope(conversation, eventType, properties, timestamp);
    conversation.events.push(event);
    if (conversation.callbackUrl && !conversation.testMode) await deliver(conversation.callbackUrl, JSON.stringify(event));
    return event;
  }

  /** The replica joins: `system.replica_joined` and its 2026 twin `system.pal_joined`. */
  async function join(conversationId: string, timestamp?: string) {
    const c = conversations.get(conversationId)!;
    await emit(conversationId, "system.replica_joined", { replica_id: c.replicaId }, timestamp);
    await emit(conversationId, "system.pal_joined", { replica_id: c.replicaId, pal_id: c.personaId }, timestamp);
  }

  /** The call ends: `system.shutdown`, then the transcript (system prompt first, as Tavus sends it). */
  async function end(conversationId: string, reason = "participant_left_timeout reached", turns: Array<{ role: "user" | "assistant"; content: string }> = [{ role: "assistant", content: "Hi, how can I help?" }, { role: "user", content: "Just checking in." }], timestamp?: string) {
    const c = conversations.get(conversationId)!;
    c.status = "ended";
    await emit(conversationId, "system.shutdown", { replica_id: c.replicaId, shutdown_reason: reason }, timestamp);
    await emit(conversationId, "application.transcription_ready", { replica_id: c.replicaId, transcript: [{ role: "system", content: "You are the store's assistant." }, ...turns] });
  }

  return {
    url,
    apiKey,
    replicas,
    personas,
    conversations,
    requests,
    envelope,
    emit,
    join,
    end,
    recordingReady: (conversationId: string, duration: number) => emit(conversationId, "application.recording_ready", { bucket_name: "shop-recordings", s3_key: `recordings/${conversationId}.mp4`, duration }),
    perception: (conversationId: string, analysis: string) => emit(conversationId, "application.perception_analysis", { analysis }),
    setDeliver(next: (url: string, body: string) => Promise<unknown>) {
      deliver = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections of a client (fetch, the SDK) would hold the close open.
        server.closeAllConnections();
      }),
  };
}
