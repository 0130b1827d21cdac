import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import { publishChange } from "./conversation-events";
import { assertNotClosed, findConversationOrThrow, staffActor, type InboxContext } from "./validation";

/** Hands the conversation back to the AI, which answers the shopper's next message again. The assignee stays, as the person to call on. */
export async function handBackConversation(ctx: InboxContext, conversationId: string) {
  const conversation = await runInTransaction(async (tx) => {
    const current = await findConversationOrThrow(tx, ctx.shopId, conversationId);
    assertNotClosed(current, "hand it back to the AI");
    const conversation = await tx.conversation.update({ where: { id: current.id }, data: { aiActive: true } });
    await recordAudit(tx, { shopId: ctx.shopId, entityType: "conversation", entityId: current.id, action: "handed_back", actor: staffActor(ctx) });
    return conversation;
  });
  await publishChange(conversation);
  return conversation;
}
