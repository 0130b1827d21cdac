import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import type { MerchantContext } from "../shops/shop-context";
import { publishChange } from "./conversation-events";
import { findConversationOrThrow } from "./validation";

/** Assigns the conversation to the acting staff member (`to: "me"`) or leaves it unassigned (`to: null`). */
export async function assignConversation(ctx: MerchantContext, input: { conversationId: string; to: "me" | null }) {
  const conversation = await runInTransaction(async (tx) => {
    const current = await findConversationOrThrow(tx, ctx.shop.id, input.conversationId);
    const assignee = input.to === "me" ? { assigneeId: ctx.actor.id, assigneeName: ctx.actor.name } : { assigneeId: null, assigneeName: null };
    const conversation = await tx.conversation.update({ where: { id: current.id }, data: assignee });
    await recordAudit(tx, {
      shopId: ctx.shop.id,
      entityType: "conversation",
      entityId: current.id,
      action: input.to === "me" ? "assigned" : "unassigned",
      actor: ctx.actor,
      data: { from: current.assigneeName, to: assignee.assigneeName },
    });
    return conversation;
  });
  await publishChange(conversation);
  return conversation;
}
