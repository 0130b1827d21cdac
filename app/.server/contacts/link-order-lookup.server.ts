import { randomUUID } from "node:crypto";
import { db, Prisma } from "../db.server";
import { normaliseEmail, normalisePhone } from "./identities";
import { resolveContact, settleConversationContact } from "./resolve-contact.server";

const NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`;

type Row = { contactId: string | null; createdId: string | null; conversationContactId: string | null; customerPhone: string | null };

/**
 * A successful order lookup proved that the shopper owns the order's email: its contact is found
 * (or created) with that email verified, and the conversation the lookup was made in, if it had no
 * contact yet, gets it. All of that is one statement, since the lookup is on the shopper's path;
 * only when the conversation already belonged to a different contact does a second step merge the
 * two (when the conversation's own tie was proved) or suggest it.
 */
export async function linkOrderLookup(shopId: string, input: { email: string; name?: string | null; conversationId?: string }): Promise<string | null> {
  const email = normaliseEmail(input.email);
  if (!email) return null;
  const fresh = randomUUID();
  const name = input.name?.trim().slice(0, 255) || null;
  const conversationId = input.conversationId ?? null;
  const rows = await db().$queryRaw<Row[]>`
    WITH existing AS (
      SELECT "contactId", "verified" FROM "contact_identities" WHERE "shopId" = ${shopId}::uuid AND "kind" = 'email' AND "value" = ${email}
    ), made AS (
      INSERT INTO "contacts" ("id", "shopId", "name", "createdAt", "updatedAt")
      SELECT ${fresh}::uuid, ${shopId}::uuid, ${name}, ${NOW}, ${NOW} WHERE NOT EXISTS (SELECT 1 FROM existing)
      RETURNING "id"
    ), added AS (
      INSERT INTO "contact_identities" ("id", "shopId", "contactId", "kind", "value", "verified", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), ${shopId}::uuid, "id", 'email', ${email}, true, ${NOW}, ${NOW} FROM made
      ON CONFLICT ("shopId", "kind", "value") DO NOTHING
      RETURNING "contactId"
    ), proved AS (
      UPDATE "contact_identities" SET "verified" = true, "updatedAt" = ${NOW}
      WHERE "shopId" = ${shopId}::uuid AND "kind" = 'email' AND "value" = ${email} AND NOT "verified"
      RETURNING "contactId"
    ), named AS (
      UPDATE "contacts" SET "name" = ${name}, "updatedAt" = ${NOW}
      WHERE "id" = (SELECT "contactId" FROM existing) AND "shopId" = ${shopId}::uuid AND "name" IS NULL AND ${name}::text IS NOT NULL
      RETURNING "id"
    ), owner AS (
      SELECT COALESCE((SELECT "contactId" FROM existing), (SELECT "contactId" FROM added)) AS "contactId"
    ), conversation AS (
      SELECT "contactId", "customerPhone" FROM "conversations" WHERE "id" = ${conversationId}::uuid AND "shopId" = ${shopId}::uuid
    ), linked AS (
      UPDATE "conversations" SET "contactId" = (SELECT "contactId" FROM owner)
      WHERE "id" = ${conversationId}::uuid AND "shopId" = ${shopId}::uuid AND "contactId" IS NULL AND (SELECT "contactId" FROM owner) IS NOT NULL
      RETURNING "id"
    )
    SELECT (SELECT "contactId" FROM owner) AS "contactId",
           (SELECT "id" FROM made) AS "createdId",
           (SELECT "contactId" FROM conversation) AS "conversationContactId",
           (SELECT "customerPhone" FROM conversation) AS "customerPhone",
           (SELECT count(*) FROM proved) + (SELECT count(*) FROM linked) + (SELECT count(*) FROM named) AS "touched"`;
  const row = rows[0];
  if (!row?.contactId) {
    // Another lookup created the identity between our read and our insert: ours yields to it.
    if (row?.createdId) await db().contact.deleteMany({ where: { id: row.createdId, shopId } });
    const resolved = await resolveContact(shopId, [{ kind: "email", value: email, verified: true }], { name });
    if (resolved.contactId && conversationId) {
      const conversation = await db().conversation.findFirst({ where: { id: conversationId, shopId }, select: { id: true, contactId: true, customerPhone: true } });
      if (conversation) return settleConversationContact(shopId, conversation, resolved.contactId, true);
    }
    return resolved.contactId;
  }
  if (conversationId && row.conversationContactId && row.conversationContactId !== row.contactId) {
    return settleConversationContact(shopId, { id: conversationId, contactId: row.conversationContactId, customerPhone: row.customerPhone }, row.contactId, true);
  }
  return row.contactId;
}

/**
 * A lookup proved by the sender's own number (a WhatsApp sender whose number the order carries):
 * that number's contact is found (or created) with its phone and WhatsApp identities verified, and
 * the conversation follows it. The order's email and name are not given to the contact: the number
 * may be the shipping address's (someone receiving a gift), which proves the order, not who bought it.
 */
export async function linkPhoneOrderLookup(shopId: string, input: { phone: string; conversationId?: string }): Promise<string | null> {
  const phone = normalisePhone(input.phone);
  if (!phone) return null;
  const resolved = await resolveContact(
    shopId,
    [
      { kind: "whatsapp", value: phone, verified: true },
      { kind: "phone", value: phone, verified: true },
    ],
  );
  if (!resolved.contactId || !input.conversationId) return resolved.contactId;
  const conversation = await db().conversation.findFirst({ where: { id: input.conversationId, shopId }, select: { id: true, contactId: true, customerPhone: true } });
  return conversation ? settleConversationContact(shopId, conversation, resolved.contactId, true) : resolved.contactId;
}
