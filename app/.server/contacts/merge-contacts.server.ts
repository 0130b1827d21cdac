import { recordAudit, type Actor } from "../audit/record-audit";
import { db, type Tx } from "../db.server";
import { AppError } from "../errors";

/** Why two contacts became one: a person decided, or an identity both were proved to own. */
export type MergeReason = "manual" | "verified_identity";

export type MergeOutcome = { survivorId: string; mergedId: string };

type Row = { id: string; mergedIntoId: string | null };

/**
 * Merges contact `fromId` into `intoId`, in one transaction: every identity, conversation, return,
 * call and risk profile of `from` moves to `into`, `from` becomes a tombstone pointing at `into`
 * (and so does every earlier tombstone that pointed at `from`), their suggestions follow, and both
 * sides get an audit entry. Only contacts of `shopId` are found (another shop's is 404); merging a
 * contact with itself, or with a contact it already became, is 409 `cannot_merge`.
 */
export async function mergeContacts(input: { shopId: string; intoId: string; fromId: string; actor: Actor; reason: MergeReason }, client?: Tx): Promise<MergeOutcome> {
  if (input.intoId === input.fromId) throw new AppError("cannot_merge", "A contact cannot be merged with itself.");
  const run = (tx: Tx) => mergeIn(tx, input);
  return client ? run(client) : db().$transaction(run);
}

async function mergeIn(tx: Tx, input: { shopId: string; intoId: string; fromId: string; actor: Actor; reason: MergeReason }): Promise<MergeOutcome> {
  const { shopId } = input;
  // Both rows locked in id order, so two merges of the same pair wait for each other instead of deadlocking.
  const rows = await tx.$queryRaw<Row[]>`
    SELECT "id", "mergedIntoId" FROM "contacts"
    WHERE "shopId" = ${shopId}::uuid AND "id" IN (${input.intoId}::uuid, ${input.fromId}::uuid)
    ORDER BY "id" FOR UPDATE`;
  const into = rows.find((r) => r.id === input.intoId);
  const from = rows.find((r) => r.id === input.fromId);
  if (!into) throw new AppError("not_found", "No such contact.");
  if (!from) throw new AppError("not_found", "The contact to merge was not found.", { fields: { from: "is not a contact of this shop" } });
  if (into.mergedIntoId) throw new AppError("contact_merged", "This contact was merged into another one.", { body: { mergedInto: into.mergedIntoId } });
  if (from.mergedIntoId) {
    throw new AppError("cannot_merge", from.mergedIntoId === into.id ? "That contact is already merged into this one." : "That contact was already merged into another one; merge that one instead.", {
      fields: { from: "is already merged" },
    });
  }
  const intoId = into.id;
  const fromId = from.id;
  await tx.contactIdentity.updateMany({ where: { shopId, contactId: fromId }, data: { contactId: intoId } });
  await tx.conversation.updateMany({ where: { shopId, contactId: fromId }, data: { contactId: intoId } });
  await tx.returnRequest.updateMany({ where: { shopId, contactId: fromId }, data: { contactId: intoId } });
  await tx.callSession.updateMany({ where: { shopId, contactId: fromId }, data: { contactId: intoId } });
  await tx.customerRiskProfile.updateMany({ where: { shopId, contactId: fromId }, data: { contactId: intoId } });
  // Suggestions of `from` with third contacts become the survivor's, unless the survivor has that one already.
  await tx.$executeRaw`
    UPDATE "contact_merge_suggestions" s SET
      "contactId" = LEAST(${intoId}::uuid, CASE WHEN s."contactId" = ${fromId}::uuid THEN s."otherContactId" ELSE s."contactId" END),
      "otherContactId" = GREATEST(${intoId}::uuid, CASE WHEN s."contactId" = ${fromId}::uuid THEN s."otherContactId" ELSE s."contactId" END)
    WHERE s."shopId" = ${shopId}::uuid AND ${fromId}::uuid IN (s."contactId", s."otherContactId")
      AND ${intoId}::uuid NOT IN (s."contactId", s."otherContactId")
      AND NOT EXISTS (
        SELECT 1 FROM "contact_merge_suggestions" t WHERE t."shopId" = s."shopId"
          AND t."contactId" = LEAST(${intoId}::uuid, CASE WHEN s."contactId" = ${fromId}::uuid THEN s."otherContactId" ELSE s."contactId" END)
          AND t."otherContactId" = GREATEST(${intoId}::uuid, CASE WHEN s."contactId" = ${fromId}::uuid THEN s."otherContactId" ELSE s."contactId" END))`;
  await tx.contactMergeSuggestion.deleteMany({ where: { shopId, OR: [{ contactId: fromId }, { otherContactId: fromId }] } });
  const now = new Date();
  await tx.contact.updateMany({ where: { shopId, mergedIntoId: fromId }, data: { mergedIntoId: intoId } });
  await tx.contact.update({ where: { id: fromId }, data: { mergedIntoId: intoId, mergedAt: now } });
  // The survivor keeps its name; it takes the other's when it had none.
  await tx.$executeRaw`
    UPDATE "contacts" SET "name" = COALESCE("name", (SELECT "name" FROM "contacts" WHERE "id" = ${fromId}::uuid)), "updatedAt" = ${now}
    WHERE "id" = ${intoId}::uuid`;
  await recordAudit(tx, { shopId, entityType: "contact", entityId: intoId, action: "merged", actor: input.actor, message: `Merged contact ${fromId} into this one`, data: { from: fromId, reason: input.reason } });
  await recordAudit(tx, { shopId, entityType: "contact", entityId: fromId, action: "merged_into", actor: input.actor, message: `Merged into contact ${intoId}`, data: { into: intoId, reason: input.reason } });
  return { survivorId: intoId, mergedId: fromId };
}

/**
 * Records that two contacts may be one person, for the merchant to merge or dismiss. The pair is
 * stored in id order, so it is one suggestion whichever way it was seen; a dismissed pair stays dismissed.
 */
export async function suggestMerge(shopId: string, a: string, b: string, reason: string): Promise<void> {
  if (a === b) return;
  const [first, second] = a < b ? [a, b] : [b, a];
  await db().$executeRaw`
    INSERT INTO "contact_merge_suggestions" ("id", "shopId", "contactId", "otherContactId", "reason", "createdAt")
    SELECT gen_random_uuid(), ${shopId}::uuid, ${first}::uuid, ${second}::uuid, ${reason.slice(0, 200)}, (now() AT TIME ZONE 'UTC')
    WHERE EXISTS (SELECT 1 FROM "contacts" WHERE "id" = ${first}::uuid AND "shopId" = ${shopId}::uuid AND "mergedIntoId" IS NULL)
      AND EXISTS (SELECT 1 FROM "contacts" WHERE "id" = ${second}::uuid AND "shopId" = ${shopId}::uuid AND "mergedIntoId" IS NULL)
    ON CONFLICT ("shopId", "contactId", "otherContactId") DO NOTHING`;
}
