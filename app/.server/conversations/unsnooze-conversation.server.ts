import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { runInTransaction } from "../jobs/enqueue-job";
import { publishChange } from "./conversation-events";
import { findConversationOrThrow, staffActor, type InboxContext } from "./validation";

/** Brings a snoozed conversation back to the open queue before its time. */
export async function unsnoozeConversation(ctx: InboxContext, conversationId: string) {
  const conversation = await runInTransaction(async (tx) => {
    const current = await findConversationOrThrow(tx, ctx.shopId, conversationId);
    if (current.status !== "snoozed") throw new AppError("invalid_transition", "This conversation is not snoozed.");
    const conversation = await tx.conversation.update({ where: { id: current.id }, data: { status: "open", snoozedUntil: null } });
    await recordAudit(tx, { shopId: ctx.shopId, entityType: "conversation", entityId: current.id, action: "unsnoozed", actor: staffActor(ctx) });
    return conversation;
  });
  await publishChange(conversation);
  return conversation;
}
