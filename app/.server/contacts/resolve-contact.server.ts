import { randomUUID } from "node:crypto";
import { SYSTEM_ACTOR } from "../audit/record-audit";
import type { InboundIdentity } from "../channels/channel";
import { db, Prisma } from "../db.server";
import { uniqueIdentities } from "./identities";
import { mergeContacts, suggestMerge } from "./merge-contacts.server";

/*
 * Finding the contact of a message or an order lookup. Every identity has one owner per shop, so
 * the identities a sender is known by lead to zero, one or several contacts:
 *   - none: a contact is created with all of them;
 *   - one: it is the contact, and it learns the identities it did not have (and that a proved one is proved);
 *   - several: they are one person only if both sides are proved. Two contacts are merged
 *     automatically only when the identity that leads to each was verified (an order lookup proved
 *     the email, a WhatsApp or phone sender, a platform customer id); otherwise the merchant gets a
 *     merge suggestion. Never across shops: every statement is scoped by `shopId`.
 */

export type ContactResolution = {
  /** The contact, or null when the sender gave nothing that identifies them. */
  contactId: string | null;
  /** Contacts merged into `contactId` by this resolution. */
  merged: string[];
  /** Contacts suggested to the merchant as maybe the same person. */
  suggested: string[];
};

type Owned = { kind: InboundIdentity["kind"]; value: string; verified: boolean; contactId: string; createdAt: Date };

const NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`;

function identityRows(identities: InboundIdentity[]) {
  return {
    kinds: identities.map((i) => i.kind),
    values: identities.map((i) => i.value),
    verified: identities.map((i) => i.verified),
  };
}

/** The owners of these identities in the shop, oldest contact first: one statement. */
async function findOwners(shopId: string, identities: InboundIdentity[]): Promise<Owned[]> {
  // The usual message names one identity: a single probe of the unique index, nothing to order.
  if (identities.length === 1) {
    const only = identities[0]!;
    return db().$queryRaw<Owned[]>`
      SELECT "kind"::text AS "kind", "value", "verified", "contactId", "createdAt"
      FROM "contact_identities" WHERE "shopId" = ${shopId}::uuid AND "kind" = ${only.kind}::"IdentityKind" AND "value" = ${only.value}`;
  }
  const { kinds, values } = identityRows(identities);
  return db().$queryRaw<Owned[]>`
    SELECT i."kind"::text AS "kind", i."value", i."verified", i."contactId", c."createdAt"
    FROM unnest(${kinds}::text[], ${values}::text[]) AS w("kind", "value")
    JOIN "contact_identities" i ON i."shopId" = ${shopId}::uuid AND i."kind" = w."kind"::"IdentityKind" AND i."value" = w."value"
    JOIN "contacts" c ON c."id" = i."contactId"
    ORDER BY c."createdAt", c."id"`;
}

/** Adds identities to a contact (or creates the contact with them): one statement; the identities someone else took meanwhile are left out. */
async function addIdentities(shopId: string, contactId: string, identities: InboundIdentity[], create: { name: string | null } | null): Promise<number> {
  if (!identities.length) return 0;
  const { kinds, values, verified } = identityRows(identities);
  const made = create
    ? Prisma.sql`made AS (INSERT INTO "contacts" ("id", "shopId", "name", "createdAt", "updatedAt") VALUES (${contactId}::uuid, ${shopId}::uuid, ${create.name}, ${NOW}, ${NOW}) RETURNING "id"),`
    : Prisma.empty;
  const rows = await db().$queryRaw<Array<{ n: bigint }>>`
    WITH ${made} added AS (
      INSERT INTO "contact_identities" ("id", "shopId", "contactId", "kind", "value", "verified", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), ${shopId}::uuid, ${contactId}::uuid, w."kind"::"IdentityKind", w."value", w."verified", ${NOW}, ${NOW}
      FROM unnest(${kinds}::text[], ${values}::text[], ${verified}::boolean[]) AS w("kind", "value", "verified")
      ON CONFLICT ("shopId", "kind", "value") DO NOTHING
      RETURNING 1
    )
    SELECT count(*) AS n FROM added`;
  return Number(rows[0]?.n ?? 0);
}

/** Marks proved the identities that were stored unproved. */
async function markVerified(shopId: string, identities: InboundIdentity[]): Promise<void> {
  if (!identities.length) return;
  const { kinds, values } = identityRows(identities);
  await db().$executeRaw`
    UPDATE "contact_identities" i SET "verified" = true, "updatedAt" = ${NOW}
    FROM unnest(${kinds}::text[], ${values}::text[]) AS w("kind", "value")
    WHERE i."shopId" = ${shopId}::uuid AND i."kind" = w."kind"::"IdentityKind" AND i."value" = w."value" AND NOT i."verified"`;
}

/**
 * The contact these identities belong to in the shop, created, completed, merged or suggested as
 * the rules above say. The usual case (identities already known, nothing new) is one statement.
 */
export async function resolveContact(shopId: string, given: InboundIdentity[], options: { name?: string | null } = {}, attempt = 0): Promise<ContactResolution> {
  const identities = uniqueIdentities(given);
  if (!identities.length) return { contactId: null, merged: [], suggested: [] };
  const owned = await findOwners(shopId, identities);
  const name = options.name?.trim().slice(0, 255) || null;
  const key = (i: { kind: string; value: string }) => `${i.kind}:${i.value}`;
  const ownerOf = new Map(owned.map((o) => [key(o), o]));
  const missing = identities.filter((i) => !ownerOf.has(key(i)));

  if (!owned.length) {
    const contactId = randomUUID();
    const added = await addIdentities(shopId, contactId, identities, { name });
    if (added === identities.length) return { contactId, merged: [], suggested: [] };
    // Another message of the same sender created some of them meanwhile: settle against what is there now.
    if (added === 0) await db().contact.deleteMany({ where: { id: contactId, shopId } });
    if (attempt > 1) return { contactId: added ? contactId : null, merged: [], suggested: [] };
    return resolveContact(shopId, identities, options, attempt + 1);
  }

  // The contact: the owner of a proved identity first (the oldest such), else the oldest owner.
  const provedOwners = identities.filter((i) => i.verified).map((i) => ownerOf.get(key(i))).filter((o): o is Owned => !!o);
  const primary = (provedOwners[0] ?? owned[0]!).contactId;
  const merged: string[] = [];
  const suggested: string[] = [];
  const primaryProved = provedOwners.some((o) => o.contactId === primary);
  for (const other of [...new Set(owned.map((o) => o.contactId))].filter((id) => id !== primary)) {
    const otherProved = identities.some((i) => i.verified && ownerOf.get(key(i))?.contactId === other);
    if (primaryProved && otherProved) {
      await mergeContacts({ shopId, intoId: primary, fromId: other, actor: SYSTEM_ACTOR, reason: "verified_identity" });
      merged.push(other);
    } else {
      await suggestMerge(shopId, primary, other, "same_sender");
      suggested.push(other);
    }
  }
  const toVerify = identities.filter((i) => i.verified && ownerOf.get(key(i))?.verified === false);
  if (missing.length) await addIdentities(shopId, primary, missing, null);
  if (toVerify.length) await markVerified(shopId, toVerify);
  if (name) await db().contact.updateMany({ where: { id: primary, shopId, name: null }, data: { name } });
  return { contactId: primary, merged, suggested };
}

/**
 * Whether a conversation's tie to its contact was proved by its channel: the contact owns, verified,
 * the phone number the conversation is with (a WhatsApp or phone sender). An email `From` or an
 * address typed into the chat never proves anything.
 */
async function conversationTieProved(shopId: string, conversation: { contactId: string; customerPhone: string | null }): Promise<boolean> {
  if (!conversation.customerPhone) return false;
  const found = await db().contactIdentity.findFirst({
    where: { shopId, contactId: conversation.contactId, verified: true, kind: { in: ["phone", "whatsapp"] }, value: conversation.customerPhone },
    select: { id: true },
  });
  return !!found;
}

/**
 * Settles a conversation whose contact (`current`) differs from the contact its sender just
 * resolved to (`resolved`, through `identities`): merged when both ties are proved, else the
 * conversation follows the proved identity (when there is one) and the merchant gets a suggestion.
 * Returns the contact the conversation now belongs to.
 */
export async function settleConversationContact(
  shopId: string,
  conversation: { id: string; contactId: string | null; customerPhone: string | null },
  resolved: string,
  resolvedProved: boolean,
): Promise<string> {
  const current = conversation.contactId;
  if (!current) {
    await db().conversation.updateMany({ where: { id: conversation.id, shopId, contactId: null }, data: { contactId: resolved } });
    return resolved;
  }
  if (current === resolved) return current;
  if (resolvedProved && (await conversationTieProved(shopId, { contactId: current, customerPhone: conversation.customerPhone }))) {
    // The older contact survives: it holds the longer history.
    const rows = await db().contact.findMany({ where: { shopId, id: { in: [current, resolved] }, mergedIntoId: null }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
    if (rows.length === 2) {
      const [into, from] = [rows[0]!.id, rows[1]!.id];
      await mergeContacts({ shopId, intoId: into, fromId: from, actor: SYSTEM_ACTOR, reason: "verified_identity" });
      return into;
    }
  }
  await suggestMerge(shopId, current, resolved, resolvedProved ? "order_lookup" : "same_conversation");
  if (resolvedProved) {
    await db().conversation.updateMany({ where: { id: conversation.id, shopId }, data: { contactId: resolved } });
    return resolved;
  }
  return current;
}
