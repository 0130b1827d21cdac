import { phrase, type Language } from "../assistant/phrases";
import { assistantState } from "../assistant/assistant-state.server";
import { db, type Conversation, type Message, type Shop } from "../db.server";
import { storeShopperNotice } from "../conversations/shopper-notice.server";
import { runInTransaction } from "../jobs/enqueue-job";
import { readAutomationSettings, type AiMode } from "./automation-settings";
import { isWithinBusinessHours, localClock } from "./business-hours";

/** Whether the AI answers on a channel now, from the channel's mode and business hours. */
export function aiAnswersNow(mode: AiMode, insideHours: boolean): boolean {
  return mode === "always" || (mode === "outside_hours" && !insideHours);
}

/**
 * The per-channel AI switch, asked before the assistant answers: null when the AI answers;
 * otherwise the notice the shopper gets instead (stored once per local day and kind): outside
 * business hours the away message, inside them that the team will answer.
 */
export async function channelAiNotice(shop: Shop, conversation: Conversation, language: Language, now = new Date()): Promise<{ message: Message; fresh: boolean } | null> {
  const settings = readAutomationSettings(shop.settings);
  const mode = settings.aiChannels[conversation.channel as keyof typeof settings.aiChannels] ?? "always";
  if (mode === "always") return null;
  const inside = isWithinBusinessHours(settings.businessHours, shop.timezone, now);
  if (aiAnswersNow(mode, inside)) return null;
  const kind = inside ? "team" : "away";
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: shop.timezone || "UTC", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  const key = `${kind}:${day}:${localClock(now, shop.timezone).day}`;
  const known = assistantState.read(conversation.metadata).channelNotice;
  if (known?.key === key) {
    const existing = await db().message.findFirst({ where: { id: known.messageId, conversationId: conversation.id, shopId: shop.id } });
    if (existing) return { message: existing, fresh: false };
  }
  const text = kind === "away" ? (settings.awayMessage ?? phrase(language, "awayNotice", { shop: shop.name })) : phrase(language, "teamWillAnswer", { shop: shop.name });
  const message = await runInTransaction(async (tx) => {
    const row = await storeShopperNotice(tx, shop.id, conversation, { text, metadata: { kind: kind === "away" ? "away_notice" : "team_will_answer", reply: true } });
    await assistantState.update(tx, shop.id, conversation.id, (state) => ({ ...state, channelNotice: { key, messageId: row.id } }));
    return row;
  });
  return { message, fresh: true };
}
