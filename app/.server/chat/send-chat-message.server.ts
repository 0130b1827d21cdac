import { randomUUID } from "node:crypto";
import type OpenAI from "openai";
import { z } from "zod";
import { AgentUnavailableError, createOpenAIClient, runAgentTurn } from "../ai/agent";
import { answerWithoutModel, type TurnResult } from "../ai/agent/fallback";
import { detectInjection } from "../ai/agent/guards";
import { detectLanguage } from "../ai/agent/intents";
import { phrase, pickLanguage, type Language } from "../ai/agent/phrases";
import { RECENT_MESSAGES } from "../ai/agent/summarize";
import type { ToolContext } from "../ai/agent/tools";
import { db, Prisma, type Conversation, type DbClient, type Message, type Shop } from "../db.server";
import { env } from "../env.server";
import { AppError } from "../errors";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import { log } from "../logger.server";
import { publishConversationEvent } from "../realtime/conversation-events.server";
import { shopperText } from "../returns/text";
import { readShopSettings, type ShopSettings } from "../shops/shop-settings";
import { readChatMetadata, updateChatMetadata, type PendingAttachment } from "./chat-metadata.server";
import { consumeChatAllowance } from "./chat-limiter.server";
import { handOffConversation } from "./hand-off-conversation.server";
import { summarizeChatJob } from "./jobs";
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
  const stored = wanted.length ? await storeWithAttachments(shop, conversation, input.text, wanted, now) : await storeCustomerMessage(shop, conversation, input.text, now);
  // Local listeners get these at once; the other instances' copies go out without holding up the reply.
  void publishConversationEvent(shop.id, conversation.id, messageEvent(stored.message));
  void publishConversationEvent(shop.id, conversation.id, stateEvent(stored.updated));

  const patterns = detectInjection(input.text);
  if (patterns.length) {
    await db().securityEvent.create({
      data: { shopId: shop.id, kind: "prompt_injection", severity: "medium", customerEmail: conversation.customerEmail, conversationId: conversation.id, details: { patterns, messageId: stored.message.id, excerpt: input.text.slice(0, 300) } },
    });
  }

  return {
    message: toMessageView({ ...stored.message, attachments: stored.attachments }, options.attachmentUrl),
    answer: (onDelta) => answerChatMessage(shop, stored, options, onDelta),
  };
}

type HistoryRow = { role: Message["role"]; text: string; authorName: string | null };

/** What storing the shopper's message hands to the reply: the message, the conversation as it now is, and what came before. */
type StoredMessage = { message: Message; updated: Conversation; attachments: Array<{ id: string }>; earlier: HistoryRow[] };

/**
 * The common case in one statement, so one round trip: the message inserted, the conversation's
 * last-message time, unread count and status updated and returned whole, and the conversation's
 * earlier messages read for the reply (the statement's snapshot does not include the new row). One
 * statement is one transaction: the message and the conversation change commit together.
 */
async function storeCustomerMessage(shop: Shop, conversation: Conversation, text: string, now: Date): Promise<StoredMessage> {
  const id = randomUUID();
  const rows = await db().$queryRaw<Array<Conversation & { earlier: HistoryRow[] | null }>>`
    WITH inserted AS (
      INSERT INTO "messages" ("id", "shopId", "conversationId", "role", "text", "createdAt")
      VALUES (${id}::uuid, ${shop.id}::uuid, ${conversation.id}::uuid, 'customer', ${text}, ${utc(now)})
      RETURNING "id"
    ), updated AS (
      UPDATE "conversations" SET
        "lastMessageAt" = ${utc(now)}, "unreadCount" = "unreadCount" + 1, "updatedAt" = ${utc(now)},
        "snoozedUntil" = CASE WHEN "status" = 'open' THEN "snoozedUntil" END, "status" = 'open'
      WHERE "id" = ${conversation.id}::uuid AND "shopId" = ${shop.id}::uuid
      RETURNING *
    )
    SELECT u.*, (
      SELECT json_agg(json_build_object('role', m."role", 'text', m."text", 'authorName', m."authorName") ORDER BY m."createdAt", m."id")
      FROM "messages" m WHERE m."conversationId" = ${conversation.id}::uuid AND m."shopId" = ${shop.id}::uuid AND NOT m."internal"
    ) AS earlier
    FROM updated u, inserted`;
  const row = rows[0];
  if (!row) throw new AppError("not_found", "We could not find this chat. Please start a new one.");
  const { earlier, ...updated } = row;
  const message: Message = { id, shopId: shop.id, conversationId: conversation.id, role: "customer", text, internal: false, authorId: null, authorName: null, toolCalls: null, sources: null, metadata: {}, createdAt: now };
  return { message, updated, attachments: [], earlier: earlier ?? [] };
}

/** A message with photos: they move from the conversation's pending uploads to the message under the conversation's row lock. */
async function storeWithAttachments(shop: Shop, conversation: Conversation, text: string, wanted: string[], now: Date): Promise<StoredMessage> {
  const stored = await runInTransaction(async (tx) => {
    let used: PendingAttachment[] = [];
    await updateChatMetadata(tx, shop.id, conversation.id, (meta) => {
      const pending = meta.pendingAttachments ?? [];
      used = wanted.map((id) => pending.find((a) => a.id === id)).filter((a): a is PendingAttachment => !!a);
      if (used.length !== wanted.length) throw new AppError("invalid_request", "Some photos were not uploaded to this chat.", { fields: { attachmentIds: "must be photos uploaded to this chat" } });
      return { ...meta, pendingAttachments: pending.filter((a) => !wanted.includes(a.id)) };
    });
    const earlier = await tx.message.findMany({ where: { conversationId: conversation.id, shopId: shop.id, internal: false }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { role: true, text: true, authorName: true } });
    const message = await tx.message.create({ data: { shopId: shop.id, conversationId: conversation.id, role: "customer", text, createdAt: now } });
    for (const a of used) {
      await tx.evidenceFile.create({ data: { id: a.id, shopId: shop.id, messageId: message.id, storage: a.storage, storageKey: a.storageKey, mimeType: a.mimeType, byteSize: a.byteSize, sha256: a.sha256 } });
    }
    const updated = await tx.conversation.update({
      where: { id: conversation.id },
      data: { lastMessageAt: now, unreadCount: { increment: 1 }, ...(conversation.status !== "open" ? { status: "open", snoozedUntil: null } : {}) },
    });
    return { message, updated, attachments: used.map((a) => ({ id: a.id })), earlier };
  });
  return stored;
}

/** Parsed shop settings, kept per process while the shop row is unchanged, for a short time. */
const settingsCache = new Map<string, { updatedAt: number; at: number; settings: ShopSettings }>();
const SETTINGS_TTL_MS = 30_000;

function chatSettings(shop: Shop): ShopSettings {
  const cached = settingsCache.get(shop.id);
  const updatedAt = shop.updatedAt?.getTime?.() ?? 0;
  const nowMs = Date.now();
  if (cached && cached.updatedAt === updatedAt && nowMs - cached.at < SETTINGS_TTL_MS) return cached.settings;
  const settings = readShopSettings(shop.settings);
  if (settingsCache.size > 1_000) settingsCache.clear();
  settingsCache.set(shop.id, { updatedAt, at: nowMs, settings });
  return settings;
}

async function answerChatMessage(shop: Shop, stored: StoredMessage, options: ChatTurnOptions, onDelta?: (text: string) => void): Promise<ChatReply> {
  const { message, updated: conversation } = stored;
  const conversationId = conversation.id;
  let language: Language = "en";
  try {
    const settings = chatSettings(shop);
    language = pickLanguage(settings.language, conversation.locale, detectLanguage(message.text));
    if (!conversation.aiActive) return await teamWillAnswer(shop, conversation, language, options);

    const history: HistoryRow[] = [...stored.earlier, { role: "customer", text: message.text, authorName: null }];
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
    const reply: Message = {
      id: randomUUID(),
      shopId: shop.id,
      conversationId,
      role: "ai",
      text: result.text,
      internal: false,
      authorId: null,
      authorName: null,
      toolCalls: result.toolCalls.length ? (result.toolCalls as Prisma.JsonValue) : null,
      sources: sources.length ? (sources as Prisma.JsonValue) : null,
      metadata: { mode },
      createdAt: new Date(),
    };
    // The shopper-visible messages once the reply is stored; the summary is refreshed every fourth past the recent window.
    const count = history.length + 1;
    if (count > RECENT_MESSAGES && count % 4 === 0) {
      await runInTransaction(async (tx) => {
        await insertReply(tx, reply);
        await enqueueJob(tx, summarizeChatJob, { shopId: shop.id, conversationId }, { shopId: shop.id, dedupKey: `chat.summarize:${conversationId}:${count}` });
      });
    } else {
      await insertReply(db(), reply);
    }
    void publishConversationEvent(shop.id, conversationId, messageEvent(reply));
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

/** A time for a `timestamp(3)` column in raw SQL: UTC, as Prisma stores them, whatever the session's time zone. */
function utc(date: Date): Prisma.Sql {
  return Prisma.sql`(${date.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
}

/** The AI reply and the conversation's last-message time, in one statement (so together). */
async function insertReply(client: DbClient, reply: Message) {
  const json = (value: Prisma.JsonValue | null) => (value === null ? null : JSON.stringify(value));
  await client.$executeRaw`
    WITH inserted AS (
      INSERT INTO "messages" ("id", "shopId", "conversationId", "role", "text", "toolCalls", "sources", "metadata", "createdAt")
      VALUES (${reply.id}::uuid, ${reply.shopId}::uuid, ${reply.conversationId}::uuid, 'ai', ${reply.text}, ${json(reply.toolCalls)}::jsonb, ${json(reply.sources)}::jsonb, ${json(reply.metadata)}::jsonb, ${utc(reply.createdAt)})
      RETURNING "conversationId"
    )
    UPDATE "conversations" SET "lastMessageAt" = ${utc(reply.createdAt)}, "updatedAt" = ${utc(reply.createdAt)}
    WHERE "id" = (SELECT "conversationId" FROM inserted) AND "shopId" = ${reply.shopId}::uuid`;
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
