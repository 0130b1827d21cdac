import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import { publishChange } from "./conversation-events";
import { cleanMessageText, findConversationOrThrow, staffActor, type InboxContext } from "./validation";

/**
 * Adds an internal note for the team: an `agent` message with `internal` set, which the shopper's
 * stream and transcript never show. Notes do not count as a response to the shopper and are
 * allowed on closed conversations (a post-mortem belongs there too).
 */
export async function addConversationNote(ctx: InboxContext, conversationId: string, input: { text: string }) {
  const text = cleanMessageText(input.text);
  const { conversation, message } = await runInTransaction(async (tx) => {
    const conversation = await findConversationOrThrow(tx, ctx.shopId, conversationId);
    const message = await tx.message.create({
      data: { shopId: ctx.shopId, conversationId: conversation.id, role: "agent", internal: true, text, authorId: ctx.staff.id, authorName: ctx.staff.name },
    });
    await recordAudit(tx, {
      shopId: ctx.shopId,
      entityType: "conversation",
      entityId: conversation.id,
      action: "noted",
      actor: staffActor(ctx),
      data: { messageId: message.id },
    });
    return { conversation, message };
  });
  await publishChange(conversation, [message]);
  return { conversation, message };
}
