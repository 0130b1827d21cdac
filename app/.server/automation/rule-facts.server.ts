import { detectIntent, detectLanguage } from "../assistant/intents";
import type { Conversation, DbClient, Shop } from "../db.server";
import type { AutomationEvent } from "./automation-event";
import { readAutomationSettings } from "./automation-settings";
import { isWithinBusinessHours } from "./business-hours";
import type { RuleFacts } from "./evaluate-rules";
import type { RiskBand } from "./rule-schema";

const OPEN_RETURN = ["pending_triage", "pending_review", "approved"] as const;

export function riskBandOf(score: number | null): RiskBand | null {
  if (score === null) return null;
  return score >= 0.7 ? "high" : score >= 0.4 ? "medium" : "low";
}

export type EventSubject = { conversation: Conversation | null; returnId: string | null };

/**
 * What the rules need to know about an event, read once: the conversation (from the event, or the
 * return's or call's), the shopper's message, the return (the event's, else the contact's latest),
 * whether the contact has a return open, and whether the shop is open now.
 */
export async function loadRuleFacts(client: DbClient, shop: Pick<Shop, "id" | "settings" | "timezone">, event: AutomationEvent, now: Date): Promise<{ facts: RuleFacts; subject: EventSubject }> {
  let conversationId = event.conversationId ?? null;
  let returnRow: { id: string; riskScore: { toNumber(): number } | null; orderTotal: { toNumber(): number }; customerEmail: string; conversationId: string | null } | null = null;
  const returnSelect = { id: true, riskScore: true, orderTotal: true, customerEmail: true, conversationId: true } as const;
  if (event.returnId) {
    returnRow = await client.returnRequest.findFirst({ where: { id: event.returnId, shopId: shop.id }, select: returnSelect });
    conversationId ??= returnRow?.conversationId ?? null;
  }
  if (event.callId && !conversationId) {
    const call = await client.callSession.findFirst({ where: { id: event.callId, shopId: shop.id }, select: { conversationId: true } });
    conversationId = call?.conversationId ?? null;
  }
  const conversation = conversationId ? await client.conversation.findFirst({ where: { id: conversationId, shopId: shop.id } }) : null;
  const email = conversation?.customerEmail ?? returnRow?.customerEmail ?? null;
  if (!returnRow && email) {
    returnRow = await client.returnRequest.findFirst({ where: { shopId: shop.id, customerEmail: email }, orderBy: { createdAt: "desc" }, select: returnSelect });
  }
  const hasOpenReturn = email ? (await client.returnRequest.count({ where: { shopId: shop.id, customerEmail: email, status: { in: [...OPEN_RETURN] } } })) > 0 : false;
  const message = event.messageId ? await client.message.findFirst({ where: { id: event.messageId, shopId: shop.id }, select: { text: true } }) : null;
  const text = message?.text ?? "";
  const settings = readAutomationSettings(shop.settings);
  return {
    subject: { conversation, returnId: returnRow?.id ?? null },
    facts: {
      channel: event.channel ?? conversation?.channel ?? null,
      text,
      intent: text ? detectIntent(text) : null,
      language: (text ? detectLanguage(text) : null) ?? conversation?.locale.slice(0, 2) ?? null,
      tags: conversation?.tags ?? [],
      priority: conversation?.priority ?? null,
      hasOpenReturn,
      riskBand: riskBandOf(returnRow?.riskScore ? returnRow.riskScore.toNumber() : null),
      orderValueCents: returnRow ? Math.round(returnRow.orderTotal.toNumber() * 100) : null,
      insideBusinessHours: isWithinBusinessHours(settings.businessHours, shop.timezone, now),
    },
  };
}
