/*
 * The seam between Dokani's calls and the providers that carry them, shaped like `platforms/`: one
 * interface, one adapter per provider (providers/elevenlabs.ts, providers/tavus.ts), zod on every
 * answer from outside. Adapters speak only these types; what a call means for the shop (its
 * conversation, the tools, the policy) is decided in app/.server/calls, never in an adapter.
 */

export type CallProviderName = "elevenlabs" | "tavus";

/** Who said a line of a call, as `call_transcript_segments.speaker` keeps it. */
export type CallSpeaker = "customer" | "ai" | "agent";

export type CallTranscriptLine = { speaker: CallSpeaker; text: string; startMs: number | null; endMs: number | null };

/** What happened in a call, in the provider's own order; the recorder applies these out of order safely. */
export type CallEvent =
  | { type: "joined"; at: Date }
  | { type: "ended"; at: Date; reason: string | null; failed: boolean; durationSeconds?: number }
  | { type: "transcript"; lines: CallTranscriptLine[] }
  | { type: "recording"; url: string; durationSeconds?: number }
  | { type: "analysis"; summary?: string; outcome?: "successful" | "unsuccessful" | "unknown"; perception?: string };

/** A provider webhook read into Dokani's terms: the provider's conversation, its event type (the dedupe key with it) and what it says. */
export type ParsedCallWebhook = {
  externalId: string;
  eventType: string;
  events: CallEvent[];
  /** A phone call's Twilio call SID, when the provider gives it (finds an inbound call before its conversation id is known). */
  callSid?: string;
};

export type StartCallInput = {
  /** Dokani's call id; the adapter carries it where the provider lets it (dynamic variables, conversation name). */
  callId: string;
  mode: "web" | "phone";
  maxDurationSeconds: number;
  /** Facts the AI may use in this call (video: `conversational_context`). */
  context?: string;
  greeting?: string;
  /** Where the provider posts this call's events (video). */
  callbackUrl?: string;
  /** The number a phone call goes to, E.164. */
  toNumber?: string;
  /** Values of the agent's dynamic variables for this call (voice). */
  dynamicVariables?: Record<string, string | number | boolean>;
};

export type StartedCall = {
  /** The provider's conversation id, when it is known at start. */
  externalId: string | null;
  /** Where the shopper joins: a signed WebSocket URL (voice) or a room URL (video); null for phone calls. */
  joinUrl: string | null;
  /** When `joinUrl` stops working. */
  expiresAt: Date | null;
  /** A phone call's Twilio call SID. */
  callSid?: string;
};

/** What reconciliation learns by asking the provider about a conversation no webhook told us about. */
export type FetchedCall = { finished: boolean; events: CallEvent[] };

/** A call provider: start and end a call, authenticate and read its webhooks, and fetch a conversation when no webhook came. */
export interface CallProvider<Connection> {
  name: CallProviderName;
  start(connection: Connection, input: StartCallInput): Promise<StartedCall>;
  /** Ends a live call; ending one that already ended is not an error. */
  end(connection: Connection, externalId: string): Promise<void>;
  /**
   * Throws `AppError("invalid_signature")` (or `invalid_token`) unless the request is the provider's:
   * its raw body, headers and URL, checked against the secret it was set up with (for a per-call
   * token, the hash the call keeps).
   */
  verifyWebhook(input: { rawBody: string; headers: Headers; url: string; secret: string; now?: Date }): void;
  /** The webhook body read into Dokani's terms; throws `AppError("invalid_request")` for a body that is not one. */
  parseEvent(rawBody: string): ParsedCallWebhook;
  fetchCall(connection: Connection, externalId: string): Promise<FetchedCall>;
}

/** A provider refused or failed a request: its own words, for the merchant (422 on connect) or the log. */
export class CallProviderError extends Error {
  constructor(
    readonly provider: CallProviderName,
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "CallProviderError";
  }
}
