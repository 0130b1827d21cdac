import { randomUUID } from "node:crypto";
import { getChannel } from "../channels/get-channel.server";
import { db, Prisma, type Conversation, type DbClient, type Message } from "../db.server";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import { publishConversationEvent } from "../realtime/conversation-events.server";
import { messageEvent } from "./conversation-event";
import { deliverReplyJob, summarizeChatJob } from "./jobs";
import { slaOnReplySql } from "../automation/sla.server";
import type { ShopContext } from "../shops/shop-context";

/** A reply of the shop's side, before it is stored. */
export type ReplyDraft = Pick<Message, "role" | "text" | "toolCalls" | "sources" | "metadata">;

/** A time for a `timestamp(3)` column in raw SQL: UTC, as Prisma stores them, whatever the session's time zone. */
function utc(date: Date): Prisma.Sql {
  return Prisma.sql`(${date.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
}

/** The reply and the conversation's last-message time, in one statement (so together, in one round trip). */
async function insertReply(client: DbClient, reply: Message) {
  const json = (value: Prisma.JsonValue | null) => (value === null ? null : JSON.stringify(value));
  await client.$executeRaw`
    WITH inserted AS (
      INSERT INTO "messages" ("id", "shopId", "conversationId", "role", "text", "toolCalls", "sources", "metadata", "deliveryStatus", "createdAt")
      VALUES (${reply.id}::uuid, ${reply.shopId}::uuid, ${reply.conversationId}::uuid, ${reply.role}::"MessageRole", ${reply.text}, ${json(reply.toolCalls)}::jsonb, ${json(reply.sources)}::jsonb, ${json(reply.metadata)}::jsonb, ${reply.deliveryStatus}::"DeliveryStatus", ${utc(reply.createdAt)})
      RETURNING "conversationId"
    )${reply.role === "ai" || reply.role === "agent" ? slaOnReplySql(reply, reply.createdAt) : Prisma.empty}
    UPDATE "conversations" SET "lastMessageAt" = ${utc(reply.createdAt)}, "updatedAt" = ${utc(reply.createdAt)}
    WHERE "id" = (SELECT "conversationId" FROM inserted) AND "shopId" = ${reply.shopId}::uuid`;
}

/**
 * Stores a reply to the shopper and tells everyone watching the conversation. On a channel that
 * streams its replies (the web chat) the shopper already has it; on any other, its delivery job
 * is written in the same transaction, so a provider outage is a retried job, never a lost answer.
 * `summaryAt` (the conversation's message count) also writes the job that brings its summary up to date.
 */
export async function sendReply(ctx: ShopContext, conversation: Pick<Conversation, "id" | "channel">, draft: ReplyDraft, options: { summaryAt?: number } = {}): Promise<Message> {
  const { shop } = ctx;
  const deliver = !getChannel(conversation.channel).capabilities.streamsReplies;
  // A reply a provider carries starts `queued`; its channel moves it on as the provider reports.
  const reply: Message = {
    id: randomUUID(),
    shopId: shop.id,
    conversationId: conversation.id,
    internal: false,
    authorId: null,
    authorName: null,
    externalId: null,
    deliveryStatus: deliver ? "queued" : null,
    deliveryError: null,
    createdAt: new Date(),
    ...draft,
  };
  if (!deliver && options.summaryAt === undefined) {
    await insertReply(db(), reply);
  } else {
    await runInTransaction(async (tx) => {
      await insertReply(tx, reply);
      if (options.summaryAt !== undefined) {
        await enqueueJob(tx, summarizeChatJob, { shopId: shop.id, conversationId: conversation.id }, { shopId: shop.id, dedupKey: `chat.summarize:${conversation.id}:${options.summaryAt}` });
      }
      if (deliver) await enqueueJob(tx, deliverReplyJob, { shopId: shop.id, conversationId: conversation.id, messageId: reply.id }, { shopId: shop.id, dedupKey: `conversations.deliver:${reply.id}` });
    });
  }
  void publishConversationEvent(shop.id, conversation.id, messageEvent(reply));
  return reply;
}
