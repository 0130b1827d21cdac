import { recordAudit } from "../audit/record-audit";
import type { Conversation } from "../db.server";
import { getChannel } from "../channels/get-channel.server";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import { deliverReplyJob } from "./jobs";
import type { MerchantContext } from "../shops/shop-context";
import { publishChange } from "./conversation-events";
import { assertNotClosed, cleanMessageText, findConversationOrThrow } from "./validation";

/** Whether a channel's replies are sent through its delivery job; a channel Dokani cannot carry yet keeps them in the inbox. */
function carriedByOutbox(channel: Conversation["channel"]): boolean {
  try {
    return !getChannel(channel).capabilities.streamsReplies;
  } catch {
    return false;
  }
}

/**
 * A staff member answers the shopper. The reply is an `agent` message the shopper's widget shows at
 * once; it starts the first-response clock if nothing answered before, and it takes the
 * conversation over from the AI (assigning it to the replier when nobody has it), because two
 * voices answering the same shopper would contradict each other.
 */
export async function replyToConversation(ctx: MerchantContext, input: { conversationId: string; text: string }) {
  const text = cleanMessageText(input.text);
  const { conversation, message } = await runInTransaction(async (tx) => {
    const current = await findConversationOrThrow(tx, ctx.shop.id, input.conversationId);
    assertNotClosed(current, "reply");
    const now = new Date();
    // On a channel that does not stream (email), the reply goes out through its delivery job, written with it.
    const deliver = carriedByOutbox(current.channel);
    const message = await tx.message.create({
      data: { shopId: ctx.shop.id, conversationId: current.id, role: "agent", text, authorId: ctx.actor.id, authorName: ctx.actor.name, createdAt: now, ...(deliver ? { deliveryStatus: "queued" as const } : {}) },
    });
    if (deliver) await enqueueJob(tx, deliverReplyJob, { shopId: ctx.shop.id, conversationId: current.id, messageId: message.id }, { shopId: ctx.shop.id, dedupKey: `conversations.deliver:${message.id}` });
    const conversation = await tx.conversation.update({
      where: { id: current.id },
      data: {
        lastMessageAt: now,
        firstResponseAt: current.firstResponseAt ?? now,
        aiActive: false,
        ...(current.assigneeId ? {} : { assigneeId: ctx.actor.id, assigneeName: ctx.actor.name }),
        ...(current.status === "pending" ? { status: "open" as const } : {}),
      },
    });
    await recordAudit(tx, {
      shopId: ctx.shop.id,
      entityType: "conversation",
      entityId: current.id,
      action: "replied",
      actor: ctx.actor,
      data: { messageId: message.id, tookOver: current.aiActive },
    });
    return { conversation, message };
  });
  await publishChange(conversation, [message]);
  return { conversation, message };
}
