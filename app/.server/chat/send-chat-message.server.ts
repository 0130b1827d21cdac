import type OpenAI from "openai";
import { z } from "zod";
import { AgentUnavailableError, createOpenAIClient, runAgentTurn } from "../ai/agent";
import { answerWithoutModel, type TurnResult } from "../ai/agent/fallback";
import { detectInjection } from "../ai/agent/guards";
import { detectLanguage } from "../ai/agent/intents";
import { phrase, pickLanguage, type Language } from "../ai/agent/phrases";
import { RECENT_MESSAGES } from "../ai/agent/summarize";
import type { ToolContext } from "../ai/agent/tools";
import { db, type Conversation, type Message, type Prisma, type Shop } from "../db.server";
import { env } from "../env.server";
import { AppError } from "../errors";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import { log } from "../logger.server";
import { publishConversationEvent } from "../realtime/conversation-events.server";
import { shopperText } from "../returns/text";
import { readShopSettings } from "../shops/shop-settings";
import { readChatMetadata, updateChatMetadata, type PendingAttachment } from "./chat-metadata.server";
import { consumeChatAllowance } from "./chat-limiter.server";
import { handOffConversation } from "./hand-off-conversation.server";
import { summarizeChat } from "./jobs.server";
import { toMessageView, type MessageView, type StoredSource } from "./message-view";

export const MAX_MESSAGE_CHARS = 4_000;

export const SendChatMessageInput = z.object({
  text: z.string({ error: "is required" }).pipe(shopperText(MAX_MESSAGE_CHARS)).pipe(z.string().min(1, "must not be empty")),
  attachmentIds: z.array(z.uuid("must be the id of a photo uploaded to this chat"), { error: "must be a list of photo ids" }).max(4, "must have at most 4 photos").optional(),
});
export type SendChatMessageInput = z.infer<typeof SendChatMessageInput>;

export type ChatTurnOptions = {
  clientAddress: string;
  /** The shopper-readable link of a photo of this conversation. */
  attachmentUrl: (id: string) => string;
  /** The model client; undefined reads OPENAI_API_KEY, null means no model. */
  openai?: OpenAI | null;
  timeoutMs?: number;
};

/** The answer to a shopper's message. */
export type ChatReply = { reply: MessageView; handedOff: boolean };

/** A message accepted and stored; `answer` produces the reply, streaming its pieces to `onDelta`, and never throws. */
export type ChatTurn = { message: MessageView; answer: (onDelta?: (text: string) => void) => Promise<ChatReply> };

/** Cuts composed text into small pieces, so a reply without a model streams like one with. */
export function streamComposed(text: string, onDelta?: (text: string) => void) {
  if (!onDelta || !text) return;
  const words = text.match(/\S+\s*|\s+/g) ?? [text];
  for (let i = 0; i < words.length; i += 3) onDelta(words.slice(i, i + 3).join(""));
}

function stateEvent(c: Pick<Conversation, "id" | "status" | "aiActive" | "assigneeName" | "unreadCount">) {
  return { kind: "conversation" as const, conversation: { id: c.id, status: c.status, aiActive: c.aiActive, assigneeName: c.assigneeName, unreadCount: c.unreadCount } };
}

function messageEvent(m: Pick<Message, "id" | "role" | "text" | "createdAt" | "internal" | "authorName">) {
  return { kind: "message" as const, message: { id: m.id, role: m.role, text: m.text, createdAt: m.createdAt.toISOString(), internal: m.internal, authorName: m.authorName } };
}

/**
 * `POST /proxy/chat/sessions/{id}/messages`: stores the shopper's message (with the photos it
 * names, which must have been uploaded to this conversation) and tells the inbox; flags clear
 * attempts to steer the assistant as a security event. Everything that can refuse the request
 * (429, 400) happens here, before any reply is streamed; `answer` then replies from the agent,
 * the no-model flow, or, while a person has taken over, with a notice that the team will answer.
 */
export async function sendChatMessage(shop: Shop, conversation: Conversation, input: SendChatMessageInput, options: ChatTurnOptions): Promise<ChatTurn> {
  await consumeChatAllowance("message", { shopId: shop.id, sessionId: conversation.id, clientAddress: options.clientAddress });
  const now = new Date();
  const wanted = [...new Set(input.attachmentIds ?? [])];
  const stored = await runInTransaction(async (tx) => {
    let used: PendingAttachment[] = [];
    if (wanted.length) {
      await updateChatMetadata(tx, shop.id, conversation.id, (meta) => {
        const pending = meta.pendingAttachments ?? [];
        used = wanted.map((id) => pending.find((a) => a.id === id)).filter((a): a is PendingAttachment => !!a);
        if (used.length !== wanted.length) throw new AppError("invalid_request", "Some photos were not uploaded to this chat.", { fields: { attachmentIds: "must be photos uploaded to this chat" } });
        return { ...meta, pendingAttachments: pending.filter((a) => !wanted.includes(a.id)) };
      });
    }
    const message = await tx.message.create({ data: { shopId: shop.id, conversationId: conversation.id, role: "customer", text: input.text, createdAt: now } });
    for (const a of used) {
      await tx.evidenceFile.create({ data: { id: a.id, shopId: shop.id, messageId: message.id, storage: a.storage, storageKey: a.storageKey, mimeType: a.mimeType, byteSize: a.byteSize, sha256: a.sha256 } });
    }
    const updated = await tx.conversation.update({
      where: { id: conversation.id },
      data: { lastMessageAt: now, unreadCount: { increment: 1 }, ...(conversation.status !== "open" ? { status: "open", snoozedUntil: null } : {}) },
    });
    return { message, updated, attachments: used.map((a) => ({ id: a.id })) };
  });
  await publishConversationEvent(shop.id, conversation.id, messageEvent(stored.message));
  await publishConversationEvent(shop.id, conversation.id, stateEvent(stored.updated));

  const patterns = detectInjection(input.text);
  if (patterns.length) {
    await db().securityEvent.create({
      data: { shopId: shop.id, kind: "prompt_injection", severity: "medium", customerEmail: conversation.customerEmail, conversationId: conversation.id, details: { patterns, messageId: stored.message.id, excerpt: input.text.slice(0, 300) } },
    });
  }

  return {
    message: toMessageView({ ...stored.message, attachments: stored.attachments }, options.attachmentUrl),
    answer: (onDelta) => answerChatMessage(shop, conversation.id, stored.message, options, onDelta),
  };
}

async function answerChatMessage(shop: Shop, conversationId: string, message: Message, options: ChatTurnOptions, onDelta?: (text: string) => void): Promise<ChatReply> {
  let language: Language = "en";
  try {
    const conversation = await db().conversation.findFirstOrThrow({ where: { id: conversationId, shopId: shop.id } });
    const settings = readShopSettings(shop.settings);
    language = pickLanguage(settings.language, conversation.locale, detectLanguage(message.text));
    if (!conversation.aiActive) return await teamWillAnswer(shop, conversation, language, options);

    const history = await db().message.findMany({
      where: { conversationId, shopId: shop.id, internal: false },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { role: true, text: true, authorName: true },
    });
    const ctx: ToolContext = {
      shop,
      conversationId,
      clientAddress: options.clientAddress,
      customerTexts: history.filter((m) => m.role === "customer").map((m) => m.text),
      metadata: readChatMetadata(conversation.metadata),
    };
    const openai = options.openai === undefined ? createOpenAIClient() : options.openai;
    let result: TurnResult;
    let mode: "model" | "rules" = "rules";
    if (openai && settings.aiEnabled) {
      try {
        result = await runAgentTurn(
          { ctx, shopName: shop.name, settings, language, summary: history.length > RECENT_MESSAGES ? conversation.summary : null, recent: history.slice(-RECENT_MESSAGES) },
          { client: openai, model: settings.aiModel ?? env().DOKANI_AI_MODEL, timeoutMs: options.timeoutMs, onDelta },
        );
        mode = "model";
      } catch (error) {
        log().warn({ err: error, conversationId }, "chat model unavailable; answering without it");
        const shown = error instanceof AgentUnavailableError ? error.shown : "";
        const fallback = await answerWithoutModel(ctx, message.text, language);
        const rest = `${shown ? "\n\n" : ""}${fallback.text}`;
        streamComposed(rest, onDelta);
        result = { ...fallback, text: `${shown}${rest}` };
      }
    } else {
      result = await answerWithoutModel(ctx, message.text, language);
      streamComposed(result.text, onDelta);
    }

    const sources: StoredSource[] = result.sources.map((s) => ({ type: "article", articleId: s.articleId, title: s.title }));
    const reply = await runInTransaction(async (tx) => {
      const row = await tx.message.create({
        data: {
          shopId: shop.id,
          conversationId,
          role: "ai",
          text: result.text,
          toolCalls: result.toolCalls.length ? (result.toolCalls as Prisma.InputJsonValue) : undefined,
          sources: sources.length ? (sources as Prisma.InputJsonValue) : undefined,
          metadata: { mode },
        },
      });
      await tx.conversation.updateMany({ where: { id: conversationId, shopId: shop.id }, data: { lastMessageAt: row.createdAt } });
      const count = await tx.message.count({ where: { conversationId, internal: false } });
      if (count > RECENT_MESSAGES && count % 4 === 0) {
        await enqueueJob(tx, summarizeChat, { shopId: shop.id, conversationId }, { shopId: shop.id, dedupKey: `chat.summarize:${conversationId}:${count}` });
      }
      return row;
    });
    await publishConversationEvent(shop.id, conversationId, messageEvent(reply));
    let handedOff = false;
    if (result.handoff) handedOff = (await handOffConversation(shop, conversationId, { reason: result.handoff.reason, language })) !== null;
    return { reply: toMessageView(reply, options.attachmentUrl), handedOff };
  } catch (error) {
    // The shopper never sees an error: a reply that says so and offers a person, not stored.
    log().warn({ err: error, conversationId }, "chat reply failed");
    const text = phrase(language, "stillThere");
    streamComposed(text, onDelta);
    return { reply: { id: crypto.randomUUID(), role: "ai", text, createdAt: new Date().toISOString() }, handedOff: false };
  }
}

/**
 * The reply while a person has the conversation: the notice that the team will answer, stored once
 * per take-over (keyed by the hand-off count and time) and given again, same id, for later messages.
 */
async function teamWillAnswer(shop: Shop, conversation: Conversation, language: Language, options: ChatTurnOptions): Promise<ChatReply> {
  const key = `${conversation.handoffCount}:${conversation.handedOffAt?.toISOString() ?? "-"}`;
  const known = readChatMetadata(conversation.metadata).takeoverNotice;
  if (known?.key === key) {
    const existing = await db().message.findFirst({ where: { id: known.messageId, conversationId: conversation.id, shopId: shop.id } });
    if (existing) return { reply: toMessageView(existing, options.attachmentUrl), handedOff: true };
  }
  const notice = await runInTransaction(async (tx) => {
    const row = await tx.message.create({
      data: { shopId: shop.id, conversationId: conversation.id, role: "system", text: phrase(language, "teamWillAnswer", { shop: shop.name }), metadata: { kind: "team_will_answer", reply: true } },
    });
    await updateChatMetadata(tx, shop.id, conversation.id, (meta) => ({ ...meta, takeoverNotice: { key, messageId: row.id } }));
    return row;
  });
  await publishConversationEvent(shop.id, conversation.id, messageEvent(notice));
  return { reply: toMessageView(notice, options.attachmentUrl), handedOff: true };
}
