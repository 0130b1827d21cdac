import { recordAudit } from "../audit/record-audit";
import { slaOnClose } from "../automation/sla.server";
import { AppError } from "../errors";
import { runInTransaction } from "../jobs/enqueue-job";
import type { MerchantContext } from "../shops/shop-context";
import { publishChange } from "./conversation-events";
import { findConversationOrThrow } from "./validation";

/** The question the shopper sees when a conversation is closed with a satisfaction survey. */
export const SATISFACTION_QUESTION = "How did we do? Please rate this conversation from 1 (poor) to 5 (excellent).";

/**
 * Closes the conversation as resolved. `resolvedByAi` records whether the AI settled it alone: no
 * person ever replied to the shopper and the AI never handed it off. With `askSatisfaction`, a
 * `system` message asks the shopper for a 1–5 rating, which the chat stores on the conversation.
 */
export async function closeConversation(ctx: MerchantContext, input: { conversationId: string; askSatisfaction: boolean }) {
  const { conversation, messages } = await runInTransaction(async (tx) => {
    const current = await findConversationOrThrow(tx, ctx.shop.id, input.conversationId);
    if (current.status === "closed") throw new AppError("invalid_transition", "This conversation is already closed.");
    const now = new Date();
    const personReplied = await tx.message.count({ where: { conversationId: current.id, role: "agent", internal: false } });
    const resolvedByAi = personReplied === 0 && current.handoffCount === 0;
    const messages = input.askSatisfaction
      ? [
          await tx.message.create({
            data: { shopId: ctx.shop.id, conversationId: current.id, role: "system", text: SATISFACTION_QUESTION, metadata: { kind: "satisfaction_request" }, createdAt: now },
          }),
        ]
      : [];
    const conversation = await tx.conversation.update({
      where: { id: current.id },
      data: {
        status: "closed",
        snoozedUntil: null,
        resolvedAt: now,
        resolvedByAi,
        ...(messages.length ? { lastMessageAt: now } : {}),
      },
    });
    await slaOnClose(tx, current.id, now);
    await recordAudit(tx, {
      shopId: ctx.shop.id,
      entityType: "conversation",
      entityId: current.id,
      action: "closed",
      actor: ctx.actor,
      data: { resolvedByAi, askedSatisfaction: input.askSatisfaction },
    });
    return { conversation, messages };
  });
  await publishChange(conversation, messages);
  return conversation;
}
