import { EventEmitter } from "node:events";

/** A message as the inbox and the shopper's event stream see it. `internal` notes never reach a shopper. */
export type ConversationMessageEvent = {
  kind: "message";
  message: {
    id: string;
    role: "customer" | "ai" | "agent" | "system";
    text: string;
    createdAt: string;
    internal: boolean;
    authorName: string | null;
  };
};

/** A change to the conversation itself: status, take-over, assignment, unread count. */
export type ConversationStateEvent = {
  kind: "conversation";
  conversation: {
    id: string;
    status: "open" | "pending" | "snoozed" | "closed";
    aiActive: boolean;
    assigneeName: string | null;
    unreadCount: number;
  };
};

export type ConversationEvent = ConversationMessageEvent | ConversationStateEvent;

export type ConversationEnvelope = { shopId: string; conversationId: string; event: ConversationEvent };

type Listener = (envelope: ConversationEnvelope) => void;

const local = new EventEmitter();
local.setMaxListeners(0);

/**
 * Sends an event to everyone watching the conversation (the shopper's stream, the inbox). Call it
 * after the change has committed. This in-process bus reaches listeners of this instance only.
 */
export async function publishConversationEvent(shopId: string, conversationId: string, event: ConversationEvent): Promise<void> {
  deliverLocally({ shopId, conversationId, event });
}

/** Hands an envelope to this instance's listeners (a transport calls this for events from other instances). */
export function deliverLocally(envelope: ConversationEnvelope) {
  local.emit(`conversation:${envelope.conversationId}`, envelope);
  local.emit(`shop:${envelope.shopId}`, envelope);
}

/** Calls `listener` for each event of one conversation until the returned function is called. */
export function subscribeConversation(conversationId: string, listener: Listener): () => void {
  const channel = `conversation:${conversationId}`;
  local.on(channel, listener);
  return () => local.off(channel, listener);
}

/** Calls `listener` for each event of every conversation of a shop (the inbox list) until unsubscribed. */
export function subscribeShopConversations(shopId: string, listener: Listener): () => void {
  const channel = `shop:${shopId}`;
  local.on(channel, listener);
  return () => local.off(channel, listener);
}
