import { z } from "zod";
import { pickLanguage } from "../assistant/phrases";
import { runToolCall } from "../assistant/tools/run-tool-call";
import type { ToolContext, VerifiedOrder } from "../assistant/tools/tool";
import { handOffConversation } from "../conversations/hand-off-conversation.server";
import { db, type CallSession, type Shop } from "../db.server";
import { AppError } from "../errors";
import { readTextCapped } from "../http/read-json-body.server";
import { json, parseId } from "../http/route-helpers.server";
import { runInTransaction } from "../jobs/enqueue-job";
import { safeEqual } from "../security/secrets.server";
import { SHOPPER_ACTOR } from "../shops/shop-context";
import { readShopSettings } from "../shops/shop-settings";
import { VOICE_TOOL_NAMES, type VoiceToolName } from "./call-agent-brief.server";
import { openVoiceConnection, type VoiceConnection } from "./call-connections.server";
import { readCallMetadata, writeCallMetadata, type CallMetadata } from "./call-metadata";

/*
 * A voice agent's tool calls (`POST /webhooks/elevenlabs/{shopId}/tools/{tool}`). ElevenLabs sends
 * the shop's tool secret as a header and the conversation's id in the body; the call found by that
 * id holds what the caller proved, so the SAME tool functions as the chat run with the same rules:
 * nothing private before `lookup_order` succeeds with what the caller said, and every return is the
 * engine's decision. An inbound caller is never proved by their number.
 */

const MAX_TOOL_BODY_BYTES = 32 * 1024;
const ENDED = ["completed", "failed", "cancelled"];

const ToolBody = z.object({ conversation_id: z.string().min(1).max(200), dokani_call_id: z.string().max(64).optional() }).loose();

/** The tool secret of the shop in the path, checked in constant time; anything wrong is the same 401. */
export async function authenticateCallToolRequest(request: Request, rawShopId: string | undefined): Promise<{ shop: Shop; connection: VoiceConnection }> {
  const refuse = () => new AppError("unauthorized", "This request does not carry the shop's tool secret.");
  let shopId: string;
  try {
    shopId = parseId(rawShopId, "shop");
  } catch {
    throw refuse();
  }
  const given = request.headers.get("x-dokani-tool-secret");
  const [connection, shop] = await Promise.all([openVoiceConnection(shopId), db().shop.findUnique({ where: { id: shopId } })]);
  if (!connection || !shop || !given || !safeEqual(given, connection.toolSecret)) throw refuse();
  return { shop, connection };
}

/** The call a tool request belongs to: by the provider's conversation id, or (a phone call's first tool call) by Dokani's call id, which then learns the conversation id. */
async function findCall(shopId: string, body: z.infer<typeof ToolBody>): Promise<CallSession> {
  const byConversation = await db().callSession.findFirst({ where: { shopId, provider: "elevenlabs", externalId: body.conversation_id } });
  if (byConversation) return byConversation;
  const id = body.dokani_call_id && /^[0-9a-f-]{36}$/i.test(body.dokani_call_id) ? body.dokani_call_id.toLowerCase() : null;
  if (id) {
    const bound = await db().callSession.updateMany({ where: { id, shopId, provider: "elevenlabs", externalId: null, status: { notIn: ["completed", "failed", "cancelled"] } }, data: { externalId: body.conversation_id } });
    if (bound.count) return db().callSession.findUniqueOrThrow({ where: { id } });
  }
  throw new AppError("not_found", "No call of this store is in this conversation.");
}

/** Strings among the arguments: what the caller said that the agent passed on (an order number, an email). */
function spokenValues(args: Record<string, unknown>): string[] {
  return Object.entries(args)
    .filter(([key, value]) => key !== "conversation_id" && key !== "dokani_call_id" && typeof value === "string")
    .map(([, value]) => (value as string).slice(0, 320));
}

async function updateCallMetadata(callId: string, change: (meta: CallMetadata) => CallMetadata): Promise<void> {
  await runInTransaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "call_sessions" WHERE "id" = ${callId}::uuid FOR UPDATE`;
    const row = await tx.callSession.findUniqueOrThrow({ where: { id: callId }, select: { metadata: true } });
    await tx.callSession.update({ where: { id: callId }, data: { metadata: writeCallMetadata(row.metadata, change(readCallMetadata(row.metadata))) } });
  });
}

/** Runs one tool for a call and answers what the agent reads back (the tool's result, as the chat's model gets it). */
export async function runCallTool(request: Request, params: { shopId?: string; tool?: string }): Promise<Response> {
  const { shop } = await authenticateCallToolRequest(request, params.shopId);
  const name = VOICE_TOOL_NAMES.find((t) => t === params.tool) as VoiceToolName | undefined;
  if (!name) throw new AppError("not_found", "There is no such tool.");
  if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? "")) throw new AppError("unsupported_media_type", "Send the tool's arguments as JSON.");
  const text = await readTextCapped(request, MAX_TOOL_BODY_BYTES);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
  const body = ToolBody.safeParse(raw);
  if (!body.success) throw new AppError("invalid_request", "The tool's body must carry the conversation's id.", { fields: { conversation_id: "is required" } });
  const call = await findCall(shop.id, body.data);
  if (ENDED.includes(call.status)) throw new AppError("invalid_state", "This call has ended.");

  const { conversation_id: _c, dokani_call_id: _d, ...args } = body.data;
  const meta = readCallMetadata(call.metadata);
  const heard = [...(meta.heard ?? []), ...spokenValues(args)].slice(-40);
  const ctx: ToolContext = {
    shop,
    actor: SHOPPER_ACTOR,
    // The guessing limits of order lookups count per caller number, else per call.
    clientAddress: meta.callerNumber ? `phone:${meta.callerNumber}` : `call:${call.id}`,
    customerTexts: heard,
    verifiedOrder: meta.verifiedOrder,
    rememberVerifiedOrder: async (order: VerifiedOrder | undefined) => updateCallMetadata(call.id, (m) => ({ ...m, verifiedOrder: order })),
    ...(call.conversationId ? { conversationId: call.conversationId } : {}),
  };
  const { outcome } = await runToolCall(ctx, name, JSON.stringify(args));
  await updateCallMetadata(call.id, (m) => ({
    ...m,
    heard,
    ...(outcome.returnDecision ? { returnId: outcome.returnDecision.returnId } : {}),
    ...(outcome.handoff ? { handoff: outcome.handoff.reason.slice(0, 500) } : {}),
  }));
  if (outcome.returnDecision && call.contactId) {
    await db().returnRequest.updateMany({ where: { id: outcome.returnDecision.returnId, shopId: shop.id, contactId: null }, data: { contactId: call.contactId } });
  }
  if (outcome.handoff && call.conversationId) {
    await handOffConversation({ shop, actor: SHOPPER_ACTOR }, { conversationId: call.conversationId, reason: `During a ${call.kind} call: ${outcome.handoff.reason}`, language: pickLanguage(readShopSettings(shop.settings).language, shop.locale) });
  }
  return json({ ok: outcome.ok, ...outcome.result });
}
