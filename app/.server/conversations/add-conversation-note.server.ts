import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import type { MerchantContext } from "../shops/shop-context";
import { publishChange } from "./conversation-events";
import { cleanMessageText, findConversationOrThrow } from "./validation";

/**
 * Adds an internal note for the team: an `agent` message with `internal` set, which the shopper's
 * stream and transcript never show. Notes do not count as a response to the shopper and are
 * allowed on closed conversations (a post-mortem belongs there too).
 */
export async function addConversationNote(ctx: MerchantContext, input: { conversationId: string; text: string }) {
  const text = cleanMessageText(input.text);
  const { conversation, message } = await runInTransaction(async (tx) => {
    const conversation = await findConversationOrThrow(tx, ctx.shop.id, input.conversationId);
    const message = await tx.message.create({
      data: { shopId: ctx.shop.id, conversationId: conversation.id, role: "agent", internal: true, text, authorId: ctx.actor.id, authorName: ctx.actor.name },
    });
    await recordAudit(tx, {
      shopId: ctx.shop.id,
      entityType: "conversation",
      entityId: conversation.id,
      action: "noted",
      actor: ctx.actor,
      data: { messageId: message.id },
    });
    return { conversation, message };
  });
  await publishChange(conversation, [message]);
  return { conversation, message };
}
