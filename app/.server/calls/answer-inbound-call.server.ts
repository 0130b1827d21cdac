import { z } from "zod";
import { normalisePhone } from "../contacts/identities";
import { openConversation } from "../conversations/open-conversation.server";
import { db } from "../db.server";
import { AppError } from "../errors";
import { readJsonBody } from "../http/read-json-body.server";
import { json } from "../http/route-helpers.server";
import { systemContext, SHOPPER_ACTOR } from "../shops/shop-context";
import { readShopSettings } from "../shops/shop-settings";
import { VOICE_DYNAMIC_VARIABLES } from "./call-agent-brief.server";
import { writeCallMetadata } from "./call-metadata";
import { authenticateCallToolRequest } from "./run-call-tool.server";

/*
 * An inbound phone call to the shop's number (ElevenLabs' conversation-initiation webhook, posted
 * with the shop's tool secret). The caller's number finds their contact and conversation, but it
 * proves nothing: anyone can show any caller id. The agent is told the caller is unverified and
 * must ask for the order number and email before anything private; the tools hold it to that.
 */

const InitiationBody = z.object({
  caller_id: z.string().max(40).optional(),
  agent_id: z.string().max(200).optional(),
  called_number: z.string().max(40).optional(),
  call_sid: z.string().min(1).max(100),
});

/** `POST /webhooks/elevenlabs/{shopId}/initiation`: answers the call's dynamic variables; the same call SID twice is the same call. */
export async function answerInboundCall(request: Request, rawShopId: string | undefined): Promise<Response> {
  const { shop, connection } = await authenticateCallToolRequest(request, rawShopId);
  const body = await readJsonBody(request, InitiationBody);
  if (body.agent_id && body.agent_id !== connection.agentId) throw new AppError("not_found", "This agent is not the shop's.");
  const phone = normalisePhone(body.caller_id);
  const existing = await db().callSession.findFirst({ where: { shopId: shop.id, provider: "elevenlabs", metadata: { path: ["callSid"], equals: body.call_sid } } });
  let call = existing;
  let name: string | null = null;
  if (!call) {
    const ctx = systemContext(shop, SHOPPER_ACTOR);
    const known = phone ? await db().contactIdentity.findFirst({ where: { shopId: shop.id, kind: { in: ["phone", "whatsapp"] }, value: phone }, include: { contact: { select: { id: true, name: true } } } }) : null;
    name = known?.contact.name ?? null;
    const { conversation } = await openConversation(ctx, { channel: "voice", customerName: name, customerPhone: phone });
    const settings = readShopSettings(shop.settings).calls;
    call = await db().callSession.create({
      data: {
        shopId: shop.id,
        provider: "elevenlabs",
        kind: "voice",
        status: "ringing",
        conversationId: conversation.id,
        contactId: conversation.contactId,
        customerPhone: phone,
        metadata: writeCallMetadata({}, { direction: "inbound", callSid: body.call_sid, maxDurationSeconds: settings.maxDurationSeconds, ...(phone ? { callerNumber: phone } : {}) }),
      },
    });
  } else if (call.contactId) {
    name = (await db().contact.findUnique({ where: { id: call.contactId }, select: { name: true } }))?.name ?? null;
  }
  return json({
    type: "conversation_initiation_client_data",
    dynamic_variables: { ...VOICE_DYNAMIC_VARIABLES, customer_name: name ?? "", caller_verified: "false", dokani_call_id: call.id },
  });
}
