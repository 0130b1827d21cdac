import { db, type CallSession } from "../db.server";
import { AppError } from "../errors";
import { readTextCapped } from "../http/read-json-body.server";
import { json, parseId } from "../http/route-helpers.server";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import { log } from "../logger.server";
import { openVoiceConnection } from "./call-connections.server";
import { readCallMetadata } from "./call-metadata";
import type { ParsedCallWebhook } from "./call-provider";
import { recordCallEventJob } from "./jobs";
import { elevenLabsProvider } from "./providers/elevenlabs";
import { tavusProvider } from "./providers/tavus";
import { eventsToPayload } from "./record-call-events.server";

/*
 * The providers' reports of calls. Each is verified on its raw body first (ElevenLabs' signature
 * with the shop's webhook secret; Tavus's per-call token), then queued once per provider
 * conversation and event type (the outbox's dedupe key), and answered at once; the
 * `calls.record-event` job applies it. A bad signature or token is 401 and writes nothing; a
 * repeat is 200 and does nothing more.
 */

/** ElevenLabs' post-call webhook carries the whole transcript, and `post_call_audio` the whole recording. */
export const MAX_POST_CALL_BYTES = 32 * 1024 * 1024;
/** A Tavus callback is small; a transcript of a long call is the largest. */
export const MAX_TAVUS_CALLBACK_BYTES = 4 * 1024 * 1024;

const refuse = () => new AppError("invalid_signature", "This webhook is not signed by the shop's provider.");

async function queueEvents(shopId: string, call: CallSession, provider: "elevenlabs" | "tavus", parsed: ParsedCallWebhook): Promise<boolean> {
  const dedupKey = `calls.event:${provider}:${parsed.externalId}:${parsed.eventType}`.slice(0, 400);
  return runInTransaction(async (tx) => {
    const before = await tx.jobOutbox.findUnique({ where: { dedupKey }, select: { id: true } });
    if (before) return false;
    await enqueueJob(tx, recordCallEventJob, { shopId, callId: call.id, eventType: parsed.eventType, events: eventsToPayload(parsed.events) }, { shopId, dedupKey });
    return true;
  });
}

/** The call a provider conversation belongs to: by its id, else (an inbound phone call) by its Twilio call SID, whose call then learns the id. */
async function findVoiceCall(shopId: string, parsed: ParsedCallWebhook): Promise<CallSession | null> {
  const byId = await db().callSession.findFirst({ where: { shopId, provider: "elevenlabs", externalId: parsed.externalId } });
  if (byId || !parsed.callSid) return byId;
  const bySid = await db().callSession.findFirst({ where: { shopId, provider: "elevenlabs", externalId: null, metadata: { path: ["callSid"], equals: parsed.callSid } } });
  if (!bySid) return null;
  await db().callSession.updateMany({ where: { id: bySid.id, externalId: null }, data: { externalId: parsed.externalId } });
  return { ...bySid, externalId: parsed.externalId };
}

/** `POST /webhooks/elevenlabs/{shopId}`: a post-call webhook (transcription, audio, or a call that failed to start). */
export async function receiveElevenLabsWebhook(request: Request, rawShopId: string | undefined): Promise<Response> {
  let shopId: string;
  try {
    shopId = parseId(rawShopId, "shop");
  } catch {
    throw refuse();
  }
  const connection = await openVoiceConnection(shopId);
  const rawBody = await readTextCapped(request, MAX_POST_CALL_BYTES);
  if (!connection) throw refuse();
  elevenLabsProvider.verifyWebhook({ rawBody, headers: request.headers, url: request.url, secret: connection.webhookSecret });
  const parsed = elevenLabsProvider.parseEvent(rawBody);
  const call = await findVoiceCall(shopId, parsed);
  if (!call) {
    log().info({ shopId, conversationId: parsed.externalId, type: parsed.eventType }, "post-call webhook for a conversation Dokani did not start; ignored");
    return json({ received: true, known: false });
  }
  const queued = await queueEvents(shopId, call, "elevenlabs", parsed);
  return json({ received: true, duplicate: !queued });
}

/** `POST /webhooks/tavus/{callId}?token=…`: one of a video call's callbacks; the token is the call's own, and the conversation must be the call's. */
export async function receiveTavusCallback(request: Request, rawCallId: string | undefined): Promise<Response> {
  const badToken = () => new AppError("invalid_token", "This callback's token is not the call's.");
  let callId: string;
  try {
    callId = parseId(rawCallId, "call");
  } catch {
    throw badToken();
  }
  const call = await db().callSession.findFirst({ where: { id: callId, provider: "tavus" } });
  const rawBody = await readTextCapped(request, MAX_TAVUS_CALLBACK_BYTES);
  if (!call) throw badToken();
  tavusProvider.verifyWebhook({ rawBody, headers: request.headers, url: request.url, secret: readCallMetadata(call.metadata).callbackTokenHash ?? "" });
  const parsed = tavusProvider.parseEvent(rawBody);
  if (call.externalId && call.externalId !== parsed.externalId) throw badToken();
  if (!call.externalId) {
    // The room's first callback can come before the start's answer is stored.
    await db().callSession.updateMany({ where: { id: call.id, externalId: null }, data: { externalId: parsed.externalId } });
  }
  const queued = await queueEvents(call.shopId, call, "tavus", parsed);
  return json({ received: true, duplicate: !queued });
}
