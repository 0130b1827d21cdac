import type { Conversation, Message } from "../db.server";
import {
  publishConversationEvent,
  type ConversationMessageEvent,
  type ConversationStateEvent,
} from "../realtime/conversation-events.server";

/** The state event of a conversation as it now stands. */
export function stateEvent(conversation: Conversation): ConversationStateEvent {
  return {
    kind: "conversation",
    conversation: {
      id: conversation.id,
      status: conversation.status,
      aiActive: conversation.aiActive,
      assigneeName: conversation.assigneeName,
      unreadCount: conversation.unreadCount,
    },
  };
}

/** The message event of a stored message; `internal` travels with it so the shopper's stream can drop notes. */
export function messageEvent(message: Message): ConversationMessageEvent {
  return {
    kind: "message",
    message: {
      id: message.id,
      role: message.role,
      text: message.text,
      createdAt: message.createdAt.toISOString(),
      internal: message.internal,
      authorName: message.authorName,
    },
  };
}

/** Publishes a committed change: the new messages first, then the conversation's new state. */
export async function publishChange(conversation: Conversation, messages: Message[] = []) {
  for (const message of messages) await publishConversationEvent(conversation.shopId, conversation.id, messageEvent(message));
  await publishConversationEvent(conversation.shopId, conversation.id, stateEvent(conversation));
}
