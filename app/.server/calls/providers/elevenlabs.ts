import { createHmac } from "node:crypto";
import { ElevenLabsClient, ElevenLabsError, type ElevenLabs } from "@elevenlabs/elevenlabs-js";
import { z } from "zod";
import { env } from "../../env.server";
import { AppError } from "../../errors";
import { safeEqual } from "../../security/secrets.server";
import { CallProviderError, type CallEvent, type CallProvider, type CallTranscriptLine, type FetchedCall, type ParsedCallWebhook, type StartCallInput, type StartedCall } from "../call-provider";

/*
 * ElevenLabs Agents (voice): one agent per shop with Dokani's tools attached as webhook tools, web
 * calls through a signed WebSocket URL, phone calls through ElevenLabs' own Twilio integration, and
 * results by the signed post-call webhook (or, when none came, by fetching the conversation).
 * Spoken through the official SDK, which also checks every answer's shape.
 */

export const ELEVENLABS_DEFAULT_BASE_URL = "https://api.elevenlabs.io";

/** A signed URL must be used within 15 minutes (ElevenLabs' own limit). */
export const SIGNED_URL_TTL_MS = 15 * 60 * 1000;

/** The post-call signature's `t` may be this far from now, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 30 * 60;

/** What Dokani keeps of a shop's ElevenLabs connection (sealed parts included), as the adapter needs it. */
export type ElevenLabsConnection = {
  apiKey: string;
  agentId: string;
  phoneNumberId?: string | null;
};

/** A webhook tool as Dokani declares it to the agent. */
export type VoiceToolSpec = {
  name: string;
  description: string;
  url: string;
  secret: string;
  /** JSON Schema (object) of the arguments the agent fills in. */
  parameters: JsonSchemaObject;
};

/** The agent of a shop: who it is, what it says first, and what it may do. */
export type VoiceAgentSpec = {
  name: string;
  firstMessage: string;
  language: string;
  prompt: string;
  voiceId?: string | null;
  maxDurationSeconds: number;
  /** The dynamic variables the prompt uses, with the value each takes when a call gives none. */
  dynamicVariables: Record<string, string>;
  /** Where ElevenLabs asks who an inbound phone caller is, with the header that proves it is Dokani's. */
  initiationWebhook: { url: string; secret: string };
  tools: VoiceToolSpec[];
};

type JsonSchemaObject = { type: "object"; properties?: Record<string, JsonSchemaValue>; required?: string[]; description?: string };
type JsonSchemaValue = { type?: string | string[]; description?: string; enum?: unknown[]; items?: JsonSchemaValue; properties?: Record<string, JsonSchemaValue>; required?: string[]; anyOf?: JsonSchemaValue[] };

/** ElevenLabs' API: `ELEVENLABS_BASE_URL` when set, the demo's call simulator in demo mode, else the public API. */
export function elevenLabsBaseUrl(): string {
  const config = env();
  return (config.ELEVENLABS_BASE_URL ?? (config.mode === "demo" ? `${config.appUrl}/demo/elevenlabs` : ELEVENLABS_DEFAULT_BASE_URL)).replace(/\/+$/, "");
}

/** The SDK client for one shop's key. */
export function elevenLabsClient(apiKey: string): ElevenLabsClient {
  return new ElevenLabsClient({ apiKey, baseUrl: elevenLabsBaseUrl(), timeoutInSeconds: 10, maxRetries: 1 });
}

/** ElevenLabs' own words for a failed request (its 422 `detail`, its message), as a CallProviderError. */
export function elevenLabsError(error: unknown): CallProviderError {
  if (error instanceof ElevenLabsError) {
    const body = error.body as { detail?: unknown; message?: unknown } | undefined;
    const detail = body?.detail;
    const words =
      typeof detail === "string"
        ? detail
        : Array.isArray(detail)
          ? detail.map((d: { msg?: unknown; loc?: unknown }) => `${Array.isArray(d.loc) ? d.loc.join(".") + ": " : ""}${String(d.msg ?? "")}`).join("; ")
          : detail && typeof detail === "object" && "message" in detail
            ? String((detail as { message: unknown }).message)
            : typeof body?.message === "string"
              ? body.message
              : error.message;
    return new CallProviderError("elevenlabs", words.slice(0, 300) || `HTTP ${error.statusCode}`, error.statusCode ?? null);
  }
  return new CallProviderError("elevenlabs", "ElevenLabs could not be reached.", null);
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw elevenLabsError(error);
  }
}

/** A JSON Schema property as ElevenLabs' tool schema writes it (literal, object or array). */
function toolProperty(schema: JsonSchemaValue): ElevenLabs.ObjectJsonSchemaPropertyInputPropertiesValue {
  const variants = schema.anyOf?.filter((v) => v.type !== "null") ?? [];
  const base = variants.length === 1 ? { ...variants[0], description: schema.description ?? variants[0]!.description } : schema;
  const type = Array.isArray(base.type) ? base.type.find((t) => t !== "null") : base.type;
  const description = base.description ?? "";
  if (type === "object") return toolObject({ type: "object", properties: base.properties, required: base.required, description });
  if (type === "array") return { type: "array", description, items: base.items ? toolProperty(base.items) : { type: "string", description: "" } } as ElevenLabs.ArrayJsonSchemaPropertyInput;
  const literal = type === "integer" || type === "number" || type === "boolean" ? type : "string";
  return { type: literal, description, ...(base.enum ? { enum: base.enum.map(String) } : {}) };
}

function toolObject(schema: JsonSchemaObject): ElevenLabs.ObjectJsonSchemaPropertyInput {
  return {
    type: "object",
    description: schema.description ?? "",
    required: schema.required ?? [],
    properties: Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, toolProperty(value)])),
  };
}

/** The webhook tool's configuration: Dokani's URL, the shop's secret header, and the caller's words plus the conversation's id in the body. */
function toolConfig(tool: VoiceToolSpec): ElevenLabs.ToolRequestModel {
  const body = toolObject(tool.parameters);
  body.properties = {
    ...body.properties,
    conversation_id: { type: "string", description: "The conversation's id", dynamicVariable: "system__conversation_id" },
    dokani_call_id: { type: "string", description: "Dokani's call id", dynamicVariable: "dokani_call_id" },
  };
  body.required = [...(body.required ?? []), "conversation_id"];
  return {
    toolConfig: {
      type: "webhook",
      name: tool.name,
      description: tool.description,
      responseTimeoutSecs: 20,
      apiSchema: { url: tool.url, method: "POST", requestHeaders: { "X-Dokani-Tool-Secret": tool.secret }, requestBodySchema: body },
    },
  };
}

/**
 * Creates or updates the shop's webhook tools and then its agent, so the agent always runs with the
 * shop's current name, tone, policy and tool URLs. Answers the agent id and each tool's id by name.
 */
export async function upsertVoiceAgent(
  apiKey: string,
  spec: VoiceAgentSpec,
  existing: { agentId?: string | null; toolIds?: Record<string, string> },
): Promise<{ agentId: string; toolIds: Record<string, string> }> {
  const client = elevenLabsClient(apiKey);
  const toolIds: Record<string, string> = {};
  for (const tool of spec.tools) {
    const known = existing.toolIds?.[tool.name];
    const saved = known
      ? await call(() => client.conversationalAi.tools.update(known, toolConfig(tool))).catch(async (error: CallProviderError) => {
          if (error.status !== 404) throw error;
          return call(() => client.conversationalAi.tools.create(toolConfig(tool)));
        })
      : await call(() => client.conversationalAi.tools.create(toolConfig(tool)));
    toolIds[tool.name] = saved.id;
  }
  const conversationConfig: ElevenLabs.ConversationalConfig = {
    agent: {
      firstMessage: spec.firstMessage,
      language: spec.language,
      dynamicVariables: { dynamic_variable_placeholders: spec.dynamicVariables },
      prompt: { prompt: spec.prompt, toolIds: Object.values(toolIds) },
    },
    conversation: { maxDurationSeconds: spec.maxDurationSeconds },
    ...(spec.voiceId ? { tts: { voiceId: spec.voiceId } } : {}),
  };
  const platformSettings: ElevenLabs.AgentPlatformSettingsRequestModel = {
    auth: { enableAuth: true },
    workspaceOverrides: { conversationInitiationClientDataWebhook: { url: spec.initiationWebhook.url, requestHeaders: { "X-Dokani-Tool-Secret": spec.initiationWebhook.secret } } },
  };
  if (existing.agentId) {
    const agentId = existing.agentId;
    const updated = await call(() => client.conversationalAi.agents.update(agentId, { name: spec.name, conversationConfig, platformSettings, tags: ["dokani"] })).catch((error: CallProviderError) => {
      if (error.status === 404) return null;
      throw error;
    });
    if (updated) return { agentId: updated.agentId, toolIds };
  }
  const created = await call(() => client.conversationalAi.agents.create({ name: spec.name, conversationConfig, platformSettings, tags: ["dokani"] }));
  return { agentId: created.agentId, toolIds };
}

/** Checks that the agent exists and answers to this key (the agent check of a call test). */
export async function checkVoiceAgent(connection: ElevenLabsConnection): Promise<{ name: string; toolCount: number }> {
  const agent = await call(() => elevenLabsClient(connection.apiKey).conversationalAi.agents.get(connection.agentId));
  return { name: agent.name, toolCount: agent.conversationConfig.agent?.prompt?.toolIds?.length ?? 0 };
}

/** Deletes the agent (disconnecting); one already gone is fine. */
export async function deleteVoiceAgent(connection: ElevenLabsConnection): Promise<void> {
  await call(() => elevenLabsClient(connection.apiKey).conversationalAi.agents.delete(connection.agentId)).catch((error: CallProviderError) => {
    if (error.status !== 404) throw error;
  });
}

/** Deletes a conversation's transcript and audio at ElevenLabs (customer redaction); one already gone is fine. */
export async function deleteVoiceConversation(apiKey: string, conversationId: string): Promise<void> {
  await call(() => elevenLabsClient(apiKey).conversationalAi.conversations.delete(conversationId)).catch((error: CallProviderError) => {
    if (error.status !== 404) throw error;
  });
}

const hexSignature = /^[0-9a-f]{64}$/;

/**
 * `ElevenLabs-Signature: t=<unix>,v0=<hex>` where hex is HMAC-SHA256(secret, `${t}.${rawBody}`).
 * Unlike the SDK's `constructEvent`, `t` is bounded both ways and the comparison is constant-time.
 */
export function verifyElevenLabsSignature(input: { rawBody: string; headers: Headers; secret: string; now?: Date }): void {
  const header = input.headers.get("elevenlabs-signature");
  const refuse = (why: string) => new AppError("invalid_signature", `The ElevenLabs signature ${why}.`);
  if (!header) throw refuse("is missing");
  const parts = new Map<string, string[]>();
  for (const part of header.split(",")) {
    const at = part.indexOf("=");
    if (at <= 0) continue;
    const key = part.slice(0, at).trim();
    parts.set(key, [...(parts.get(key) ?? []), part.slice(at + 1).trim()]);
  }
  const t = parts.get("t")?.[0];
  const signatures = (parts.get("v0") ?? []).filter((s) => hexSignature.test(s));
  if (!t || !/^\d{1,12}$/.test(t) || !signatures.length) throw refuse("is malformed");
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - Number(t)) > SIGNATURE_TOLERANCE_SECONDS) throw refuse("is too old or too far in the future");
  const expected = createHmac("sha256", input.secret).update(`${t}.${input.rawBody}`).digest("hex");
  if (!signatures.some((s) => safeEqual(s, expected))) throw refuse("does not match");
}

/** The conversation shape (post-call `data`, GET conversation) as far as Dokani reads it; zod checks it, unknown keys pass. */
export const VoiceConversationSchema = z
  .object({
    agent_id: z.string().optional(),
    conversation_id: z.string().min(1).max(200),
    status: z.string().optional(),
    transcript: z
      .array(
        z
          .object({
            role: z.string(),
            message: z.string().nullish(),
            time_in_call_secs: z.number().nullish(),
          })
          .loose(),
      )
      .max(5000)
      .default([]),
    metadata: z
      .object({
        start_time_unix_secs: z.number().nullish(),
        call_duration_secs: z.number().nullish(),
        termination_reason: z.string().nullish(),
        phone_call: z.object({ call_sid: z.string().nullish(), direction: z.string().nullish(), external_number: z.string().nullish() }).loose().nullish(),
      })
      .loose()
      .default({}),
    analysis: z
      .object({ call_successful: z.string().nullish(), transcript_summary: z.string().nullish() })
      .loose()
      .nullish(),
    has_audio: z.boolean().optional(),
  })
  .loose();
export type VoiceConversation = z.infer<typeof VoiceConversationSchema>;

const PostCallSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("post_call_transcription"), event_timestamp: z.number().optional(), data: VoiceConversationSchema }).loose(),
  z.object({ type: z.literal("post_call_audio"), event_timestamp: z.number().optional(), data: z.object({ conversation_id: z.string().min(1).max(200), agent_id: z.string().optional() }).loose() }).loose(),
  z
    .object({
      type: z.literal("call_initiation_failure"),
      event_timestamp: z.number().optional(),
      data: z.object({ conversation_id: z.string().min(1).max(200), failure_reason: z.string().nullish() }).loose(),
    })
    .loose(),
]);

const OUTCOMES: Record<string, "successful" | "unsuccessful" | "unknown"> = { success: "successful", failure: "unsuccessful", unknown: "unknown" };

/** The URL where a conversation's audio is fetched (with the shop's key). */
export function voiceRecordingUrl(conversationId: string): string {
  return `${elevenLabsBaseUrl()}/v1/convai/conversations/${encodeURIComponent(conversationId)}/audio`;
}

/** What a finished conversation says: when it started and ended, what was said, how it went. */
export function voiceConversationEvents(data: VoiceConversation): CallEvent[] {
  const events: CallEvent[] = [];
  const start = data.metadata.start_time_unix_secs;
  const duration = data.metadata.call_duration_secs;
  if (typeof start === "number") events.push({ type: "joined", at: new Date(start * 1000) });
  const failed = data.status === "failed";
  if (typeof start === "number" && (typeof duration === "number" || failed)) {
    events.push({ type: "ended", at: new Date((start + (duration ?? 0)) * 1000), reason: data.metadata.termination_reason ?? null, failed, ...(typeof duration === "number" ? { durationSeconds: Math.round(duration) } : {}) });
  }
  const lines: CallTranscriptLine[] = data.transcript
    .filter((turn) => typeof turn.message === "string" && turn.message.trim() !== "")
    .map((turn) => ({ speaker: turn.role === "user" ? "customer" : "ai", text: turn.message!.trim(), startMs: typeof turn.time_in_call_secs === "number" ? Math.round(turn.time_in_call_secs * 1000) : null, endMs: null }));
  if (lines.length) events.push({ type: "transcript", lines });
  const summary = data.analysis?.transcript_summary?.trim();
  const outcome = data.analysis?.call_successful ? OUTCOMES[data.analysis.call_successful] : undefined;
  if (summary || outcome) events.push({ type: "analysis", ...(summary ? { summary } : {}), ...(outcome ? { outcome } : {}) });
  if (data.has_audio) events.push({ type: "recording", url: voiceRecordingUrl(data.conversation_id) });
  return events;
}

function parsePostCall(rawBody: string): ParsedCallWebhook {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("invalid_json", "The webhook body is not valid JSON.");
  }
  const parsed = PostCallSchema.safeParse(json);
  if (!parsed.success) throw new AppError("invalid_request", "This is not an ElevenLabs post-call webhook Dokani knows.");
  const event = parsed.data;
  if (event.type === "post_call_transcription") {
    return { externalId: event.data.conversation_id, eventType: event.type, events: voiceConversationEvents(event.data), ...(event.data.metadata.phone_call?.call_sid ? { callSid: event.data.metadata.phone_call.call_sid } : {}) };
  }
  if (event.type === "post_call_audio") {
    return { externalId: event.data.conversation_id, eventType: event.type, events: [{ type: "recording", url: voiceRecordingUrl(event.data.conversation_id) }] };
  }
  const at = new Date((event.event_timestamp ?? Math.floor(Date.now() / 1000)) * 1000);
  return { externalId: event.data.conversation_id, eventType: event.type, events: [{ type: "ended", at, reason: event.data.failure_reason ?? "call_initiation_failure", failed: true }] };
}

/** Reads the conversation id a signed URL carries when asked to include it. */
function conversationIdOf(signedUrl: string): string | null {
  try {
    return new URL(signedUrl).searchParams.get("conversation_id");
  } catch {
    return null;
  }
}

export const elevenLabsProvider: CallProvider<ElevenLabsConnection> = {
  name: "elevenlabs",

  async start(connection, input: StartCallInput): Promise<StartedCall> {
    const client = elevenLabsClient(connection.apiKey);
    if (input.mode === "web") {
      const issuedAt = Date.now();
      const answer = await call(() => client.conversationalAi.conversations.getSignedUrl({ agentId: connection.agentId, includeConversationId: true }));
      return { externalId: conversationIdOf(answer.signedUrl), joinUrl: answer.signedUrl, expiresAt: new Date(issuedAt + SIGNED_URL_TTL_MS) };
    }
    if (!connection.phoneNumberId) throw new CallProviderError("elevenlabs", "The ElevenLabs connection has no phone number for calls.", null);
    if (!input.toNumber) throw new CallProviderError("elevenlabs", "A phone call needs a number to call.", null);
    const phoneNumberId = connection.phoneNumberId;
    const toNumber = input.toNumber;
    const answer = await call(() =>
      client.conversationalAi.twilio.outboundCall({
        agentId: connection.agentId,
        agentPhoneNumberId: phoneNumberId,
        toNumber,
        conversationInitiationClientData: { dynamicVariables: { ...input.dynamicVariables, dokani_call_id: input.callId } },
      }),
    );
    if (!answer.success) throw new CallProviderError("elevenlabs", answer.message || "ElevenLabs did not place the call.", null);
    return { externalId: answer.conversationId ?? null, joinUrl: null, expiresAt: null, ...(answer.callSid ? { callSid: answer.callSid } : {}) };
  },

  async end() {
    // A web call ends when the shopper's browser closes its socket and a phone call when either side
    // hangs up; ElevenLabs has no call-ending endpoint, and the agent's own maximum duration bounds both.
  },

  verifyWebhook: verifyElevenLabsSignature,
  parseEvent: parsePostCall,

  async fetchCall(connection, externalId): Promise<FetchedCall> {
    const answer = await call(() => elevenLabsClient(connection.apiKey).conversationalAi.conversations.get(externalId));
    const parsed = VoiceConversationSchema.safeParse(wireConversation(answer));
    if (!parsed.success) throw new CallProviderError("elevenlabs", "ElevenLabs answered a conversation Dokani cannot read.", null);
    const finished = parsed.data.status === "done" || parsed.data.status === "failed";
    return { finished, events: finished ? voiceConversationEvents(parsed.data) : [] };
  },
};

/** The SDK's conversation (camelCase) back in the provider's own names, which the post-call webhook uses too. */
function wireConversation(c: ElevenLabs.GetConversationResponseModel): unknown {
  const phone = c.metadata.phoneCall as { callSid?: string; direction?: string; externalNumber?: string } | undefined;
  return {
    agent_id: c.agentId,
    conversation_id: c.conversationId,
    status: c.status,
    transcript: (c.transcript ?? []).map((t) => ({ role: t.role, message: t.message ?? null, time_in_call_secs: t.timeInCallSecs ?? null })),
    metadata: {
      start_time_unix_secs: c.metadata.startTimeUnixSecs,
      call_duration_secs: c.metadata.callDurationSecs,
      termination_reason: c.metadata.terminationReason ?? null,
      phone_call: phone ? { call_sid: phone.callSid ?? null, direction: phone.direction ?? null, external_number: phone.externalNumber ?? null } : null,
    },
    analysis: c.analysis ? { call_successful: c.analysis.callSuccessful ?? null, transcript_summary: c.analysis.transcriptSummary ?? null } : null,
    has_audio: c.hasAudio,
  };
}
