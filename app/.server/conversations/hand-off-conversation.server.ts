import { recordAudit } from "../audit/record-audit";
import { emitAutomationEvent } from "../automation/emit-automation-event";
import type { Message } from "../db.server";
import { runInTransaction } from "../jobs/enqueue-job";
import { notifyMerchant } from "../notifications/notify-merchant.server";
import { publishConversationEvent } from "../realtime/conversation-events.server";
import { phrase, type Language } from "../assistant/phrases";
import { messageEvent, stateEvent } from "./conversation-event";
import { describeConversation } from "./describe-conversation";
import { storeShopperNotice } from "./shopper-notice.server";
import type { ShopContext } from "../shops/shop-context";

/**
 * Hands a conversation to the shop's team: the AI stops answering (`aiActive` false) until a person hands
 * it back, the shopper gets a notice on their event stream, the inbox hears of it at once and the
 * merchant gets an email (when hand-off notifications are on). Returns the notice, or null when
 * the conversation was already with a person.
 */
export async function handOffConversation(ctx: ShopContext, input: { conversationId: string; reason: string; language: Language; now?: Date }): Promise<Message | null> {
  const { shop } = ctx;
  const { conversationId, ...options } = input;
  const now = options.now ?? new Date();
  const done = await runInTransaction(async (tx) => {
    const switched = await tx.conversation.updateMany({
      where: { id: conversationId, shopId: shop.id, aiActive: true },
      data: { aiActive: false, handoffCount: { increment: 1 }, handedOffAt: now, status: "open", lastMessageAt: now },
    });
    if (switched.count === 0) return null;
    let conversation = await tx.conversation.findFirstOrThrow({ where: { id: conversationId, shopId: shop.id } });
    // The team picks the conversation up from its summary: the shopper's need and what was done, unless a longer one exists.
    if (!conversation.summary) {
      const [rows, returns] = await Promise.all([
        tx.message.findMany({ where: { conversationId, shopId: shop.id, internal: false, role: { in: ["customer", "ai", "agent"] } }, orderBy: { createdAt: "asc" }, take: 200, select: { role: true, text: true, toolCalls: true, sources: true } }),
        tx.returnRequest.findMany({ where: { shopId: shop.id, conversationId }, select: { orderName: true, status: true }, orderBy: { createdAt: "asc" } }),
      ]);
      const summary = `${describeConversation(rows, returns)}\nHanded to the team: ${options.reason.slice(0, 300) || "asked for a person"}`;
      conversation = await tx.conversation.update({ where: { id: conversationId }, data: { summary } });
    }
    const notice = await storeShopperNotice(tx, shop.id, conversation, { text: phrase(options.language, "handoffNotice", { shop: shop.name }), metadata: { kind: "handoff", reason: options.reason.slice(0, 500) }, createdAt: now });
    await emitAutomationEvent(tx, { id: `conversation.handed_off:${conversationId}:${conversation.handoffCount}`, type: "conversation.handed_off", shopId: shop.id, conversationId, channel: conversation.channel, occurredAt: now });
    await recordAudit(tx, { shopId: shop.id, entityType: "conversation", entityId: conversationId, action: "handed_off", actor: { type: "ai", name: "Dokani assistant" }, data: { reason: options.reason.slice(0, 500) } });
    const who = conversation.customerName ?? conversation.customerEmail ?? "A shopper";
    await notifyMerchant(tx, shop, {
      kind: "handoff",
      subject: `${who} would like to talk to a person`,
      text: `${who} asked for a person in the chat on ${shop.name}. Reason: ${options.reason.slice(0, 500) || "asked for a person"}.\n\nThe assistant has stopped answering in this conversation until someone from the team hands it back.`,
      link: `/app/conversations/${conversationId}`,
      relatedId: `${conversationId}:${conversation.handoffCount}`,
    });
    return { conversation, notice };
  });
  if (!done) return null;
  const { conversation, notice } = done;
  await publishConversationEvent(shop.id, conversationId, messageEvent(notice));
  await publishConversationEvent(shop.id, conversationId, stateEvent(conversation));
  return notice;
}
