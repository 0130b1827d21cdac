import { z } from "zod";
import { db, type Conversation } from "../../db.server";
import { AppError } from "../../errors";
import { recordAudit } from "../../audit/record-audit";
import { emitAutomationEvent } from "../../automation/emit-automation-event";
import { kickJobs } from "../../jobs/enqueue-job";
import { publishChange } from "../../conversations/conversation-events";

export const RateChatSatisfactionInput = z.object({
  rating: z.number({ error: "must be a whole number from 1 to 5" }).int("must be a whole number from 1 to 5").min(1, "must be at least 1").max(5, "must be at most 5"),
});

/**
 * `POST /proxy/chat/sessions/{id}/satisfaction`: the shopper's 1–5 rating, accepted only once the
 * conversation is closed and the shop asked for one (a `satisfaction_request` message); a later
 * rating replaces an earlier one.
 */
export async function rateChatSatisfaction(conversation: Pick<Conversation, "id" | "shopId">, rating: number) {
  const current = await db().conversation.findFirst({ where: { id: conversation.id, shopId: conversation.shopId }, select: { status: true } });
  const asked = await db().message.findFirst({
    where: { conversationId: conversation.id, shopId: conversation.shopId, role: "system", metadata: { path: ["kind"], equals: "satisfaction_request" } },
    select: { id: true },
  });
  if (current?.status !== "closed" || !asked) throw new AppError("invalid_state", "This chat can be rated once it is closed and the store has asked for a rating.");
  const rated = await db().$transaction(async (tx) => {
    const row = await tx.conversation.update({ where: { id: conversation.id, shopId: conversation.shopId }, data: { satisfaction: rating } });
    await recordAudit(tx, { shopId: conversation.shopId, entityType: "conversation", entityId: conversation.id, action: "rated", actor: { type: "shopper" }, data: { rating } });
    await emitAutomationEvent(tx, { id: `conversation.rated:${conversation.id}:${Date.now()}`, type: "conversation.rated", shopId: conversation.shopId, conversationId: conversation.id, channel: row.channel });
    return row;
  });
  kickJobs();
  // An inbox open on this conversation refreshes and shows the rating.
  await publishChange(rated);
}
