import { z } from "zod";
import type { Conversation, Message } from "../db.server";

/**
 * The one shape of a conversation event, for the inbox, the shopper's stream and the transport
 * between instances. Events are built only by the two builders below and checked with the schema
 * wherever they arrive from outside the process.
 */

const MessagePayload = z.object({
  id: z.string(),
  role: z.enum(["customer", "ai", "agent", "system"]),
  text: z.string(),
  createdAt: z.string(),
  /** Internal notes travel too, so the inbox sees them; a shopper's stream drops them. */
  internal: z.boolean(),
  authorName: z.string().nullable(),
});

const StatePayload = z.object({
  id: z.string(),
  status: z.enum(["open", "pending", "snoozed", "closed"]),
  aiActive: z.boolean(),
  assigneeName: z.string().nullable(),
  unreadCount: z.number(),
});

export const ConversationMessageEventSchema = z.object({ kind: z.literal("message"), message: MessagePayload });
export const ConversationStateEventSchema = z.object({ kind: z.literal("conversation"), conversation: StatePayload });
export const ConversationEventSchema = z.discriminatedUnion("kind", [ConversationMessageEventSchema, ConversationStateEventSchema]);
export const ConversationEnvelopeSchema = z.object({ shopId: z.uuid(), conversationId: z.uuid(), event: ConversationEventSchema });

/** A message as the inbox and the shopper's event stream see it. */
export type ConversationMessageEvent = z.infer<typeof ConversationMessageEventSchema>;
/** A change to the conversation itself: status, take-over, assignment, unread count. */
export type ConversationStateEvent = z.infer<typeof ConversationStateEventSchema>;
export type ConversationEvent = z.infer<typeof ConversationEventSchema>;
/** An event with the shop and conversation it belongs to. */
export type ConversationEnvelope = z.infer<typeof ConversationEnvelopeSchema>;

/** The state event of a conversation as it now stands. */
export function stateEvent(conversation: Pick<Conversation, "id" | "status" | "aiActive" | "assigneeName" | "unreadCount">): ConversationStateEvent {
  const { id, status, aiActive, assigneeName, unreadCount } = conversation;
  return { kind: "conversation", conversation: { id, status, aiActive, assigneeName, unreadCount } };
}

/** The message event of a stored message. */
export function messageEvent(message: Pick<Message, "id" | "role" | "text" | "createdAt" | "internal" | "authorName">): ConversationMessageEvent {
  const { id, role, text, createdAt, internal, authorName } = message;
  return { kind: "message", message: { id, role, text, createdAt: createdAt.toISOString(), internal, authorName } };
}
