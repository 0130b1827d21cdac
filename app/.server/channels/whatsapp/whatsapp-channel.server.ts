import { db } from "../../db.server";
import { publishConversationEvent } from "../../realtime/conversation-events.server";
import { messageEvent } from "../../conversations/conversation-event";
import type { Channel } from "../channel";
import { parseWhatsAppInbound } from "./parse-whatsapp-inbound";
import { deliveryStatusOf, describeTwilioError } from "./record-whatsapp-status.server";
import { twilioClient, twilioError } from "./twilio-client.server";
import { openWhatsAppConnection } from "./whatsapp-connection.server";
import { whatsAppSlice } from "./whatsapp-conversation";
import { conversationReplyWindow, templateOf } from "./whatsapp-reply.server";

/** Marks a reply failed without calling Twilio, and says why on the message. */
async function failLocally(shopId: string, messageId: string, reason: string) {
  const { count } = await db().message.updateMany({ where: { id: messageId, shopId, deliveryStatus: "queued", externalId: null }, data: { deliveryStatus: "failed", deliveryError: reason } });
  if (!count) return;
  const message = await db().message.findUnique({ where: { id: messageId } });
  if (message) void publishConversationEvent(shopId, message.conversationId, messageEvent(message));
}

/**
 * WhatsApp through the shop's own Twilio account. Inbound arrives on the signed webhook
 * (`receive-whatsapp-message`); replies go out through the `twilio` SDK with a status callback, as
 * free-form text inside the 24-hour window or as a registered template (ContentSid) at any time.
 */
export const whatsAppChannel: Channel = {
  kind: "whatsapp",
  capabilities: { streamsReplies: false, attachments: true },
  parseInbound({ body, clientAddress }) {
    const parsed = parseWhatsAppInbound(body as Record<string, string>);
    return {
      channel: "whatsapp",
      from: { ...(parsed.phone ? { phone: parsed.phone } : {}), ...(parsed.name ? { name: parsed.name } : {}), identities: parsed.identities },
      text: parsed.text,
      externalId: parsed.messageSid,
      clientAddress,
    };
  },
  async deliver(outbound) {
    const message = await db().message.findFirst({ where: { id: outbound.messageId, shopId: outbound.shopId }, include: { conversation: { select: { id: true, shopId: true, metadata: true } } } });
    // Sent already (a retried job) or no longer waiting: nothing to do.
    if (!message || message.externalId || message.deliveryStatus !== "queued") return;
    const connection = await openWhatsAppConnection(outbound.shopId);
    if (!connection) return failLocally(outbound.shopId, message.id, "WhatsApp is not connected any more: reconnect it in Settings.");
    const address = whatsAppSlice.read(message.conversation.metadata).whatsapp?.address;
    if (!address) return failLocally(outbound.shopId, message.id, "This conversation has no WhatsApp address to reply to.");
    const template = templateOf(message.metadata);
    if (!template && !(await conversationReplyWindow(db(), message.conversation)).open) {
      return failLocally(outbound.shopId, message.id, "Not sent: the shopper's 24-hour WhatsApp window had closed. Send one of your templates instead.");
    }
    const client = twilioClient(connection.details.accountSid, connection.authToken);
    try {
      const sent = await client.messages.create({
        to: address,
        from: connection.details.from,
        statusCallback: connection.details.statusCallbackUrl,
        ...(template ? { contentSid: template.contentSid, contentVariables: JSON.stringify(template.variables) } : { body: message.text }),
      });
      const status = deliveryStatusOf(sent.status) ?? "queued";
      await db().message.updateMany({ where: { id: message.id, externalId: null }, data: { externalId: sent.sid, ...(status === "failed" ? { deliveryStatus: "failed", deliveryError: describeTwilioError(sent.errorCode, sent.errorMessage) } : {}) } });
    } catch (error) {
      const refused = twilioError(error);
      // Throttling and Twilio's own outages are retried by the job; a refusal will not change.
      if (!refused || refused.status === 429 || (refused.status ?? 500) >= 500) throw error;
      await failLocally(outbound.shopId, message.id, describeTwilioError(refused.code, refused.message));
    }
  },
};
