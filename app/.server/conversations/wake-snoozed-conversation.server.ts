import { SYSTEM_ACTOR, recordAudit } from "../audit/record-audit";
import { slaOnWake } from "../automation/sla.server";
import type { PrismaClient } from "../db.server";
import { runInTransaction } from "../jobs/enqueue-job";
import { publishChange } from "./conversation-events";

/**
 * Opens a conversation whose snooze has run out. It acts only when the conversation is still
 * snoozed until exactly `snoozedUntil` (a later snooze or an unsnooze makes this a no-op), so a
 * repeated or stale job changes nothing. Returns whether it woke the conversation.
 */
export async function wakeSnoozedConversation(client: PrismaClient, input: { conversationId: string; snoozedUntil: Date }, now = new Date()) {
  // A job claimed a moment early (clocks of two machines) retries rather than leave the conversation asleep.
  if (input.snoozedUntil.getTime() > now.getTime()) throw new Error("The snooze has not run out yet; trying again shortly.");
  const woken = await runInTransaction(async (tx) => {
    const updated = await tx.conversation.updateManyAndReturn({
      where: { id: input.conversationId, status: "snoozed", snoozedUntil: input.snoozedUntil },
      data: { status: "open", snoozedUntil: null },
    });
    const conversation = updated[0];
    if (!conversation) return null;
    await slaOnWake(tx, conversation.id, now);
    await recordAudit(tx, {
      shopId: conversation.shopId,
      entityType: "conversation",
      entityId: conversation.id,
      action: "woken",
      actor: SYSTEM_ACTOR,
      message: "The snooze ran out.",
    });
    return conversation;
  }, client);
  if (woken) await publishChange(woken);
  return Boolean(woken);
}
