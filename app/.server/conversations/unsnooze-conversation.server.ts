import { recordAudit } from "../audit/record-audit";
import { slaOnWake } from "../automation/sla.server";
import { AppError } from "../errors";
import { runInTransaction } from "../jobs/enqueue-job";
import type { MerchantContext } from "../shops/shop-context";
import { publishChange } from "./conversation-events";
import { findConversationOrThrow } from "./validation";

/** Brings a snoozed conversation back to the open queue before its time. */
export async function unsnoozeConversation(ctx: MerchantContext, input: { conversationId: string }) {
  const conversation = await runInTransaction(async (tx) => {
    const current = await findConversationOrThrow(tx, ctx.shop.id, input.conversationId);
    if (current.status !== "snoozed") throw new AppError("invalid_transition", "This conversation is not snoozed.");
    const conversation = await tx.conversation.update({ where: { id: current.id }, data: { status: "open", snoozedUntil: null } });
    await slaOnWake(tx, current.id, new Date());
    await recordAudit(tx, { shopId: ctx.shop.id, entityType: "conversation", entityId: current.id, action: "unsnoozed", actor: ctx.actor });
    return conversation;
  });
  await publishChange(conversation);
  return conversation;
}
