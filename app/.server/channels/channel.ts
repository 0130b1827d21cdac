import type { Conversation } from "../db.server";

/**
 * One seam for message transports, shaped like `platforms/`: each channel is an adapter folder that
 * holds all of its transport (connect, verify, parse, deliver) and speaks only `InboundMessage` and
 * `OutboundMessage`. What happens to a message is decided by `conversations/receive-message`;
 * adapters never import `returns/`, `policies/` or `assistant/`.
 */

/** The channels a conversation can be on (`conversations.channel`). */
export type ChannelKind = Conversation["channel"];

/** The kinds of identity a contact can have (API.md, `ContactView.identities`). */
export type IdentityKind = "email" | "phone" | "whatsapp" | "shopify_customer" | "woocommerce_customer";

/**
 * Who a message is from as the channel knows it: normalised (lowercase email, E.164 phone) and
 * `verified` only when the channel itself proved it (a WhatsApp sender, a caller's number), never
 * for an email `From`, which anyone can write.
 */
export type InboundIdentity = { kind: IdentityKind; value: string; verified: boolean };

/** A shopper's message as a channel hands it to Dokani, validated at the channel's edge. */
export type InboundMessage = {
  channel: ChannelKind;
  /** The conversation the channel already knows the shopper is in (the web chat's bearer token); otherwise one is opened. */
  conversation?: Conversation;
  /** Who wrote, as far as the channel can tell; used when a conversation is opened. */
  from?: { email?: string; name?: string; locale?: string; phone?: string; identities?: InboundIdentity[] };
  text: string;
  /** The provider's own id for the message (email Message-ID, Twilio MessageSid): a repeat delivery stores nothing and answers `duplicate`. */
  externalId?: string;
  /** What the channel keeps with the message for the inbox and for threading (an email's subject and headers, a location). */
  metadata?: Record<string, unknown>;
  /** Why the assistant must not answer this message (an auto-reply, a bounce, list mail, a sender over the reply cap): it is stored all the same. */
  unanswered?: string;
  /** Photos the shopper uploaded to this conversation beforehand and sends with this message. */
  attachmentIds?: string[];
  /** The shopper's network address (or the provider's), for rate limits. */
  clientAddress: string;
};

/** A stored message of the shop's side that the channel must carry to the shopper. */
export type OutboundMessage = {
  shopId: string;
  conversationId: string;
  messageId: string;
  text: string;
};

/** What a channel can do, so the inbound door knows how to answer on it. */
export type ChannelCapabilities = {
  /** Replies reach the shopper while they are written (the web chat's event stream); otherwise they are delivered through the outbox once stored. */
  streamsReplies: boolean;
  /** The shopper can send photos with a message. */
  attachments: boolean;
};

export interface Channel {
  readonly kind: ChannelKind;
  readonly capabilities: ChannelCapabilities;
  /** Turns the channel's own request into an inbound message; refuses (400, with fields) what its schema does not accept. */
  parseInbound(raw: { body: unknown; conversation?: Conversation; clientAddress: string }): InboundMessage;
  /** Sends a stored outbound message to the shopper; throwing makes the delivery job try again. */
  deliver(message: OutboundMessage): Promise<void>;
}
