import { db, type Conversation, type Prisma } from "../../db.server";
import { enqueueJob, runInTransaction } from "../../jobs/enqueue-job";
import { log } from "../../logger.server";
import { openConversation } from "../../conversations/open-conversation.server";
import { receiveMessage } from "../../conversations/receive-message.server";
import { systemContext, SHOPPER_ACTOR } from "../../shops/shop-context";
import { authenticateTwilioWebhook, emptyTwiml } from "./authenticate-twilio-webhook.server";
import { whatsAppFetchMediaJob } from "./jobs";
import { isImageMedia, parseWhatsAppInbound, type ParsedWhatsAppMessage } from "./parse-whatsapp-inbound";
import { whatsAppSlice } from "./whatsapp-conversation";
import { detectLanguage } from "../../assistant/intents";

/**
 * `POST /webhooks/twilio/{shopId}/whatsapp`: a shopper's WhatsApp message. Verified first, then
 * stored once per `MessageSid` (a repeat answers 200 and does nothing) in the sender's WhatsApp
 * conversation, with the assistant's answer queued in the same transaction; photos are fetched from
 * Twilio by a job. Answers empty TwiML at once.
 */
export async function receiveWhatsAppWebhook(request: Request, shopIdParam: string | undefined): Promise<Response> {
  const { shop, params } = await authenticateTwilioWebhook(request, shopIdParam);
  const parsed = parseWhatsAppInbound(params);
  const ctx = systemContext(shop, SHOPPER_ACTOR);

  const conversation = await findOrOpenConversation(ctx, parsed);
  if (!conversation) return emptyTwiml();
  const metadata: Record<string, unknown> = { whatsapp: { kind: parsed.kind, from: parsed.address, ...(parsed.media.length ? { media: parsed.media } : {}), ...(parsed.location ? { location: parsed.location } : {}) } };
  const received = await receiveMessage(
    ctx,
    {
      channel: "whatsapp",
      conversation,
      from: { ...(parsed.phone ? { phone: parsed.phone } : {}), ...(parsed.name ? { name: parsed.name } : {}), identities: parsed.identities },
      text: parsed.text,
      externalId: parsed.messageSid,
      metadata,
      clientAddress: `whatsapp:${parsed.address.slice(9, 60)}`,
    },
  );
  if (!received.duplicate && parsed.media.some(isImageMedia)) {
    await runInTransaction((tx) => enqueueJob(tx, whatsAppFetchMediaJob, { shopId: shop.id, messageId: received.message.id }, { shopId: shop.id, dedupKey: `whatsapp.fetch-media:${received.message.id}` }));
  }
  log().info({ shop: shop.domain, messageSid: parsed.messageSid, kind: parsed.kind, duplicate: received.duplicate }, "WhatsApp message received");
  return emptyTwiml();
}

/**
 * The sender's WhatsApp conversation (the latest, whatever its status: a new message reopens it),
 * or a new one; null when the message is a repeat of one stored before (checked before a
 * conversation is opened for it; in an existing one `receiveMessage` recognises the repeat).
 */
async function findOrOpenConversation(ctx: ReturnType<typeof systemContext>, parsed: ParsedWhatsAppMessage): Promise<Conversation | null> {
  // WhatsApp tells nothing of the shopper's language: their words do, and Dokani's texts follow the latest that does.
  const language = parsed.kind === "text" ? detectLanguage(parsed.text) : null;
  const existing = await db().conversation.findFirst({
    where: { shopId: ctx.shop.id, channel: "whatsapp", metadata: { path: ["whatsapp", "address"], equals: parsed.address } },
    orderBy: { lastMessageAt: "desc" },
  });
  if (existing) {
    if (!language || existing.locale.slice(0, 2) === language) return existing;
    return db().conversation.update({ where: { id: existing.id }, data: { locale: language } });
  }
  const repeat = await db().message.findUnique({ where: { shopId_externalId: { shopId: ctx.shop.id, externalId: parsed.messageSid } }, select: { id: true } });
  if (repeat) return null;
  const { conversation } = await openConversation(ctx, { channel: "whatsapp", customerName: parsed.name, ...(language ? { locale: language } : {}) });
  return runInTransaction(async (tx) => {
    await whatsAppSlice.update(tx, ctx.shop.id, conversation.id, () => ({ whatsapp: { address: parsed.address, phone: parsed.phone } }));
    return tx.conversation.update({ where: { id: conversation.id }, data: { customerPhone: parsed.phone } satisfies Prisma.ConversationUpdateInput });
  });
}
