import { z } from "zod";
import { env } from "../../env.server";
import { AppError } from "../../errors";
import { safeEqual, sha256Hex } from "../../security/secrets.server";
import { CallProviderError, type CallEvent, type CallProvider, type CallTranscriptLine, type FetchedCall, type ParsedCallWebhook, type StartedCall } from "../call-provider";

/*
 * Tavus CVI (video), over plain fetch (Tavus publishes no Node SDK). A shop's persona (Tavus now
 * says "PAL") holds the assistant's prompt; each call is a conversation whose context carries what
 * the chat has verified, and whose `callback_url` carries a per-call token, because Tavus does not
 * sign its callbacks. The legacy names (`persona_id`, `replica_id`, /v2/personas) are used: they are
 * documented and stable, and the callbacks' 2026 `system.pal_joined` is read like `replica_joined`.
 */

export const TAVUS_DEFAULT_BASE_URL = "https://tavusapi.com";

export type TavusConnection = { apiKey: string; replicaId: string; personaId: string };

/** What a shop's persona says and knows. */
export type VideoPersonaSpec = { name: string; systemPrompt: string; context: string; replicaId: string };

const TIMEOUT_MS = 10_000;

function baseUrl(): string {
  return (env().TAVUS_BASE_URL ?? TAVUS_DEFAULT_BASE_URL).replace(/\/+$/, "");
}

/** One request to Tavus: the key header, a timeout, and Tavus's own words when it refuses. */
async function tavus(apiKey: string, method: string, path: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { "x-api-key": apiKey, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new CallProviderError("tavus", "Tavus could not be reached.", null);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const words = json && typeof json === "object" ? ((json as { error?: unknown; message?: unknown }).error ?? (json as { message?: unknown }).message) : null;
    throw new CallProviderError("tavus", typeof words === "string" && words ? words.slice(0, 300) : `HTTP ${response.status}`, response.status);
  }
  return json;
}

const PersonaAnswer = z.object({ persona_id: z.string().min(1) }).loose();
const ConversationAnswer = z.object({ conversation_id: z.string().min(1), conversation_url: z.string().nullish(), status: z.string().nullish() }).loose();

/** Creates the shop's persona, or updates the one it has (JSON Patch); answers its id. */
export async function upsertVideoPersona(apiKey: string, spec: VideoPersonaSpec, personaId: string | null): Promise<string> {
  if (personaId) {
    await tavus(apiKey, "PATCH", `/v2/personas/${encodeURIComponent(personaId)}`, [
      { op: "replace", path: "/persona_name", value: spec.name },
      { op: "replace", path: "/system_prompt", value: spec.systemPrompt },
      { op: "replace", path: "/context", value: spec.context },
      { op: "replace", path: "/default_replica_id", value: spec.replicaId },
    ]);
    return personaId;
  }
  const created = PersonaAnswer.safeParse(
    await tavus(apiKey, "POST", "/v2/personas", { persona_name: spec.name, system_prompt: spec.systemPrompt, context: spec.context, pipeline_mode: "full", default_replica_id: spec.replicaId }),
  );
  if (!created.success) throw new CallProviderError("tavus", "Tavus answered a persona without an id.", null);
  return created.data.persona_id;
}

/** Checks the key and the persona (GET /v2/personas/{id}). */
export async function checkVideoPersona(apiKey: string, personaId: string): Promise<void> {
  await tavus(apiKey, "GET", `/v2/personas/${encodeURIComponent(personaId)}`);
}

/** A conversation in `test_mode`: created and checked by Tavus, with no replica joining and no cost. */
export async function testVideoConversation(connection: TavusConnection): Promise<{ conversationId: string; status: string | null }> {
  const answer = ConversationAnswer.safeParse(
    await tavus(connection.apiKey, "POST", "/v2/conversations", { replica_id: connection.replicaId, persona_id: connection.personaId, conversation_name: "Dokani test call", test_mode: true }),
  );
  if (!answer.success) throw new CallProviderError("tavus", "Tavus answered a conversation without an id.", null);
  return { conversationId: answer.data.conversation_id, status: answer.data.status ?? null };
}

/** Deletes a conversation's data at Tavus (customer redaction); one already gone is fine. */
export async function deleteVideoConversation(apiKey: string, conversationId: string): Promise<void> {
  await tavus(apiKey, "DELETE", `/v2/conversations/${encodeURIComponent(conversationId)}`).catch((error: CallProviderError) => {
    if (error.status !== 404 && error.status !== 400) throw error;
  });
}

/** The token a call's callback URL carries, compared in constant time with the hash kept on the call. */
export function callbackTokenMatches(token: string | null, storedHash: string | null | undefined): boolean {
  if (!token || !storedHash || token.length > 200) return false;
  return safeEqual(sha256Hex(token), storedHash);
}

const Envelope = z
  .object({
    conversation_id: z.string().min(1).max(200),
    event_type: z.string().min(1).max(100),
    message_type: z.string().optional(),
    timestamp: z.string().max(64).optional(),
    properties: z.record(z.string(), z.unknown()).default({}),
  })
  .loose();

const TranscriptTurn = z.object({ role: z.string(), content: z.string().nullish(), seconds_from_start: z.number().nullish(), duration: z.number().nullish() }).loose();

/** Tavus's timestamps (`2025-07-11T06:45:47.472000Z`, microseconds) as a Date. */
function tavusTime(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value.replace(/(\.\d{3})\d+/, "$1"));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Shutdown reasons that mean the call never really happened. */
const FAILED_SHUTDOWN = [/^bot_could_not_join/, /^exception_encountered/, /^internal error/i, /^daily_room_has_been_deleted/];

/** One Tavus event (a callback or an entry of `events[]`) as Dokani's call events. */
export function tavusEvents(event: z.infer<typeof Envelope>): CallEvent[] {
  const at = tavusTime(event.timestamp) ?? new Date();
  const p = event.properties;
  switch (event.event_type) {
    case "system.replica_joined":
    case "system.pal_joined":
      return [{ type: "joined", at }];
    case "system.shutdown": {
      const reason = typeof p.shutdown_reason === "string" ? p.shutdown_reason.slice(0, 200) : null;
      return [{ type: "ended", at, reason, failed: reason !== null && FAILED_SHUTDOWN.some((r) => r.test(reason)) }];
    }
    case "application.transcription_ready": {
      const turns = z.array(TranscriptTurn).max(5000).catch([]).parse(p.transcript);
      const lines: CallTranscriptLine[] = turns
        .filter((t) => t.role !== "system" && typeof t.content === "string" && t.content.trim() !== "")
        .map((t) => ({
          speaker: t.role === "user" ? "customer" : "ai",
          text: t.content!.trim(),
          startMs: typeof t.seconds_from_start === "number" ? Math.round(t.seconds_from_start * 1000) : null,
          endMs: typeof t.seconds_from_start === "number" && typeof t.duration === "number" ? Math.round((t.seconds_from_start + t.duration) * 1000) : null,
        }));
      return [{ type: "transcript", lines }];
    }
    case "application.recording_ready": {
      const bucket = typeof p.bucket_name === "string" ? p.bucket_name : null;
      const key = typeof p.s3_key === "string" ? p.s3_key : null;
      if (!bucket || !key) return [];
      return [{ type: "recording", url: `s3://${bucket}/${key}`, ...(typeof p.duration === "number" ? { durationSeconds: Math.round(p.duration) } : {}) }];
    }
    case "application.perception_analysis":
      return typeof p.analysis === "string" && p.analysis.trim() ? [{ type: "analysis", perception: p.analysis.trim().slice(0, 10_000) }] : [];
    default:
      return [];
  }
}

function parseCallback(rawBody: string): ParsedCallWebhook {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("invalid_json", "The callback body is not valid JSON.");
  }
  const parsed = Envelope.safeParse(json);
  if (!parsed.success) throw new AppError("invalid_request", "This is not a Tavus conversation callback.");
  // Both names of the join event are one event: a call joins once.
  const eventType = parsed.data.event_type === "system.pal_joined" ? "system.replica_joined" : parsed.data.event_type;
  return { externalId: parsed.data.conversation_id, eventType, events: tavusEvents(parsed.data) };
}

export const tavusProvider: CallProvider<TavusConnection> = {
  name: "tavus",

  async start(connection, input): Promise<StartedCall> {
    const answer = ConversationAnswer.safeParse(
      await tavus(connection.apiKey, "POST", "/v2/conversations", {
        replica_id: connection.replicaId,
        persona_id: connection.personaId,
        conversation_name: `Dokani call ${input.callId}`,
        ...(input.callbackUrl ? { callback_url: input.callbackUrl } : {}),
        ...(input.context ? { conversational_context: input.context } : {}),
        ...(input.greeting ? { custom_greeting: input.greeting } : {}),
        properties: { max_call_duration: input.maxDurationSeconds, participant_left_timeout: 10, participant_absent_timeout: 120, enable_recording: true },
      }),
    );
    if (!answer.success || !answer.data.conversation_url) throw new CallProviderError("tavus", "Tavus answered a conversation without a room.", null);
    // The room lasts as long as the call may.
    return { externalId: answer.data.conversation_id, joinUrl: answer.data.conversation_url, expiresAt: new Date(Date.now() + input.maxDurationSeconds * 1000) };
  },

  async end(connection, externalId) {
    await tavus(connection.apiKey, "POST", `/v2/conversations/${encodeURIComponent(externalId)}/end`).catch((error: CallProviderError) => {
      // Tavus answers 400 for a conversation that already ended.
      if (error.status !== 400 && error.status !== 404) throw error;
    });
  },

  verifyWebhook(input) {
    const token = new URL(input.url).searchParams.get("token");
    if (!callbackTokenMatches(token, input.secret)) throw new AppError("invalid_token", "This callback's token is not the call's.");
  },

  parseEvent: parseCallback,

  async fetchCall(connection, externalId): Promise<FetchedCall> {
    const answer = z
      .object({ status: z.string().nullish(), events: z.array(Envelope).max(10_000).default([]) })
      .loose()
      .safeParse(await tavus(connection.apiKey, "GET", `/v2/conversations/${encodeURIComponent(externalId)}?verbose=true`));
    if (!answer.success) throw new CallProviderError("tavus", "Tavus answered a conversation Dokani cannot read.", null);
    const finished = answer.data.status === "ended";
    return { finished, events: answer.data.events.flatMap((e) => tavusEvents({ ...e, conversation_id: externalId })) };
  },
};
