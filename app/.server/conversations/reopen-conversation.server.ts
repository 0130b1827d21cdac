import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { runInTransaction } from "../jobs/enqueue-job";
import { publishChange } from "./conversation-events";
import { findConversationOrThrow, staffActor, type InboxContext } from "./validation";

/** Opens a closed conversation again; it is no longer resolved, so analytics stop counting it as such until it is closed again. */
export async function reopenConversation(ctx: InboxContext, conversationId: string) {
  const conversation = await runInTransaction(async (tx) => {
    const current = await findConversationOrThrow(tx, ctx.shopId, conversationId);
    if (current.status !== "closed") throw new AppError("invalid_transition", "This conversation is not closed.");
    const conversation = await tx.conversation.update({ where: { id: current.id }, data: { status: "open", resolvedAt: null, resolvedByAi: null } });
    await recordAudit(tx, { shopId: ctx.shopId, entityType: "conversation", entityId: current.id, action: "reopened", actor: staffActor(ctx) });
    return conversation;
  });
  await publishChange(conversation);
  return conversation;
}
