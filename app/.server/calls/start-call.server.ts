import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { normalisePhone } from "../contacts/identities";
import { openConversation } from "../conversations/open-conversation.server";
import { db, type CallSession, type Conversation, type Prisma } from "../db.server";
import { AppError } from "../errors";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import { log } from "../logger.server";
import { randomToken, sha256Hex } from "../security/secrets.server";
import type { ShopContext, ShopperContext } from "../shops/shop-context";
import { readShopSettings } from "../shops/shop-settings";
import { assistantState } from "../assistant/assistant-state.server";
import { buildCallContext } from "./build-call-context.server";
import { assertCallCapacity, consumeCallAllowance } from "./call-limits.server";
import { readCallMetadata, writeCallMetadata, type CallMetadata } from "./call-metadata";
import { CallProviderError, type StartedCall } from "./call-provider";
import { tavusCallbackUrl } from "./call-urls";
import { toCallView, type CallView } from "./call-view";
import { openCallProvider, openProviderOf, type OpenedCallProvider } from "./get-call-provider.server";
import { reconcileCallJob } from "./jobs";

/*
 * Starting and ending calls. Nothing starts a call the merchant did not switch on; every call has
 * the shop's maximum duration (given to the provider) and counts against the shop's cap on calls
 * at once; the row exists before the provider is asked, so a call the provider never reports is
 * still reconciled, and one the provider refused is recorded as failed.
 */

/** A reconciliation looks at a call this long after its maximum duration, if no webhook finished it. */
export const RECONCILE_AFTER_MS = 5 * 60 * 1000;

/** The storefront's answer for a call (API.md, "Storefront calls"). */
export type ShopperCallView = { id: string; kind: "voice" | "video"; status: CallView["status"]; joinUrl: string | null; expiresAt: string | null };

export const StartWebCallInput = z.object({ kind: z.enum(["voice", "video"], { error: "must be voice or video" }) });

const unavailable = (kind: "voice" | "video") =>
  new AppError("calls_unavailable", kind === "voice" ? "Voice calls are not available in this store right now. Keep chatting and we will help you here." : "Video calls are not available in this store right now. Keep chatting and we will help you here.");

async function openEnabledProvider(ctx: ShopContext, kind: "voice" | "video"): Promise<{ opened: OpenedCallProvider; maxDurationSeconds: number; maxConcurrentCalls: number }> {
  const calls = readShopSettings(ctx.shop.settings).calls;
  if (!(kind === "voice" ? calls.voiceEnabled : calls.videoEnabled)) throw unavailable(kind);
  const opened = await openCallProvider(ctx.shop.id, kind);
  if (!opened || opened.connection.integration.status === "disconnected") throw unavailable(kind);
  return { opened, maxDurationSeconds: calls.maxDurationSeconds, maxConcurrentCalls: calls.maxConcurrentCalls };
}

/** Writes the call row (under the shop's cap) with its reconciliation job, in one transaction. */
async function createCallRow(
  ctx: ShopContext,
  input: { opened: OpenedCallProvider; maxDurationSeconds: number; maxConcurrentCalls: number; data: Omit<Prisma.CallSessionUncheckedCreateInput, "shopId" | "provider" | "kind">; metadata: CallMetadata },
): Promise<CallSession> {
  const now = new Date();
  return runInTransaction(async (tx) => {
    await assertCallCapacity(tx, ctx.shop.id, input.maxConcurrentCalls, input.maxDurationSeconds, now);
    const call = await tx.callSession.create({
      data: { ...input.data, shopId: ctx.shop.id, provider: input.opened.name, kind: input.opened.kind, status: "scheduled", metadata: writeCallMetadata({}, { ...input.metadata, maxDurationSeconds: input.maxDurationSeconds }) },
    });
    await enqueueJob(tx, reconcileCallJob, { shopId: ctx.shop.id, callId: call.id, attempt: 1 }, { shopId: ctx.shop.id, dedupKey: `calls.reconcile:${call.id}:1`, runAt: new Date(now.getTime() + input.maxDurationSeconds * 1000 + RECONCILE_AFTER_MS) });
    return call;
  });
}

/** Records what the provider answered, or marks the call failed with its words and answers 409. */
async function settleStart(call: CallSession, start: () => Promise<StartedCall>, status: "scheduled" | "ringing"): Promise<{ call: CallSession; started: StartedCall }> {
  let started: StartedCall;
  try {
    started = await start();
  } catch (error) {
    if (!(error instanceof CallProviderError)) throw error;
    log().warn({ callId: call.id, provider: error.provider, status: error.status, reason: error.message }, "call provider refused to start a call");
    const meta = readCallMetadata(call.metadata);
    await db().callSession.update({ where: { id: call.id }, data: { status: "failed", endedAt: new Date(), metadata: writeCallMetadata(call.metadata, { ...meta, endReason: `start_failed: ${error.message}`.slice(0, 200) }) } });
    throw new AppError("calls_unavailable", "The call could not be started right now. Please try again in a moment, or keep chatting.");
  }
  const meta = readCallMetadata(call.metadata);
  const updated = await db().callSession.update({
    where: { id: call.id },
    data: { externalId: started.externalId, status, metadata: writeCallMetadata(call.metadata, { ...meta, ...(started.callSid ? { callSid: started.callSid } : {}) }) },
  });
  return { call: updated, started };
}

/**
 * `POST /proxy/calls`: a call from the shopper's chat. Voice gets a signed URL for the shop's agent;
 * video a Tavus room whose context is what this chat has verified. The call belongs to the chat's
 * conversation and contact.
 */
export async function startWebCall(ctx: ShopperContext, conversation: Conversation, input: z.infer<typeof StartWebCallInput>): Promise<ShopperCallView> {
  const { opened, maxDurationSeconds, maxConcurrentCalls } = await openEnabledProvider(ctx, input.kind);
  await consumeCallAllowance(ctx.shop.id, conversation.id, ctx.clientAddress);
  const token = opened.kind === "video" ? randomToken(32) : null;
  const verified = assistantState.read(conversation.metadata).verifiedOrder;
  const [context, call] = await Promise.all([
    opened.kind === "video" ? buildCallContext(ctx.shop, conversation) : Promise.resolve(undefined),
    createCallRow(ctx, {
      opened,
      maxDurationSeconds,
      maxConcurrentCalls,
      data: { conversationId: conversation.id, contactId: conversation.contactId, customerEmail: conversation.customerEmail?.toLowerCase() ?? verified?.email.toLowerCase() ?? null, customerPhone: conversation.customerPhone },
      metadata: { direction: "web", ...(token ? { callbackTokenHash: sha256Hex(token) } : {}), ...(verified ? { verifiedOrder: verified } : {}) },
    }),
  ]);
  const { call: saved, started } = await settleStart(
    call,
    () =>
      opened.kind === "voice"
        ? opened.provider.start(opened.connection, { callId: call.id, mode: "web", maxDurationSeconds })
        : opened.provider.start(opened.connection, { callId: call.id, mode: "web", maxDurationSeconds, context, callbackUrl: tavusCallbackUrl(call.id, token!) }),
    "scheduled",
  );
  return { id: saved.id, kind: saved.kind, status: toCallView(saved).status, joinUrl: started.joinUrl, expiresAt: started.expiresAt?.toISOString() ?? null };
}

/** The shopper's view of a stored call (no join URL once it is under way). */
export function shopperCallView(call: CallSession): ShopperCallView {
  return { id: call.id, kind: call.kind, status: toCallView(call).status, joinUrl: null, expiresAt: null };
}

/**
 * `POST /proxy/calls/{id}/end`: the shopper hangs up. The provider is told (Tavus ends the room) and
 * the call is ended now; its provider's later report fills in the transcript and exact times.
 * Ending an ended call changes nothing. Another chat's call is 404.
 */
export async function endWebCall(ctx: ShopContext, conversation: Conversation, rawCallId: string): Promise<ShopperCallView> {
  const call = await db().callSession.findFirst({ where: { id: rawCallId, shopId: ctx.shop.id, conversationId: conversation.id } });
  if (!call) throw new AppError("not_found", "We could not find this call.");
  if (["completed", "failed", "cancelled"].includes(call.status)) return shopperCallView(call);
  if (call.externalId) {
    const opened = await openProviderOf(ctx.shop.id, call.provider);
    if (opened) {
      const end = opened.kind === "voice" ? () => opened.provider.end(opened.connection, call.externalId!) : () => opened.provider.end(opened.connection, call.externalId!);
      await end().catch((error: unknown) => {
        // The call ends on Dokani's side either way; the provider's own limit ends it there.
        if (!(error instanceof CallProviderError)) throw error;
        log().warn({ callId: call.id, reason: error.message }, "call provider refused to end a call");
      });
    }
  }
  const ended = await runInTransaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "call_sessions" WHERE "id" = ${call.id}::uuid FOR UPDATE`;
    const current = await tx.callSession.findUniqueOrThrow({ where: { id: call.id } });
    if (["completed", "failed", "cancelled"].includes(current.status)) return current;
    const now = new Date();
    return tx.callSession.update({
      where: { id: call.id },
      data: {
        status: current.startedAt ? "completed" : "cancelled",
        endedAt: now,
        durationSeconds: current.startedAt ? Math.max(0, Math.round((now.getTime() - current.startedAt.getTime()) / 1000)) : null,
      },
    });
  });
  return shopperCallView(ended);
}

/** The body of `POST /api/v1/calls`. */
export const StartPhoneCallInput = z.object({
  kind: z.literal("voice", { error: "must be voice (phone calls are voice calls)" }),
  to: z.string({ error: "is required" }).trim().min(1, "is required").max(64, "must be a phone number in E.164 (+14155550123) or a contact id"),
  returnId: z.uuid("must be a return id").optional(),
  purpose: z.string().trim().min(1, "must not be empty").max(300, "must be at most 300 characters").optional(),
});
export type StartPhoneCallInput = z.infer<typeof StartPhoneCallInput>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who a phone call goes to: a number as given, or a contact's phone (proved numbers first). */
async function resolveCallee(ctx: ShopContext, to: string): Promise<{ phone: string; contactId: string | null; name: string | null }> {
  if (UUID.test(to)) {
    const contact = await db().contact.findFirst({ where: { id: to.toLowerCase(), shopId: ctx.shop.id, mergedIntoId: null }, include: { identities: { where: { kind: { in: ["phone", "whatsapp"] } }, orderBy: [{ verified: "desc" }, { createdAt: "asc" }] } } });
    if (!contact) throw new AppError("not_found", "No such contact.");
    const phone = contact.identities[0]?.value;
    if (!phone) throw new AppError("unprocessable", "This contact has no phone number to call.", { fields: { to: "the contact has no phone number" } });
    return { phone, contactId: contact.id, name: contact.name };
  }
  const phone = /^\+[1-9]\d{6,14}$/.test(to) ? normalisePhone(to) : null;
  if (!phone) throw new AppError("invalid_request", "Check the number to call.", { fields: { to: "must be a phone number in E.164 (+14155550123) or a contact id" } });
  return { phone, contactId: null, name: null };
}

/**
 * `POST /api/v1/calls`: the shop's voice agent phones a shopper through ElevenLabs' Twilio
 * integration and states the purpose first. The call opens a voice conversation for the contact,
 * where its transcript lands. The person answering is not verified by being called.
 */
export async function startPhoneCall(ctx: ShopContext, input: StartPhoneCallInput): Promise<CallView> {
  const { opened, maxDurationSeconds, maxConcurrentCalls } = await openEnabledProvider(ctx, "voice");
  if (opened.kind !== "voice") throw unavailable("voice");
  if (!opened.connection.phoneNumberId) throw new AppError("calls_unavailable", "Connect ElevenLabs with a phone number (phoneNumberId) to place phone calls.");
  const callee = await resolveCallee(ctx, input.to);
  const theReturn = input.returnId ? await db().returnRequest.findFirst({ where: { id: input.returnId, shopId: ctx.shop.id }, select: { id: true, orderName: true, contactId: true } }) : null;
  if (input.returnId && !theReturn) throw new AppError("not_found", "No such return.");
  const purpose = input.purpose ?? (theReturn ? `an update on the return for order ${theReturn.orderName}` : "");
  const { conversation } = await openConversation(ctx, { channel: "voice", customerName: callee.name, customerPhone: callee.phone });
  const contactId = callee.contactId ?? conversation.contactId;
  if (callee.contactId && conversation.contactId !== callee.contactId) {
    await db().conversation.update({ where: { id: conversation.id }, data: { contactId: callee.contactId } });
  }
  const call = await createCallRow(ctx, {
    opened,
    maxDurationSeconds,
    maxConcurrentCalls,
    data: { conversationId: conversation.id, contactId, customerPhone: callee.phone },
    metadata: { direction: "outbound", ...(theReturn ? { returnId: theReturn.id } : {}), ...(purpose ? { purpose } : {}), callerNumber: callee.phone },
  });
  const { call: saved } = await settleStart(
    call,
    () =>
      opened.provider.start(opened.connection, {
        callId: call.id,
        mode: "phone",
        maxDurationSeconds,
        toNumber: callee.phone,
        dynamicVariables: { customer_name: callee.name ?? "", caller_verified: "false", call_purpose: purpose, order_name: theReturn?.orderName ?? "" },
      }),
    "ringing",
  );
  await recordAudit(db(), { shopId: ctx.shop.id, entityType: "call", entityId: saved.id, action: "call.placed", actor: ctx.actor, data: { kind: "voice", returnId: theReturn?.id ?? null, purpose: purpose || null } });
  return toCallView(saved);
}
