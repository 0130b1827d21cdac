import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import type { MerchantContext } from "../shops/shop-context";
import { publishChange } from "./conversation-events";
import { assertNotClosed, findConversationOrThrow } from "./validation";

/** A staff member takes the conversation from the AI: the AI stays silent in it and it is assigned to them. */
export async function takeOverConversation(ctx: MerchantContext, input: { conversationId: string }) {
  const conversation = await runInTransaction(async (tx) => {
    const current = await findConversationOrThrow(tx, ctx.shop.id, input.conversationId);
    assertNotClosed(current, "take it over");
    const conversation = await tx.conversation.update({
      where: { id: current.id },
      data: { aiActive: false, assigneeId: ctx.actor.id, assigneeName: ctx.actor.name },
    });
    await recordAudit(tx, { shopId: ctx.shop.id, entityType: "conversation", entityId: current.id, action: "taken_over", actor: ctx.actor });
    return conversation;
  });
  await publishChange(conversation);
  return conversation;
}
