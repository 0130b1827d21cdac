import { recordAudit } from "../audit/record-audit";
import { db } from "../db.server";
import { AppError } from "../errors";
import type { ShopContext } from "../shops/shop-context";
import { mergeContacts } from "./merge-contacts.server";
import { contactSearch, findLiveContact } from "./read-contacts.server";
import { toContactView } from "./views";

/** The admin's contacts page: a search over the shop's live contacts and the open merge suggestions. */
export async function listContactsForAdmin(ctx: ShopContext, input: { query?: string }) {
  const shopId = ctx.shop.id;
  const [rows, suggestions] = await Promise.all([
    db().contact.findMany({
      where: { shopId, mergedIntoId: null, ...contactSearch(input.query) },
      include: { identities: true, _count: { select: { conversations: true, returns: true, calls: true } } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 50,
    }),
    listSuggestions(shopId),
  ]);
  return {
    contacts: rows.map((row) => ({ ...toContactView(row), counts: row._count })),
    suggestions,
  };
}

/** Open merge suggestions of the shop (of one contact when given), with both contacts. */
export async function listSuggestions(shopId: string, contactId?: string) {
  const rows = await db().contactMergeSuggestion.findMany({
    where: { shopId, dismissedAt: null, ...(contactId ? { OR: [{ contactId }, { otherContactId: contactId }] } : {}) },
    include: { contact: { include: { identities: true } }, other: { include: { identities: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 50,
  });
  return rows
    .filter((s) => !s.contact.mergedIntoId && !s.other.mergedIntoId)
    .map((s) => ({ id: s.id, reason: s.reason, createdAt: s.createdAt.toISOString(), contact: toContactView(s.contact), other: toContactView(s.other) }));
}

/** One contact in the admin: identities, every conversation, return and call, the risk profiles and the history of merges. */
export async function getContactForAdmin(ctx: ShopContext, id: string) {
  const contact = await findLiveContact(ctx, id);
  const shopId = ctx.shop.id;
  const [conversations, returns, calls, risk, suggestions, history] = await Promise.all([
    db().conversation.findMany({ where: { shopId, contactId: id }, orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }], take: 100 }),
    db().returnRequest.findMany({ where: { shopId, contactId: id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 100 }),
    db().callSession.findMany({ where: { shopId, contactId: id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 100 }),
    db().customerRiskProfile.findMany({ where: { shopId, contactId: id }, orderBy: { riskScore: "desc" } }),
    listSuggestions(shopId, id),
    db().auditLog.findMany({ where: { shopId, entityType: "contact", entityId: id }, orderBy: { createdAt: "desc" }, take: 50 }),
  ]);
  return {
    contact: toContactView(contact),
    conversations: conversations.map((c) => ({ id: c.id, channel: c.channel, status: c.status, subject: c.subject, summary: c.summary, lastMessageAt: c.lastMessageAt.toISOString() })),
    returns: returns.map((r) => ({ id: r.id, orderName: r.orderName, status: r.status, resolution: r.resolution, total: `${r.orderTotal.toFixed(2)} ${r.currency}`, createdAt: r.createdAt.toISOString() })),
    calls: calls.map((c) => ({ id: c.id, kind: c.kind, provider: c.provider, status: c.status, durationSeconds: c.durationSeconds, summary: c.summary, createdAt: c.createdAt.toISOString() })),
    risk: risk.map((p) => ({ id: p.id, email: p.email, riskScore: p.riskScore.toNumber(), returnCount: p.returnCount, deniedCount: p.deniedCount, flags: p.flags })),
    suggestions,
    history: history.map((h) => ({ id: h.id, action: h.action, message: h.message, actorType: h.actorType, createdAt: h.createdAt.toISOString() })),
  };
}

/** A merchant merges `fromId` into `intoId` (from the contact page or a suggestion). */
export async function mergeContactsByMerchant(ctx: ShopContext, input: { intoId: string; fromId: string }) {
  return mergeContacts({ shopId: ctx.shop.id, intoId: input.intoId, fromId: input.fromId, actor: ctx.actor, reason: "manual" });
}

/** A merchant says two contacts are different people: the suggestion is dismissed for good. */
export async function dismissSuggestion(ctx: ShopContext, suggestionId: string) {
  const done = await db().contactMergeSuggestion.updateMany({ where: { id: suggestionId, shopId: ctx.shop.id, dismissedAt: null }, data: { dismissedAt: new Date() } });
  if (!done.count) throw new AppError("not_found", "No such suggestion.");
  await recordAudit(db(), { shopId: ctx.shop.id, entityType: "contact_suggestion", entityId: suggestionId, action: "dismissed", actor: ctx.actor });
}

/**
 * The contact a conversation or a return belongs to, for the card on its admin page (name,
 * identities, how many conversations and returns, and the link to the contact page); null when none.
 */
export async function contactCardFor(shopId: string, of: { conversationId: string } | { returnId: string }) {
  const owner =
    "conversationId" in of
      ? await db().conversation.findFirst({ where: { id: of.conversationId, shopId }, select: { contactId: true } })
      : await db().returnRequest.findFirst({ where: { id: of.returnId, shopId }, select: { contactId: true } });
  if (!owner?.contactId) return null;
  const contact = await db().contact.findFirst({
    where: { id: owner.contactId, shopId },
    include: { identities: true, _count: { select: { conversations: true, returns: true, calls: true } } },
  });
  return contact ? { ...toContactView(contact), counts: contact._count } : null;
}
