import { recordAudit } from "../audit/record-audit";
import { getChannel } from "../channels/get-channel.server";
import { prepareWhatsAppReply } from "../channels/whatsapp/whatsapp-reply.server";
import type { Conversation, Prisma } from "../db.server";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import type { ShopContext } from "../shops/shop-context";
import { deliverReplyJob } from "./jobs";
import { publishChange } from "./conversation-events";
import { AppError } from "../errors";
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
 * conversation over from the AI (assigning it to the replier when nobody has it, if the replier is
 * a staff member rather than an API key or an assistant's tool), because two voices answering the
 * same shopper would contradict each other. On a channel a provider carries (WhatsApp, email), the
 * reply starts `queued` and its delivery job is written with it; on WhatsApp a free-form reply
 * after the 24-hour window is refused (409 `reply_window_closed`) and `template` sends one of the
 * shop's registered templates instead.
 */
export async function replyToConversation(ctx: ShopContext, input: { conversationId: string; text?: string; template?: string; variables?: Record<string, string> }) {
  const staff = ctx.actor.type === "merchant" && ctx.actor.id ? { id: ctx.actor.id, name: ctx.actor.name ?? "" } : null;
  const text = input.template ? "" : cleanMessageText(input.text ?? "");
  const { conversation, message } = await runInTransaction(async (tx) => {
    const current = await findConversationOrThrow(tx, ctx.shop.id, input.conversationId);
    assertNotClosed(current, "reply");
    const now = new Date();
    // On a channel a provider carries (email, WhatsApp), the reply goes out through its delivery job, written with it.
    const deliver = carriedByOutbox(current.channel);
    let prepared: { text: string; metadata: Record<string, unknown> } = { text, metadata: {} };
    if (current.channel === "whatsapp") prepared = await prepareWhatsAppReply(tx, current, { text, template: input.template, variables: input.variables }, now);
    else if (input.template) throw new AppError("invalid_request", "Templates are for WhatsApp conversations; send text here.", { fields: { template: "is only for WhatsApp conversations" } });
    const message = await tx.message.create({
      data: {
        shopId: ctx.shop.id,
        conversationId: current.id,
        role: "agent",
        text: prepared.text,
        metadata: prepared.metadata as Prisma.InputJsonObject,
        deliveryStatus: deliver ? "queued" : null,
        authorId: ctx.actor.id ?? null,
        authorName: ctx.actor.name ?? null,
        createdAt: now,
      },
    });
    if (deliver) await enqueueJob(tx, deliverReplyJob, { shopId: ctx.shop.id, conversationId: current.id, messageId: message.id }, { shopId: ctx.shop.id, dedupKey: `conversations.deliver:${message.id}` });
    const conversation = await tx.conversation.update({
      where: { id: current.id },
      data: {
        lastMessageAt: now,
        firstResponseAt: current.firstResponseAt ?? now,
        aiActive: false,
        ...(current.assigneeId || !staff ? {} : { assigneeId: staff.id, assigneeName: staff.name }),
        ...(current.status === "pending" ? { status: "open" as const } : {}),
      },
    });
    await recordAudit(tx, {
      shopId: ctx.shop.id,
      entityType: "conversation",
      entityId: current.id,
      action: "replied",
      actor: ctx.actor,
      data: { messageId: message.id, tookOver: current.aiActive, ...(input.template ? { template: input.template } : {}) },
    });
    return { conversation, message };
  });
  await publishChange(conversation, [message]);
  return { conversation, message };
}
