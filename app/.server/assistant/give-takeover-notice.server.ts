import { db, type Conversation, type Message, type Shop } from "../db.server";
import { storeShopperNotice } from "../conversations/shopper-notice.server";
import { runInTransaction } from "../jobs/enqueue-job";
import { assistantState } from "./assistant-state.server";
import { phrase, type Language } from "./phrases";

/**
 * The assistant's answer while a person has the conversation: the notice that the team will answer,
 * stored once per take-over (keyed by the hand-off count and time) and given again, same message,
 * for the shopper's later messages. `fresh` says whether it was stored just now.
 */
export async function giveTakeoverNotice(shop: Shop, conversation: Conversation, language: Language): Promise<{ message: Message; fresh: boolean }> {
  const key = `${conversation.handoffCount}:${conversation.handedOffAt?.toISOString() ?? "-"}`;
  const known = assistantState.read(conversation.metadata).takeoverNotice;
  if (known?.key === key) {
    const existing = await db().message.findFirst({ where: { id: known.messageId, conversationId: conversation.id, shopId: shop.id } });
    if (existing) return { message: existing, fresh: false };
  }
  const message = await runInTransaction(async (tx) => {
    const row = await storeShopperNotice(tx, shop.id, conversation, { text: phrase(language, "teamWillAnswer", { shop: shop.name }), metadata: { kind: "team_will_answer", reply: true } });
    await assistantState.update(tx, shop.id, conversation.id, (state) => ({ ...state, takeoverNotice: { key, messageId: row.id } }));
    return row;
  });
  return { message, fresh: true };
}
