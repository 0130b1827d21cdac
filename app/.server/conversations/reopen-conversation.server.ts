import { recordAudit } from "../audit/record-audit";
import { startSlaCycle } from "../automation/sla.server";
import { AppError } from "../errors";
import { runInTransaction } from "../jobs/enqueue-job";
import type { MerchantContext } from "../shops/shop-context";
import { publishChange } from "./conversation-events";
import { findConversationOrThrow } from "./validation";

/** Opens a closed conversation again; it is no longer resolved, so analytics stop counting it as such until it is closed again. */
export async function reopenConversation(ctx: MerchantContext, input: { conversationId: string }) {
  const conversation = await runInTransaction(async (tx) => {
    const current = await findConversationOrThrow(tx, ctx.shop.id, input.conversationId);
    if (current.status !== "closed") throw new AppError("invalid_transition", "This conversation is not closed.");
    const conversation = await tx.conversation.update({ where: { id: current.id }, data: { status: "open", resolvedAt: null, resolvedByAi: null } });
    await startSlaCycle(tx, conversation, new Date());
    await recordAudit(tx, { shopId: ctx.shop.id, entityType: "conversation", entityId: current.id, action: "reopened", actor: ctx.actor });
    return conversation;
  });
  await publishChange(conversation);
  return conversation;
}
