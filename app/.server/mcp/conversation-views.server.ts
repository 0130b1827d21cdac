import { toConversationView } from "../contacts/views";
import type { ConversationView } from "../api/contact-schemas";
import { z } from "zod";
import { decodeCursor, encodeCursor, keysetAfterDescending } from "../api/keyset-cursor";
import { PAGE_LIMIT } from "../api/schemas";
import { db, type Prisma } from "../db.server";
import { AppError } from "../errors";
import { parseId } from "../http/route-helpers.server";
import { CONVERSATION_CHANNELS } from "../conversations/list-conversations.server";
import type { ShopContext } from "../shops/shop-context";

/*
 * Conversations in API.md's `ConversationView` (contract version 2), read for the MCP tools
 * `search_conversations` and `get_conversation`. `contact` stays null until contacts exist;
 * `GET /api/v1/conversations` answers the same view.
 */

const limitMessage = `must be a whole number from ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max}`;

/** Query of the conversation list: channel, status, a search of name, email or subject, and keyset paging. */
export const ListConversationsQuerySchema = z.object({
  channel: z.enum(CONVERSATION_CHANNELS, { error: `must be one of ${CONVERSATION_CHANNELS.join(", ")}` }).optional().meta({ description: "Only conversations on this channel" }),
  status: z.enum(["open", "pending", "snoozed", "closed"], { error: "must be one of open, pending, snoozed, closed" }).optional().meta({ description: "Only conversations in this status" }),
  query: z.string({ error: "must be text" }).trim().min(1, "must not be empty").max(200, "must be at most 200 characters").optional().meta({ description: "Matches the customer's name or email, or the subject" }),
  limit: z.coerce.number({ error: limitMessage }).int(limitMessage).min(PAGE_LIMIT.min, limitMessage).max(PAGE_LIMIT.max, limitMessage).default(PAGE_LIMIT.default).meta({ description: "Page size" }),
  cursor: z.string().max(300, "is not a cursor this API gave out").optional().meta({ description: "`nextCursor` of the previous page" }),
});
export type ListConversationsQuery = z.output<typeof ListConversationsQuerySchema>;

const WITH_CONTACT = { contact: { include: { identities: true } } } as const;

/** A message of a conversation as the merchant API answers it: MessageView + channel and delivery status. */
export type ConversationMessageView = { id: string; role: string; text: string; createdAt: string; channel: string; deliveryStatus: string | null };

/** The latest messages a conversation answer carries; older ones are counted, not sent. */
export const MAX_CONVERSATION_MESSAGES = 50;

/** The shop's conversations, most recent activity first, one keyset page at a time. */
export async function listConversationViews(ctx: ShopContext, query: ListConversationsQuery): Promise<{ data: ConversationView[]; nextCursor: string | null }> {
  const and: Prisma.ConversationWhereInput[] = [{ shopId: ctx.shop.id }];
  if (query.channel) and.push({ channel: query.channel });
  if (query.status) and.push({ status: query.status });
  if (query.query) {
    const q = query.query;
    and.push({ OR: [{ customerEmail: { contains: q, mode: "insensitive" } }, { customerName: { contains: q, mode: "insensitive" } }, { subject: { contains: q, mode: "insensitive" } }] });
  }
  if (query.cursor) and.push(...keysetAfterDescending("lastMessageAt", decodeCursor(query.cursor)));
  const rows = await db().conversation.findMany({ where: { AND: and }, include: WITH_CONTACT, orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }], take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(toConversationView),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAt: last.lastMessageAt, id: last.id }) : null,
  };
}

/** One conversation with its latest messages (internal notes left out), oldest first; another shop's is 404. */
export async function getConversationView(ctx: ShopContext, conversationId: string) {
  const id = parseId(conversationId, "conversation");
  const row = await db().conversation.findFirst({ where: { id, shopId: ctx.shop.id }, include: WITH_CONTACT });
  if (!row) throw new AppError("not_found", "No such conversation.");
  const where = { conversationId: id, shopId: ctx.shop.id, internal: false };
  const [latest, total] = await Promise.all([
    db().message.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: MAX_CONVERSATION_MESSAGES }),
    db().message.count({ where }),
  ]);
  const messages: ConversationMessageView[] = latest.reverse().map((m) => ({
    id: m.id,
    role: m.role,
    text: m.text,
    createdAt: m.createdAt.toISOString(),
    channel: row.channel,
    deliveryStatus: m.deliveryStatus,
  }));
  return { ...toConversationView(row), messages, olderMessages: total - latest.length };
}
