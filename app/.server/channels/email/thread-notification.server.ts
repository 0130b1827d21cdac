import { randomUUID } from "node:crypto";
import type { DbClient } from "../../db.server";
import { sendShopperMail, shopSender } from "../../notifications/send-mail.server";
import { inboundDomain, replyAddress } from "./addresses.server";
import { messageIdDomain, replySubject, threadHeaders } from "./email-channel.server";

/** The shopper's latest email conversation with the shop, if they ever wrote by email. */
export async function emailConversationOf(client: DbClient, shopId: string, customerEmail: string) {
  return client.conversation.findFirst({
    where: { shopId, channel: "email", customerEmail: { equals: customerEmail.trim(), mode: "insensitive" } },
    orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
    select: { id: true, subject: true, customerEmail: true },
  });
}

/**
 * Sends a notification about the shopper's return (a decision, a question) into their email
 * conversation when they have one: `Re:` its subject, threaded by `In-Reply-To`/`References`, with
 * the conversation's reply address, so their answer lands in the same conversation. The mail is
 * also kept in the conversation as a system message, so the inbox shows what the shopper was told.
 * Answers null when the shopper has no email conversation (the caller sends a plain email).
 */
export async function sendNotificationIntoThread(
  client: DbClient,
  input: { shopId: string; shopName: string; customerEmail: string; subject: string; text: string; relatedType: string; relatedId: string },
) {
  const conversation = await emailConversationOf(client, input.shopId, input.customerEmail);
  if (!conversation) return null;
  const domain = messageIdDomain();
  const inbound = inboundDomain();
  const id = randomUUID();
  const messageId = `<conversation/${conversation.id}/notifications/${id}@${domain}>`;
  const thread = await threadHeaders(client, input.shopId, conversation.id);
  const sent = await sendShopperMail(client, {
    shopId: input.shopId,
    from: shopSender(input.shopName),
    to: input.customerEmail,
    subject: replySubject(conversation.subject, input.shopName),
    text: `${input.subject}\n\n${input.text}`,
    relatedType: input.relatedType,
    relatedId: input.relatedId,
    headers: { messageId, inReplyTo: thread.inReplyTo, references: thread.references, replyTo: inbound ? replyAddress(conversation.id, inbound) : undefined, autoSubmitted: "auto-generated" },
  });
  // A repeated job finds the mail already sent and the message already kept.
  const sentId = (sent.headers as { messageId?: string } | null)?.messageId ?? messageId;
  const kept = await client.message.findUnique({ where: { shopId_externalId: { shopId: input.shopId, externalId: sentId } }, select: { id: true } });
  if (!kept) {
    const now = new Date();
    await client.message.create({ data: { id, shopId: input.shopId, conversationId: conversation.id, role: "system", text: `${input.subject}\n\n${input.text}`, externalId: sentId, deliveryStatus: "sent", metadata: { email: { subject: sent.subject, messageId: sentId, notification: input.relatedType } }, createdAt: now } });
    await client.conversation.updateMany({ where: { id: conversation.id, shopId: input.shopId }, data: { lastMessageAt: now } });
  }
  return sent;
}
