import type { Conversation, Message } from "../db.server";
import { publishConversationEvent } from "../realtime/conversation-events.server";
import { messageEvent, stateEvent } from "./conversation-event";

/** Publishes a committed change: the new messages first, then the conversation's new state. */
export async function publishChange(conversation: Conversation, messages: Message[] = []) {
  for (const message of messages) await publishConversationEvent(conversation.shopId, conversation.id, messageEvent(message));
  await publishConversationEvent(conversation.shopId, conversation.id, stateEvent(conversation));
}
