import { getChannel } from "../channels/get-channel.server";
import type { Conversation, Message, Prisma, Tx } from "../db.server";
import { enqueueJob } from "../jobs/enqueue-job";
import { deliverReplyJob } from "./jobs";

/**
 * Stores a notice of the shop's side for the shopper (a hand-off, "the team will answer", the away
 * message) inside the caller's transaction. The web chat streams it to the shopper from the
 * conversation's events; on a channel a provider carries (email, WhatsApp) it starts `queued` and its
 * delivery job is written in the same transaction, like any reply, so the shopper receives it too. On a
 * call (voice, video) it is only recorded: the agent speaks to the caller.
 */
export async function storeShopperNotice(
  tx: Tx,
  shopId: string,
  conversation: Pick<Conversation, "id" | "channel">,
  notice: { text: string; metadata: Prisma.InputJsonObject; createdAt?: Date },
): Promise<Message> {
  // A call's conversation is spoken: the agent says the notice, there is nothing to deliver.
  const spoken = conversation.channel === "voice" || conversation.channel === "video";
  const deliver = !spoken && !getChannel(conversation.channel).capabilities.streamsReplies;
  const row = await tx.message.create({
    data: { shopId, conversationId: conversation.id, role: "system", text: notice.text, metadata: notice.metadata, deliveryStatus: deliver ? "queued" : null, ...(notice.createdAt ? { createdAt: notice.createdAt } : {}) },
  });
  if (deliver) await enqueueJob(tx, deliverReplyJob, { shopId, conversationId: conversation.id, messageId: row.id }, { shopId, dedupKey: `conversations.deliver:${row.id}` });
  return row;
}
