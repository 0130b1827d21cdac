import { randomUUID } from "node:crypto";
import type { HistoryMessage } from "../assistant/answer-shopper.server";
import { detectInjection } from "../assistant/guards";
import type { InboundMessage } from "../channels/channel";
import { getChannel } from "../channels/get-channel.server";
import { senderIdentities } from "../contacts/identities";
import { resolveContact, settleConversationContact } from "../contacts/resolve-contact.server";
import { db, Prisma, type Conversation, type Message, type Shop } from "../db.server";
import { AppError } from "../errors";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import { publishConversationEvent } from "../realtime/conversation-events.server";
import { answerMessage, type AnsweredMessage, type AnswerOptions } from "./answer-message.server";
import { messageEvent, stateEvent } from "./conversation-event";
import { answerMessageJob } from "./jobs";
import { automationEventSql, emitAutomationEvent } from "../automation/emit-automation-event";
import { slaOnCustomerMessage, slaOnCustomerMessageSql } from "../automation/sla.server";
import { openConversation } from "./open-conversation.server";
import { pendingAttachments, type PendingAttachment } from "./pending-attachments.server";
import type { ShopContext } from "../shops/shop-context";

/**
 * A message received and stored. On a channel that streams its replies, `answer` produces the reply
 * (its pieces to `onDelta`) and never throws; on any other the assistant's job was written with the
 * message, and `answer` is null.
 */
export type ReceivedMessage = {
  message: Message & { attachments: Array<{ id: string }> };
  conversation: Conversation;
  answer: ((onDelta?: (text: string) => void) => Promise<AnsweredMessage>) | null;
  /** The provider delivered this message before (same `externalId`): nothing was stored or queued again. */
  duplicate: boolean;
};

/** What storing the shopper's message hands to the reply: the message, the conversation as it now is, and what came before. */
type Stored = { message: Message; updated: Conversation; attachments: Array<{ id: string }>; earlier: HistoryMessage[] };

/**
 * THE entry for a shopper's message from any channel: finds the conversation (or opens one), stores
 * the message with the photos it names and the conversation's new state together, tells the inbox,
 * and flags clear attempts to steer the assistant as a security event. The reply comes from
 * `answer`: the assistant's turn, stored through `sendReply`, then a hand-off when the turn asks for
 * a person. Everything that can refuse the message happens before `answer`, so a streaming channel
 * can still answer with an error status.
 */
export async function receiveMessage(ctx: ShopContext, inbound: InboundMessage, options: AnswerOptions = {}): Promise<ReceivedMessage> {
  const { shop } = ctx;
  if (inbound.externalId) {
    const repeat = await findDelivered(shop.id, inbound.externalId);
    if (repeat) return repeat;
  }
  const opened = !inbound.conversation;
  const conversation = inbound.conversation
    ? await followSender(shop.id, inbound.conversation, inbound.from)
    : (
        await openConversation(ctx, {
          channel: inbound.channel,
          customerEmail: inbound.from?.email,
          customerName: inbound.from?.name,
          customerPhone: inbound.from?.phone,
          identities: inbound.from?.identities,
          locale: inbound.from?.locale,
        })
      ).conversation;
  const now = new Date();
  const wanted = [...new Set(inbound.attachmentIds ?? [])];
  const streams = getChannel(inbound.channel).capabilities.streamsReplies;
  // The chat's hot path is one statement; photos, a provider's id or metadata, or a channel answered through the outbox, take a transaction.
  let stored: Stored;
  try {
    stored =
      wanted.length || !streams || inbound.externalId || inbound.metadata
        ? await storeInTransaction(shop, conversation, inbound.text, now, { wanted, answerFor: streams || inbound.unanswered ? undefined : inbound.clientAddress, externalId: inbound.externalId, metadata: inbound.metadata })
        : await storeMessage(shop, conversation, inbound.text, now);
  } catch (error) {
    // Two deliveries of one provider message raced: the other stored it, this one leaves nothing behind.
    if (!(inbound.externalId && error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    if (opened) await db().conversation.deleteMany({ where: { id: conversation.id, shopId: shop.id, messages: { none: {} } } });
    const repeat = await findDelivered(shop.id, inbound.externalId);
    if (!repeat) throw error;
    return repeat;
  }
  // Local listeners get these at once; the other instances' copies go out without holding up the reply.
  void publishConversationEvent(shop.id, conversation.id, messageEvent(stored.message));
  void publishConversationEvent(shop.id, conversation.id, stateEvent(stored.updated));

  const patterns = detectInjection(inbound.text);
  if (patterns.length) {
    await db().securityEvent.create({
      data: { shopId: shop.id, kind: "prompt_injection", severity: "medium", customerEmail: conversation.customerEmail, conversationId: conversation.id, details: { patterns, messageId: stored.message.id, excerpt: inbound.text.slice(0, 300) } },
    });
  }

  return {
    message: { ...stored.message, attachments: stored.attachments },
    conversation: stored.updated,
    answer: streams ? (onDelta) => answerMessage(ctx, { message: stored.message, conversation: stored.updated, earlier: stored.earlier, clientAddress: inbound.clientAddress }, options, onDelta) : null,
    duplicate: false,
  };
}

/**
 * A message in a conversation the channel already knew: its sender resolves to a contact (so an
 * email reply from a new address, or a WhatsApp number seen for the first time, is recognised),
 * and a conversation without a contact gets it. A sender the channel says nothing about (the web
 * chat's bearer token) costs nothing here.
 */
async function followSender(shopId: string, conversation: Conversation, from: InboundMessage["from"]): Promise<Conversation> {
  const identities = senderIdentities(from);
  if (!identities.length) return conversation;
  const { contactId } = await resolveContact(shopId, identities, { name: from?.name });
  if (!contactId || contactId === conversation.contactId) return conversation;
  const settled = await settleConversationContact(shopId, conversation, contactId, identities.some((i) => i.verified));
  return { ...conversation, contactId: settled };
}

/** The `message.received` event of a stored shopper's message, for the merchant's rules. */
function receivedEvent(shopId: string, conversation: Pick<Conversation, "id" | "channel">, messageId: string, now: Date) {
  return { id: `message.received:${messageId}`, type: "message.received" as const, shopId, conversationId: conversation.id, messageId, channel: conversation.channel, occurredAt: now };
}

/** A message this shop already stored under the provider's id, answered as a repeat delivery. */
async function findDelivered(shopId: string, externalId: string): Promise<ReceivedMessage | null> {
  const found = await db().message.findUnique({ where: { shopId_externalId: { shopId, externalId } }, include: { conversation: true, attachments: { select: { id: true } } } });
  if (!found) return null;
  const { conversation, ...message } = found;
  return { message, conversation, answer: null, duplicate: true };
}

/** A time for a `timestamp(3)` column in raw SQL: UTC, as Prisma stores them, whatever the session's time zone. */
function utc(date: Date): Prisma.Sql {
  return Prisma.sql`(${date.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
}

/**
 * The common case in one statement, so one round trip on the chat's hot path: the message inserted,
 * the conversation's last-message time, unread count and status updated and returned whole, and
 * the conversation's earlier messages read for the reply (the statement's snapshot does not include
 * the new row). One statement is one transaction: the message and the conversation change commit together.
 */
async function storeMessage(shop: Shop, conversation: Conversation, text: string, now: Date): Promise<Stored> {
  const id = randomUUID();
  const rows = await db().$queryRaw<Array<Conversation & { earlier: HistoryMessage[] | null }>>`
    WITH inserted AS (
      INSERT INTO "messages" ("id", "shopId", "conversationId", "role", "text", "createdAt")
      VALUES (${id}::uuid, ${shop.id}::uuid, ${conversation.id}::uuid, 'customer', ${text}, ${utc(now)})
      RETURNING "id"
    ), updated AS (
      UPDATE "conversations" SET
        "lastMessageAt" = ${utc(now)}, "unreadCount" = "unreadCount" + 1, "updatedAt" = ${utc(now)},
        "snoozedUntil" = CASE WHEN "status" = 'open' THEN "snoozedUntil" END, "status" = 'open'
      WHERE "id" = ${conversation.id}::uuid AND "shopId" = ${shop.id}::uuid
      RETURNING *
    )${slaOnCustomerMessageSql(conversation, now)}${automationEventSql(receivedEvent(shop.id, conversation, id, now), randomUUID())}
    SELECT u.*, (
      SELECT json_agg(json_build_object('role', m."role", 'text', m."text", 'authorName', m."authorName") ORDER BY m."createdAt", m."id")
      FROM "messages" m WHERE m."conversationId" = ${conversation.id}::uuid AND m."shopId" = ${shop.id}::uuid AND NOT m."internal"
    ) AS earlier
    FROM updated u, inserted`;
  const row = rows[0];
  if (!row) throw new AppError("not_found", "We could not find this chat. Please start a new one.");
  const { earlier, ...updated } = row;
  const message: Message = {
    id,
    shopId: shop.id,
    conversationId: conversation.id,
    role: "customer",
    text,
    internal: false,
    authorId: null,
    authorName: null,
    toolCalls: null,
    sources: null,
    metadata: {},
    externalId: null,
    deliveryStatus: null,
    deliveryError: null,
    createdAt: now,
  };
  return { message, updated, attachments: [], earlier: earlier ?? [] };
}

/**
 * A message in a transaction: the photos it names move from the conversation's pending uploads onto
 * it under the conversation's row lock, and on a channel answered through the outbox (`answerFor`,
 * the sender's address) the assistant's job is written with it.
 */
async function storeInTransaction(
  shop: Shop,
  conversation: Conversation,
  text: string,
  now: Date,
  options: { wanted: string[]; answerFor?: string; externalId?: string; metadata?: Record<string, unknown> },
): Promise<Stored> {
  const { wanted } = options;
  return runInTransaction(async (tx) => {
    let used: PendingAttachment[] = [];
    if (wanted.length) await pendingAttachments.update(tx, shop.id, conversation.id, (meta) => {
      const pending = meta.pendingAttachments ?? [];
      used = wanted.map((id) => pending.find((a) => a.id === id)).filter((a): a is PendingAttachment => !!a);
      if (used.length !== wanted.length) throw new AppError("invalid_request", "Some photos were not uploaded to this chat.", { fields: { attachmentIds: "must be photos uploaded to this chat" } });
      return { ...meta, pendingAttachments: pending.filter((a) => !wanted.includes(a.id)) };
    });
    const earlier = await tx.message.findMany({ where: { conversationId: conversation.id, shopId: shop.id, internal: false }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { role: true, text: true, authorName: true } });
    const message = await tx.message.create({
      data: { shopId: shop.id, conversationId: conversation.id, role: "customer", text, createdAt: now, externalId: options.externalId ?? null, metadata: (options.metadata ?? {}) as Prisma.InputJsonObject },
    });
    for (const a of used) {
      await tx.evidenceFile.create({ data: { id: a.id, shopId: shop.id, messageId: message.id, storage: a.storage, storageKey: a.storageKey, mimeType: a.mimeType, byteSize: a.byteSize, sha256: a.sha256 } });
    }
    const updated = await tx.conversation.update({
      where: { id: conversation.id },
      data: { lastMessageAt: now, unreadCount: { increment: 1 }, ...(conversation.status !== "open" ? { status: "open", snoozedUntil: null } : {}) },
    });
    await slaOnCustomerMessage(tx, updated, now);
    await emitAutomationEvent(tx, receivedEvent(shop.id, updated, message.id, now));
    if (options.answerFor !== undefined) {
      await enqueueJob(tx, answerMessageJob, { shopId: shop.id, messageId: message.id, clientAddress: options.answerFor }, { shopId: shop.id, dedupKey: `conversations.answer:${message.id}` });
    }
    return { message, updated, attachments: used.map((a) => ({ id: a.id })), earlier };
  });
}
