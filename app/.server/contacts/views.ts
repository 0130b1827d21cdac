import type { CallView, ContactView, ConversationView } from "../api/contact-schemas";
import type { CallSession, Contact, ContactIdentity, Conversation, Message } from "../db.server";

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

/** A message as `GET /api/v1/conversations/{id}` lists it. */
export function toConversationMessage(row: Message, channel: Conversation["channel"]) {
  return {
    id: row.id,
    role: row.role,
    text: row.text,
    createdAt: row.createdAt.toISOString(),
    channel,
    deliveryStatus: row.deliveryStatus,
    deliveryError: row.deliveryError,
  };
}

const CALL_STATUS: Record<CallSession["status"], CallView["status"]> = {
  scheduled: "scheduled",
  ringing: "active",
  in_progress: "active",
  completed: "ended",
  cancelled: "ended",
  failed: "failed",
};

/** API.md's CallView; the direction and return come from what the call's provider recorded in its metadata. */
export function toCallView(row: CallSession): CallView {
  const meta = (row.metadata ?? {}) as { direction?: unknown; returnId?: unknown };
  const direction = meta.direction === "inbound" || meta.direction === "outbound" || meta.direction === "web" ? meta.direction : row.provider === "tavus" ? "web" : "inbound";
  return {
    id: row.id,
    kind: row.kind,
    provider: row.provider,
    direction,
    status: CALL_STATUS[row.status],
    contactId: row.contactId,
    conversationId: row.conversationId,
    returnId: typeof meta.returnId === "string" ? meta.returnId : null,
    startedAt: row.startedAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    durationSeconds: row.durationSeconds,
    summary: row.summary,
  };
}
