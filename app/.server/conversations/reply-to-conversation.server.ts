import { recordAudit } from "../audit/record-audit";
import { runInTransaction } from "../jobs/enqueue-job";
import type { ShopContext } from "../shops/shop-context";
import { publishChange } from "./conversation-events";
import { assertNotClosed, cleanMessageText, findConversationOrThrow } from "./validation";

/**
 * A staff member answers the shopper. The reply is an `agent` message the shopper's widget shows at
 * once; it starts the first-response clock if nothing answered before, and it takes the
 * conversation over from the AI (assigning it to the replier when nobody has it, if the replier is
 * a staff member rather than an API key), because two voices answering the same shopper would
 * contradict each other.
 */
export async function replyToConversation(ctx: ShopContext, input: { conversationId: string; text: string }) {
  const staff = ctx.actor.type === "merchant" && ctx.actor.id ? { id: ctx.actor.id, name: ctx.actor.name ?? "" } : null;
  const text = cleanMessageText(input.text);
  const { conversation, message } = await runInTransaction(async (tx) => {
    const current = await findConversationOrThrow(tx, ctx.shop.id, input.conversationId);
    assertNotClosed(current, "reply");
    const now = new Date();
    const message = await tx.message.create({
      data: { shopId: ctx.shop.id, conversationId: current.id, role: "agent", text, authorId: ctx.actor.id ?? null, authorName: ctx.actor.name ?? null, createdAt: now },
    });
    const conversation = await tx.conversation.update({
      where: { id: current.id },
      data: {
        lastMessageAt: now,
        firstResponseAt: current.firstResponseAt ?? now,
        aiActive: false,
        ...(current.assigneeId || !staff ? {} : { assigneeId: staff.id, assigneeName: staff.name }),
        ...(current.status === "pending" ? { status: "open" as const } : {}),
      },
    });
    await recordAudit(tx, {
      shopId: ctx.shop.id,
      entityType: "conversation",
      entityId: current.id,
      action: "replied",
      actor: ctx.actor,
      data: { messageId: message.id, tookOver: current.aiActive },
    });
    return { conversation, message };
  });
  await publishChange(conversation, [message]);
  return { conversation, message };
}
