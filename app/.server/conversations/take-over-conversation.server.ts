import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import { publishChange } from "./conversation-events";
import { assertNotClosed, findConversationOrThrow, staffActor, type InboxContext } from "./validation";

/** A staff member takes the conversation from the AI: the AI stays silent in it and it is assigned to them. */
export async function takeOverConversation(ctx: InboxContext, conversationId: string) {
  const conversation = await runInTransaction(async (tx) => {
    const current = await findConversationOrThrow(tx, ctx.shopId, conversationId);
    assertNotClosed(current, "take it over");
    const conversation = await tx.conversation.update({
      where: { id: current.id },
      data: { aiActive: false, assigneeId: ctx.staff.id, assigneeName: ctx.staff.name },
    });
    await recordAudit(tx, { shopId: ctx.shopId, entityType: "conversation", entityId: current.id, action: "taken_over", actor: staffActor(ctx) });
    return conversation;
  });
  await publishChange(conversation);
  return conversation;
}
