import { decodeCursor, encodeCursor, keysetAfterDescending } from "../api/keyset-cursor";
import type { ContactDetail, ContactView } from "../api/contact-schemas";
import { db, type Prisma } from "../db.server";
import { AppError } from "../errors";
import { toReturnView } from "../returns/return-view";
import type { ShopContext } from "../shops/shop-context";
import { normaliseEmail, normalisePhone } from "./identities";
import { toCallView, toContactView, toConversationView } from "./views";

const withIdentities = { identities: true } as const;

/** The 404 a merged contact answers: `contact_merged` naming the survivor, so a client can follow it. */
export function contactMerged(survivorId: string): AppError {
  return new AppError("contact_merged", "This contact was merged into another one; use `mergedInto`.", { body: { mergedInto: survivorId } });
}

/** What a search text matches: part of a name or of an identity, or exactly the email or phone it normalises to. */
export function contactSearch(query: string | undefined): Prisma.ContactWhereInput {
  const text = query?.trim();
  if (!text) return {};
  const email = normaliseEmail(text);
  const phone = /^[+\d][\d\s().-]{5,}$/.test(text) ? normalisePhone(text) : null;
  return {
    OR: [
      { name: { contains: text, mode: "insensitive" } },
      { identities: { some: { value: { contains: text.toLowerCase() } } } },
      ...(email ? [{ identities: { some: { kind: "email" as const, value: email } } }] : []),
      ...(phone ? [{ identities: { some: { kind: { in: ["phone" as const, "whatsapp" as const] }, value: phone } } }] : []),
    ],
  };
}

/** `GET /api/v1/contacts?query=`: the shop's live contacts (not tombstones), newest first, a keyset page at a time. */
export async function listContacts(ctx: ShopContext, input: { query?: string; limit: number; cursor?: string }): Promise<{ data: ContactView[]; nextCursor: string | null }> {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await db().contact.findMany({
    where: { shopId: ctx.shop.id, mergedIntoId: null, AND: [contactSearch(input.query), ...(after ? keysetAfterDescending("createdAt", after) : [])] },
    include: withIdentities,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return { data: page.map(toContactView), nextCursor: rows.length > input.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
}

/** A live contact of the shop, or 404 (`contact_merged` with the survivor for a tombstone). */
export async function findLiveContact(ctx: ShopContext, id: string) {
  const row = await db().contact.findFirst({ where: { id, shopId: ctx.shop.id }, include: withIdentities });
  if (!row) throw new AppError("not_found", "No such contact.");
  if (row.mergedIntoId) throw contactMerged(row.mergedIntoId);
  return row;
}

/** `GET /api/v1/contacts/{id}`: the contact with the count and latest of their conversations, returns and calls. */
export async function getContact(ctx: ShopContext, id: string): Promise<ContactDetail> {
  const contact = await findLiveContact(ctx, id);
  const shopId = ctx.shop.id;
  const [conversations, latestConversation, returns, latestReturn, calls, latestCall] = await Promise.all([
    db().conversation.count({ where: { shopId, contactId: id } }),
    db().conversation.findFirst({ where: { shopId, contactId: id }, orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }], include: { contact: { include: withIdentities } } }),
    db().returnRequest.count({ where: { shopId, contactId: id } }),
    db().returnRequest.findFirst({ where: { shopId, contactId: id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], include: { items: true } }),
    db().callSession.count({ where: { shopId, contactId: id } }),
    db().callSession.findFirst({ where: { shopId, contactId: id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
  ]);
  return {
    ...toContactView(contact),
    conversations: { count: conversations, latest: latestConversation ? toConversationView(latestConversation) : null },
    returns: { count: returns, latest: latestReturn ? toReturnView(latestReturn, ctx.shop) : null },
    calls: { count: calls, latest: latestCall ? toCallView(latestCall) : null },
  };
}

/** The contact a (possibly merged) id stands for now: itself, or the survivor it was merged into; null when it is not the shop's. */
export async function currentContactId(shopId: string, id: string): Promise<string | null> {
  const row = await db().contact.findFirst({ where: { id, shopId }, select: { id: true, mergedIntoId: true } });
  return row ? (row.mergedIntoId ?? row.id) : null;
}
