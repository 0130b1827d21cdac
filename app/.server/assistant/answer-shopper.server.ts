import type OpenAI from "openai";
import { pickShopModel } from "../ai/pick-shop-model.server";
import { RECENT_MESSAGES } from "../ai/summarize";
import type { Conversation, Message, Shop } from "../db.server";
import { log } from "../logger.server";
import { readShopSettings, type ShopSettings } from "../shops/shop-settings";
import { attachVerifiedShopper } from "../conversations/attach-verified-shopper.server";
import { focusNamedOrder, openAssistantSession, provedOrders } from "./assistant-session.server";
import { activePolicySummary } from "./active-policy-summary.server";
import { answerWithoutModel } from "./answer-without-model.server";
import { giveTakeoverNotice } from "./give-takeover-notice.server";
import { channelAiNotice } from "../automation/channel-ai-gate.server";
import { detectLanguage } from "./intents";
import { phrase, pickLanguage, type Language } from "./phrases";
import { ModelUnavailableError, runModelTurn } from "./run-model-turn.server";
import { streamComposed } from "./stream-composed";
import type { TurnResult } from "./turn-result";
import type { ShopContext } from "../shops/shop-context";

/** One message of the conversation as the assistant reads it. */
export type HistoryMessage = { role: Message["role"]; text: string; authorName: string | null };

export type AnswerShopperInput = {
  /** The conversation as it stands with the shopper's new message stored. */
  conversation: Conversation;
  /** The shopper-visible messages, oldest first, the shopper's new message last. */
  history: HistoryMessage[];
  /** Gets each piece of the reply as it may be shown; channels that cannot stream leave it out. */
  onDelta?: (text: string) => void;
  /** The shopper's network address, for the order lookup's guessing limit. */
  clientAddress: string;
  /** The model client; undefined reads OPENAI_API_KEY, null means no model. */
  openai?: OpenAI | null;
  timeoutMs?: number;
};

/**
 * The assistant's turn: a reply to store and send, or, while a person has the conversation, the
 * team's notice (already stored; `fresh` when stored just now). `summaryAt`, when set, asks for the
 * conversation's summary to be brought up to date once the reply is stored (the message count it covers).
 */
export type AssistantTurn =
  | ({ kind: "reply"; language: Language; mode: "model" | "rules"; summaryAt?: number } & TurnResult)
  | { kind: "notice"; language: Language; message: Message; fresh: boolean };

/** Parsed shop settings, kept per process while the shop row is unchanged, for a short time: the chat's hot path reads them every turn. */
const settingsCache = new Map<string, { updatedAt: number; at: number; settings: ShopSettings }>();
const SETTINGS_TTL_MS = 30_000;

function cachedSettings(shop: Shop): ShopSettings {
  const cached = settingsCache.get(shop.id);
  const updatedAt = shop.updatedAt?.getTime?.() ?? 0;
  const nowMs = Date.now();
  if (cached && cached.updatedAt === updatedAt && nowMs - cached.at < SETTINGS_TTL_MS) return cached.settings;
  const settings = readShopSettings(shop.settings);
  if (settingsCache.size > 1_000) settingsCache.clear();
  settingsCache.set(shop.id, { updatedAt, at: nowMs, settings });
  return settings;
}

/**
 * Answers a shopper's message on any channel. It owns the language (the shop's, else the shopper's
 * words, else their locale), the choice between the model and the guided flow (the flow also takes
 * over when the model fails mid-turn, after what was already shown), the take-over notice, and its
 * own state. It stores nothing but its state and the notice: the caller stores and sends the reply.
 */
export async function answerShopper(ctx: ShopContext, input: AnswerShopperInput): Promise<AssistantTurn> {
  const { shop } = ctx;
  const { conversation, history, onDelta } = input;
  const settings = cachedSettings(shop);
  const text = history.at(-1)?.text ?? "";
  const language = pickLanguage(settings.language, conversation.locale, detectLanguage(text));
  if (!conversation.aiActive) return { kind: "notice", language, ...(await giveTakeoverNotice(shop, conversation, language)) };
  const channelNotice = await channelAiNotice(shop, conversation, language);
  if (channelNotice) return { kind: "notice", language, ...channelNotice };

  const session = openAssistantSession(shop, conversation, {
    clientAddress: input.clientAddress,
    customerTexts: history.filter((m) => m.role === "customer").map((m) => m.text),
    onVerified: (order) => attachVerifiedShopper(ctx, { conversationId: conversation.id, email: order.email, name: order.customerName }),
  });
  const model = pickShopModel(settings, input.openai);
  const count = history.length + 1;
  // The summary is refreshed every fourth message past the recent window (the reply included).
  const turn = { kind: "reply" as const, language, ...(count > RECENT_MESSAGES && count % 4 === 0 ? { summaryAt: count } : {}) };
  if (!model) {
    const result = await answerWithoutModel(session, text, language);
    streamComposed(result.text, onDelta);
    return { ...turn, mode: "rules", ...result };
  }
  // The shopper naming an order they proved moves the conversation to it before the model reads the state.
  await focusNamedOrder(session, text);
  try {
    const result = await runModelTurn(
      {
        ctx: session.tools,
        shopName: shop.name,
        settings,
        language,
        summary: history.length > RECENT_MESSAGES ? conversation.summary : null,
        recent: history.slice(-RECENT_MESSAGES),
        provedOrders: provedOrders(session.state).map((o) => o.orderName),
        policy: await activePolicySummary(ctx),
      },
      { client: model.client, model: model.model, timeoutMs: input.timeoutMs, onDelta },
    );
    return { ...turn, mode: "model", ...result };
  } catch (error) {
    log().warn({ err: error, conversationId: conversation.id }, "chat model unavailable; answering without it");
    const shown = error instanceof ModelUnavailableError ? error.shown : "";
    const fallback = await answerWithoutModel(session, text, language);
    // Without the model the answer is the guided flow's; the shopper is told a person can help with more.
    const offer = fallback.handoff ? "" : `\n\n${phrase(language, "modelBusy")}`;
    const rest = `${shown ? "\n\n" : ""}${fallback.text}${offer}`;
    streamComposed(rest, onDelta);
    return { ...turn, mode: "rules", ...fallback, text: `${shown}${rest}` };
  }
}
