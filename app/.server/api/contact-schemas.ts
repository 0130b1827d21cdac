import { z } from "zod";
import { IDENTITY_KINDS } from "../contacts/identities";
import { ReturnViewSchema } from "./schemas";

/*
 * The merchant API's contacts and conversations (API.md, "Contacts, channels, calls and MCP"):
 * validated and documented from these objects like the rest of `schemas.ts`.
 */

const timestamp = z.iso.datetime().meta({ description: "ISO 8601 time in UTC", example: "2026-11-22T10:00:00.000Z" });
const limitMessage = "must be a whole number from 1 to 100";
const limit = z.coerce.number({ error: limitMessage }).int(limitMessage).min(1, limitMessage).max(100, limitMessage).default(25).meta({ description: "Page size" });
const cursor = z.string().max(200, "is not a cursor this API gave out").optional().meta({ description: "`nextCursor` of the previous page" });

export const CHANNELS = ["chat", "email", "whatsapp", "voice", "video"] as const;
export const CONVERSATION_STATUSES = ["open", "pending", "snoozed", "closed"] as const;
export const DELIVERY_STATUSES = ["queued", "sent", "delivered", "read", "failed"] as const;

/** API.md's ContactView. */
export const ContactViewSchema = z
  .object({
    id: z.uuid(),
    name: z.string().nullable(),
    identities: z.array(
      z.object({
        kind: z.enum(IDENTITY_KINDS),
        value: z.string().meta({ description: "Normalised: a lowercase email, an E.164 phone number, a platform customer id", example: "alex@example.com" }),
        verified: z.boolean().meta({ description: "Proved: an order lookup with this email, a WhatsApp or phone sender, a platform customer id" }),
      }),
    ),
    createdAt: timestamp,
  })
  .meta({ description: "A person the shop talks to, on every channel (API.md ContactView)." });

/** API.md's ConversationView. */
export const ConversationViewSchema = z
  .object({
    id: z.uuid(),
    channel: z.enum(CHANNELS),
    status: z.enum(CONVERSATION_STATUSES),
    subject: z.string().nullable(),
    contact: ContactViewSchema.nullable(),
    assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
    aiActive: z.boolean().meta({ description: "False while a person has taken over from the assistant" }),
    tags: z.array(z.string()).meta({ description: "The merchant's labels, lower case (set by hand, in bulk or by rules)" }),
    priority: z.enum(["low", "normal", "high", "urgent"]).meta({ description: "How soon the conversation wants an answer; SLA targets follow it" }),
    lastMessageAt: timestamp,
    createdAt: timestamp,
  })
  .meta({ description: "A conversation on any channel (API.md ConversationView)." });

/** API.md's CallView. */
export const CallViewSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(["voice", "video"]),
    provider: z.string().meta({ example: "elevenlabs" }),
    direction: z.enum(["inbound", "outbound", "web"]),
    status: z.enum(["scheduled", "active", "ended", "failed"]),
    contactId: z.uuid().nullable(),
    conversationId: z.uuid().nullable(),
    returnId: z.uuid().nullable(),
    startedAt: timestamp.nullable(),
    endedAt: timestamp.nullable(),
    durationSeconds: z.number().int().nullable(),
    summary: z.string().nullable(),
  })
  .meta({ description: "A voice or video call (API.md CallView)." });

/** A message of a conversation: MessageView with its channel and, for the shop's own messages, how far delivery got. */
export const ConversationMessageSchema = z
  .object({
    id: z.uuid(),
    role: z.enum(["customer", "ai", "agent", "system"]),
    text: z.string(),
    createdAt: timestamp,
    channel: z.enum(CHANNELS),
    deliveryStatus: z.enum(DELIVERY_STATUSES).nullable().meta({ description: "For messages the shop sent on a channel with receipts; null for received ones" }),
    deliveryError: z.string().nullable(),
  })
  .meta({ description: "A message (API.md MessageView) with its channel and delivery status." });

/** `GET /api/v1/conversations/{id}`. */
export const ConversationDetailSchema = ConversationViewSchema.extend({
  messages: z.array(ConversationMessageSchema).meta({ description: "Oldest first; internal notes are left out" }),
}).meta({ description: "One conversation with its messages." });

/** A page of `GET /api/v1/conversations`. */
export const ConversationListSchema = z
  .object({ data: z.array(ConversationViewSchema), nextCursor: z.string().nullable() })
  .meta({ description: "A page of conversations, most recent activity first." });

/** A page of `GET /api/v1/contacts`. */
export const ContactListSchema = z.object({ data: z.array(ContactViewSchema), nextCursor: z.string().nullable() }).meta({ description: "A page of contacts, newest first." });

const related = <T extends z.ZodType>(latest: T) => z.object({ count: z.number().int(), latest: latest.nullable() });

/** `GET /api/v1/contacts/{id}`. */
export const ContactDetailSchema = ContactViewSchema.extend({
  conversations: related(ConversationViewSchema),
  returns: related(ReturnViewSchema),
  calls: related(CallViewSchema),
}).meta({ description: "A contact with how many conversations, returns and calls they have, and the latest of each." });

/** Query of `GET /api/v1/contacts`. */
export const ListContactsQuerySchema = z.object({
  query: z
    .string({ error: "must be text" })
    .trim()
    .max(320, "must be at most 320 characters")
    .optional()
    .meta({ description: "Part of a name, an email or a phone number (any letter case)", example: "alex@example.com" }),
  limit,
  cursor,
});

/** Query of `GET /api/v1/conversations`. */
export const ListConversationsQuerySchema = z.object({
  channel: z.enum(CHANNELS, { error: `must be one of ${CHANNELS.join(", ")}` }).optional().meta({ description: "Only conversations on this channel" }),
  status: z.enum(CONVERSATION_STATUSES, { error: `must be one of ${CONVERSATION_STATUSES.join(", ")}` }).optional().meta({ description: "Only conversations in this status" }),
  contactId: z.uuid({ error: "must be a contact id" }).optional().meta({ description: "Only this contact's conversations" }),
  limit,
  cursor,
});

/** Body of `POST /api/v1/contacts/{id}/merge`. */
export const MergeContactRequestSchema = z
  .object({ from: z.uuid({ error: (issue) => (issue.input === undefined ? "is required" : "must be a contact id") }).meta({ description: "The contact that becomes a tombstone pointing at `{id}`" }) })
  .meta({ description: "The contact to merge into this one." });

/** Path parameter `{id}` of a contact. */
export const ContactIdParamSchema = z.uuid().meta({ description: "The contact's id" });
/** Path parameter `{id}` of a conversation. */
export const ConversationIdParamSchema = z.uuid().meta({ description: "The conversation's id" });

export type ContactView = z.output<typeof ContactViewSchema>;
export type ConversationView = z.output<typeof ConversationViewSchema>;
export type CallView = z.output<typeof CallViewSchema>;
export type ContactDetail = z.output<typeof ContactDetailSchema>;
export type ConversationDetail = z.output<typeof ConversationDetailSchema>;

export const CONTACT_COMPONENT_SCHEMAS = {
  ContactView: ContactViewSchema,
  ContactList: ContactListSchema,
  ContactDetail: ContactDetailSchema,
  ConversationView: ConversationViewSchema,
  ConversationList: ConversationListSchema,
  ConversationDetail: ConversationDetailSchema,
  ConversationMessage: ConversationMessageSchema,
  CallView: CallViewSchema,
} as const;

export const CONTACT_REQUEST_SCHEMAS = {
  MergeContactRequest: MergeContactRequestSchema,
} as const;
