import { db, type DbClient } from "../../db.server";
import { env } from "../../env.server";
import { openIntegration } from "../../integrations/integrations.server";
import { sendShopperMail, shopSender } from "../../notifications/send-mail.server";
import type { Channel, OutboundMessage } from "../channel";
import { inboundDomain, outboundMessageId, replyAddress } from "./addresses.server";

/** How many ids `References` carries: the first of the thread and the latest ones (RFC 5322 allows trimming the middle). */
const MAX_REFERENCES = 20;

/** `Re: subject` once, whatever the client already prefixed. */
export function replySubject(subject: string | null, shopName: string): string {
  const base = (subject ?? "").replace(/^\s*((re|aw|sv|fw|fwd|tr|rv)\s*:\s*)+/i, "").trim();
  return `Re: ${base || `Your message to ${shopName}`}`;
}

/** The domain of Dokani's Message-IDs: the inbound domain, else the app's host. */
export function messageIdDomain(): string {
  return inboundDomain() ?? new URL(env().appUrl).hostname;
}

/**
 * The thread a mail into a conversation continues: `In-Reply-To` is the shopper's latest message,
 * `References` the chain of every message of the conversation with a Message-ID (theirs, stored as
 * `externalId`, and Dokani's own), oldest first.
 */
export async function threadHeaders(client: DbClient, shopId: string, conversationId: string, before?: Date) {
  const rows = await client.message.findMany({
    where: { shopId, conversationId, internal: false, externalId: { not: null }, ...(before ? { createdAt: { lte: before } } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { role: true, externalId: true },
  });
  const ids = rows.map((r) => r.externalId!).filter((id) => /^<[^<>\s]+>$/.test(id));
  const lastInbound = [...rows].reverse().find((r) => r.role === "customer" && /^<[^<>\s]+>$/.test(r.externalId!))?.externalId ?? ids.at(-1);
  const references = ids.length > MAX_REFERENCES ? [ids[0]!, ...ids.slice(-(MAX_REFERENCES - 1))] : ids;
  return { inReplyTo: lastInbound, references };
}

/**
 * Delivers a stored reply by email: to the address the conversation is with (never a `Reply-To`
 * the shopper's mail named, so a forged header gets nothing), threaded (`Message-ID`,
 * `In-Reply-To`, `References`, `Reply-To` the conversation's reply address), with
 * `Auto-Submitted: auto-replied` on everything the assistant wrote (RFC 3834), through the shop
 * mail sender. The message records the outcome; a failure throws so the job tries again.
 */
export async function deliverEmail(message: OutboundMessage, client: DbClient = db()): Promise<void> {
  const row = await client.message.findFirst({
    where: { id: message.messageId, shopId: message.shopId },
    include: { conversation: { select: { id: true, customerEmail: true, subject: true, shop: { select: { id: true, name: true } } } } },
  });
  if (!row || row.internal) return;
  const { conversation } = row;
  const to = conversation.customerEmail;
  if (!to) {
    await client.message.update({ where: { id: row.id }, data: { deliveryStatus: "failed", deliveryError: "The conversation has no email address to write to." } });
    return;
  }
  const domain = messageIdDomain();
  const inbound = inboundDomain();
  const messageId = outboundMessageId(conversation.id, row.id, domain);
  const thread = await threadHeaders(client, row.shopId, conversation.id, row.createdAt);
  const integration = await openIntegration<Record<string, never>>(client, row.shopId, "email");
  const fromName = typeof integration?.details.fromName === "string" ? integration.details.fromName : null;
  try {
    await sendShopperMail(client, {
      shopId: row.shopId,
      from: shopSender(conversation.shop.name, fromName),
      to,
      subject: replySubject(conversation.subject, conversation.shop.name),
      text: row.text,
      relatedType: "message",
      relatedId: row.id,
      headers: {
        messageId,
        inReplyTo: thread.inReplyTo,
        references: thread.references,
        replyTo: inbound ? replyAddress(conversation.id, inbound) : undefined,
        autoSubmitted: row.role === "agent" ? undefined : "auto-replied",
      },
    });
  } catch (error) {
    await client.message.update({ where: { id: row.id }, data: { deliveryStatus: "failed", deliveryError: (error instanceof Error ? error.message : String(error)).slice(0, 500) } });
    throw error;
  }
  await client.message.update({ where: { id: row.id }, data: { deliveryStatus: "sent", deliveryError: null, externalId: messageId } });
}

/** The email channel: mail in through the webhooks and the SMTP receiver (see `receive-email`), replies out through the outbox. */
export const emailChannel: Channel = {
  kind: "email",
  capabilities: { streamsReplies: false, attachments: true },
  parseInbound() {
    throw new Error("Email arrives through its webhooks and the SMTP receiver, never as a chat request.");
  },
  deliver: (message) => deliverEmail(message),
};
