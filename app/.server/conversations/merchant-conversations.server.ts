import type { ConversationDetail, ConversationView } from "../api/contact-schemas";
import { decodeCursor, encodeCursor } from "../api/keyset-cursor";
import { currentContactId } from "../contacts/read-contacts.server";
import { toConversationMessage, toConversationView } from "../contacts/views";
import { db, type Prisma } from "../db.server";
import { AppError } from "../errors";
import type { ShopContext } from "../shops/shop-context";

export type ListConversationsInput = {
  channel?: ConversationView["channel"];
  status?: ConversationView["status"];
  contactId?: string;
  limit: number;
  cursor?: string;
};

const withContact = { contact: { include: { identities: true } } } as const;

/**
 * `GET /api/v1/conversations`: the shop's conversations over every channel, most recent activity
 * first, a keyset page at a time on (lastMessageAt, id). A merged contact's id lists its survivor's
 * conversations (they moved there); another shop's contact lists nothing.
 */
export async function listConversationViews(ctx: ShopContext, input: ListConversationsInput): Promise<{ data: ConversationView[]; nextCursor: string | null }> {
  const shopId = ctx.shop.id;
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  let contactId: string | undefined;
  if (input.contactId) {
    const current = await currentContactId(shopId, input.contactId);
    if (!current) return { data: [], nextCursor: null };
    contactId = current;
  }
  const where: Prisma.ConversationWhereInput = {
    shopId,
    ...(input.channel ? { channel: input.channel } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(contactId ? { contactId } : {}),
    ...(after ? { AND: [{ lastMessageAt: { lte: after.createdAt } }, { OR: [{ lastMessageAt: { lt: after.createdAt } }, { id: { lt: after.id } }] }] } : {}),
  };
  const rows = await db().conversation.findMany({ where, include: withContact, orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }], take: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return { data: page.map(toConversationView), nextCursor: rows.length > input.limit && last ? encodeCursor({ createdAt: last.lastMessageAt, id: last.id }) : null };
}

/** `GET /api/v1/conversations/{id}`: the conversation and its messages (internal notes left out), oldest first. */
export async function getConversationView(ctx: ShopContext, id: string): Promise<ConversationDetail> {
  const row = await db().conversation.findFirst({
    where: { id, shopId: ctx.shop.id },
    include: { ...withContact, messages: { where: { internal: false }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 1000 } },
  });
  if (!row) throw new AppError("not_found", "No such conversation.");
  const { messages, ...conversation } = row;
  return { ...toConversationView(conversation), messages: messages.map((m) => toConversationMessage(m, row.channel)) };
}
