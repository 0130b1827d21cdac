import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import { publishChange } from "./conversation-events";
import { findConversationOrThrow, staffActor, type InboxContext } from "./validation";

/** Assigns the conversation to the acting staff member (`to: "me"`) or leaves it unassigned (`to: null`). */
export async function assignConversation(ctx: InboxContext, conversationId: string, input: { to: "me" | null }) {
  const conversation = await runInTransaction(async (tx) => {
    const current = await findConversationOrThrow(tx, ctx.shopId, conversationId);
    const assignee = input.to === "me" ? { assigneeId: ctx.staff.id, assigneeName: ctx.staff.name } : { assigneeId: null, assigneeName: null };
    const conversation = await tx.conversation.update({ where: { id: current.id }, data: assignee });
    await recordAudit(tx, {
      shopId: ctx.shopId,
      entityType: "conversation",
      entityId: current.id,
      action: input.to === "me" ? "assigned" : "unassigned",
      actor: staffActor(ctx),
      data: { from: current.assigneeName, to: assignee.assigneeName },
    });
    return conversation;
  });
  await publishChange(conversation);
  return conversation;
}
