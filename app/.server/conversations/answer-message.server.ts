import { randomUUID } from "node:crypto";
import type OpenAI from "openai";
import { answerShopper, type HistoryMessage } from "../assistant/answer-shopper.server";
import { phrase, type Language } from "../assistant/phrases";
import { streamComposed } from "../assistant/stream-composed";
import type { Conversation, Message, Prisma } from "../db.server";
import { log } from "../logger.server";
import { publishConversationEvent } from "../realtime/conversation-events.server";
import { messageEvent } from "./conversation-event";
import { handOffConversation } from "./hand-off-conversation.server";
import { sendReply } from "./send-reply.server";
import type { ShopContext } from "../shops/shop-context";

/** A reply as the shopper gets it: stored, or (when answering failed) said once and not stored. */
export type ReplyRow = Pick<Message, "id" | "role" | "text" | "createdAt" | "authorName" | "sources" | "metadata">;

/** The answer to a shopper's message. */
export type AnsweredMessage = { reply: ReplyRow; handedOff: boolean };

/** A shopper's stored message and what the assistant needs with it. */
export type MessageToAnswer = {
  message: Pick<Message, "text">;
  /** The conversation as it stands with the message stored. */
  conversation: Conversation;
  /** The shopper-visible messages before this one, oldest first. */
  earlier: HistoryMessage[];
  clientAddress: string;
};

export type AnswerOptions = {
  /** The model client; undefined reads OPENAI_API_KEY, null means no model. */
  openai?: OpenAI | null;
  timeoutMs?: number;
  /** Throw instead of apologising, so that a job answering through the outbox is tried again. */
  rethrow?: boolean;
};

/**
 * The assistant's turn on a shopper's stored message, stored and sent through `sendReply`, then a
 * hand-off when the turn asks for a person. Unless told to rethrow, it never throws: a failure gets a
 * reply that says so and offers a person, said once and not stored.
 */
export async function answerMessage(ctx: ShopContext, input: MessageToAnswer, options: AnswerOptions = {}, onDelta?: (text: string) => void): Promise<AnsweredMessage> {
  const { shop } = ctx;
  const { conversation } = input;
  let language: Language = "en";
  try {
    const history: HistoryMessage[] = [...input.earlier, { role: "customer", text: input.message.text, authorName: null }];
    const turn = await answerShopper(ctx, { conversation, history, onDelta, clientAddress: input.clientAddress, openai: options.openai, timeoutMs: options.timeoutMs });
    language = turn.language;
    if (turn.kind === "notice") {
      if (turn.fresh) await publishConversationEvent(shop.id, conversation.id, messageEvent(turn.message));
      return { reply: turn.message, handedOff: true };
    }
    const reply = await sendReply(
      ctx,
      conversation,
      {
        role: "ai",
        text: turn.text,
        toolCalls: turn.toolCalls.length ? (turn.toolCalls as Prisma.JsonValue) : null,
        sources: turn.sources.length ? (turn.sources.map((s) => ({ type: "article", articleId: s.articleId, title: s.title })) as Prisma.JsonValue) : null,
        metadata: { mode: turn.mode, ...(turn.quickReplies?.length ? { quickReplies: turn.quickReplies.slice(0, 9) } : {}) },
      },
      { summaryAt: turn.summaryAt },
    );
    let handedOff = false;
    if (turn.handoff) handedOff = (await handOffConversation(ctx, { conversationId: conversation.id, reason: turn.handoff.reason, language })) !== null;
    return { reply, handedOff };
  } catch (error) {
    if (options.rethrow) throw error;
    log().warn({ err: error, conversationId: conversation.id }, "chat reply failed");
    const text = phrase(language, "stillThere");
    streamComposed(text, onDelta);
    return { reply: { id: randomUUID(), role: "ai", text, createdAt: new Date(), authorName: null, sources: null, metadata: null }, handedOff: false };
  }
}
