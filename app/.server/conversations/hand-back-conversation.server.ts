import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import type { MerchantContext } from "../shops/shop-context";
import { publishChange } from "./conversation-events";
import { assertNotClosed, findConversationOrThrow } from "./validation";

/** Hands the conversation back to the AI, which answers the shopper's next message again. The assignee stays, as the person to call on. */
export async function handBackConversation(ctx: MerchantContext, input: { conversationId: string }) {
  const conversation = await runInTransaction(async (tx) => {
    const current = await findConversationOrThrow(tx, ctx.shop.id, input.conversationId);
    assertNotClosed(current, "hand it back to the AI");
    const conversation = await tx.conversation.update({ where: { id: current.id }, data: { aiActive: true } });
    await recordAudit(tx, { shopId: ctx.shop.id, entityType: "conversation", entityId: current.id, action: "handed_back", actor: ctx.actor });
    return conversation;
  });
  await publishChange(conversation);
  return conversation;
}
