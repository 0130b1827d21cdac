import { recordAudit } from "../audit/record-audit";
import { slaOnSnooze } from "../automation/sla.server";
import { AppError } from "../errors";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import type { MerchantContext } from "../shops/shop-context";
import { publishChange } from "./conversation-events";
import { wakeConversationJob } from "./jobs";
import { assertNotClosed, findConversationOrThrow } from "./validation";

/** How far ahead a conversation may be snoozed. */
export const MAX_SNOOZE_DAYS = 90;

/**
 * Puts the conversation aside until `until` (in the future, at most MAX_SNOOZE_DAYS ahead). A job
 * written in the same transaction opens it again then; snoozing again writes a new job and the old
 * one finds the time changed and does nothing.
 */
export async function snoozeConversation(ctx: MerchantContext, input: { conversationId: string; until: Date }, now = new Date()) {
  const until = input.until;
  if (Number.isNaN(until.getTime()) || until.getTime() <= now.getTime() + 60_000) {
    throw new AppError("invalid_request", "Choose a time in the future to snooze until.", { fields: { until: "Choose a time at least a minute from now." } });
  }
  if (until.getTime() > now.getTime() + MAX_SNOOZE_DAYS * 24 * 3600 * 1000) {
    const message = `Snooze for at most ${MAX_SNOOZE_DAYS} days.`;
    throw new AppError("invalid_request", message, { fields: { until: message } });
  }
  const conversation = await runInTransaction(async (tx) => {
    const current = await findConversationOrThrow(tx, ctx.shop.id, input.conversationId);
    assertNotClosed(current, "snooze it");
    const conversation = await tx.conversation.update({ where: { id: current.id }, data: { status: "snoozed", snoozedUntil: until } });
    await enqueueJob(
      tx,
      wakeConversationJob,
      { conversationId: current.id, snoozedUntil: until.toISOString() },
      { shopId: ctx.shop.id, runAt: until, dedupKey: `conversations.wake:${current.id}:${until.toISOString()}` },
    );
    await slaOnSnooze(tx, current.id, now);
    await recordAudit(tx, {
      shopId: ctx.shop.id,
      entityType: "conversation",
      entityId: current.id,
      action: "snoozed",
      actor: ctx.actor,
      data: { until: until.toISOString() },
    });
    return conversation;
  });
  await publishChange(conversation);
  return conversation;
}
