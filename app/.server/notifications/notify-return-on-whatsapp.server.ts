import { openWhatsAppConnection } from "../channels/whatsapp/whatsapp-connection.server";
import { conversationReplyWindow, templateText } from "../channels/whatsapp/whatsapp-reply.server";
import { sendReply } from "../conversations/send-reply.server";
import type { PrismaClient, ReturnRequest } from "../db.server";
import { signReturnToken } from "../returns/return-token";
import { statusPageUrl } from "../returns/status-page-url";
import { systemContext } from "../shops/shop-context";
import { findShop } from "../shops/find-shop.server";
import { namelessGreeting, returnUpdateText, whatsAppLanguage } from "../channels/whatsapp/whatsapp-texts";
import type { ReturnEmailEvent } from "./send-return-email.server";

/** The template a return update goes out as once the shopper's 24-hour window has closed: `{{1}}` the shopper's name, `{{2}}` the order. */
export const RETURN_UPDATE_TEMPLATE = "return_update";

/**
 * Tells a shopper whose conversation is on WhatsApp that their return moved, in their language: as
 * text while the 24-hour window is open, as the shop's `return_update` template after it. Without that template
 * a closed window leaves an internal note instead, so the merchant knows the shopper was not told
 * there. Sent once per return and event (once per question for `info_requested`). `read` is the
 * return as the caller just read it, to spare a second read.
 */
export async function notifyReturnOnWhatsApp(client: PrismaClient, returnId: string, event: ReturnEmailEvent, question?: { id: string; text: string }, read?: ReturnRequest | null) {
  const found = read !== undefined ? read : await client.returnRequest.findUnique({ where: { id: returnId } });
  const shop = found && (await findShop(client, found.shopId));
  if (!found || !shop) return null;
  const row = { ...found, shop };
  const conversation =
    (row.conversationId ? await client.conversation.findFirst({ where: { id: row.conversationId, shopId: row.shopId, channel: "whatsapp" } }) : null) ??
    (await client.conversation.findFirst({ where: { shopId: row.shopId, channel: "whatsapp", customerEmail: row.customerEmail }, orderBy: { lastMessageAt: "desc" } }));
  if (!conversation) return null;
  const connection = await openWhatsAppConnection(row.shopId);
  if (!connection) return null;
  const key = question ? `return:${row.id}:${event}:${question.id}` : `return:${row.id}:${event}`;
  const already = await client.message.findFirst({ where: { shopId: row.shopId, conversationId: conversation.id, metadata: { path: ["returnNotification"], equals: key } }, select: { id: true } });
  if (already) return null;

  const ctx = systemContext(row.shop);
  // In the shopper's language: the conversation's, else the shop's.
  const language = whatsAppLanguage(row.shop, conversation);
  const window = await conversationReplyWindow(client, conversation);
  if (window.open) {
    const statusUrl = statusPageUrl(row.shop, row.id, signReturnToken(row.shopId, row.id));
    const text = returnUpdateText(language, { event, orderName: row.orderName, statusUrl, question: question?.text });
    return sendReply(ctx, conversation, { role: "system", text, toolCalls: null, sources: null, metadata: { returnNotification: key } });
  }
  const template = connection.details.templates.find((t) => t.name === RETURN_UPDATE_TEMPLATE);
  if (!template) {
    return client.message.create({
      data: {
        shopId: row.shopId,
        conversationId: conversation.id,
        role: "system",
        internal: true,
        text: `The shopper was not told on WhatsApp that their return for ${row.orderName} changed: their 24-hour window has closed and the shop has no "${RETURN_UPDATE_TEMPLATE}" template.`,
        metadata: { returnNotification: key },
      },
    });
  }
  const candidates: Record<string, string> = { "1": conversation.customerName?.split(/\s+/)[0] || namelessGreeting(language), "2": row.orderName };
  const variables = Object.fromEntries(template.variables.map((k) => [k, candidates[k] ?? row.orderName]));
  return sendReply(ctx, conversation, {
    role: "system",
    text: templateText(template.name, variables),
    toolCalls: null,
    sources: null,
    metadata: { returnNotification: key, whatsappTemplate: { name: template.name, contentSid: template.contentSid, variables } },
  });
}
