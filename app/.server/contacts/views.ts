import type { ContactView, ConversationView } from "../api/contact-schemas";
import type { Contact, ContactIdentity, Conversation, Message } from "../db.server";

type ContactRow = Contact & { identities: ContactIdentity[] };

const KIND_ORDER = ["email", "phone", "whatsapp", "shopify_customer", "woocommerce_customer"];

/** API.md's ContactView: proved identities first, then by kind and value. */
export function toContactView(row: ContactRow): ContactView {
  const identities = [...row.identities].sort(
    (a, b) => Number(b.verified) - Number(a.verified) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.value.localeCompare(b.value),
  );
  return {
    id: row.id,
    name: row.name,
    identities: identities.map((i) => ({ kind: i.kind, value: i.value, verified: i.verified })),
    createdAt: row.createdAt.toISOString(),
  };
}

/** API.md's ConversationView. */
export function toConversationView(row: Conversation & { contact: ContactRow | null }): ConversationView {
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    subject: row.subject,
    contact: row.contact ? toContactView(row.contact) : null,
    assignee: row.assigneeId ? { id: row.assigneeId, name: row.assigneeName ?? row.assigneeId } : null,
    aiActive: row.aiActive,
    tags: [...row.tags],
    priority: row.priority,
    lastMessageAt: row.lastMessageAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

/** The channel a message came by: its conversation's, except the lines of a call held from that conversation (voice or video). */
function messageChannel(row: Message, channel: Conversation["channel"]): Conversation["channel"] {
  const call = (row.metadata as { call?: { kind?: unknown } } | null)?.call;
  return call?.kind === "voice" || call?.kind === "video" ? call.kind : channel;
}

/** A message as `GET /api/v1/conversations/{id}` lists it. */
export function toConversationMessage(row: Message, channel: Conversation["channel"]) {
  return {
    id: row.id,
    role: row.role,
    text: row.text,
    createdAt: row.createdAt.toISOString(),
    channel: messageChannel(row, channel),
    deliveryStatus: row.deliveryStatus,
    deliveryError: row.deliveryError,
  };
}

/** API.md's CallView: one mapping for every caller (app/.server/calls/call-view.ts). */
export { toCallView } from "../calls/call-view";
