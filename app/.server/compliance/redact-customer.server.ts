import { Prisma, type PrismaClient } from "../db.server";
import { normalisePhone } from "../contacts/identities";
import { sha256Hex } from "../security/secrets.server";
import { deleteFile } from "../storage/file-storage.server";
import { forgetCallProviderDataJob } from "../calls/jobs";
import { enqueueJob } from "../jobs/enqueue-job";

export type RedactionSummary = {
  returnsAnonymised: number;
  evidenceFilesDeleted: number;
  conversationsDeleted: number;
  riskProfilesDeleted: number;
  securityEventsDeleted: number;
  emailsDeleted: number;
  callsDeleted: number;
  demoOrdersAnonymised: number;
  merchantNotificationsDeleted: number;
  complianceRequestsCleared: number;
  contactsDeleted: number;
};

/** What else identifies the customer besides the email: their phone and Shopify customer id, from the webhook. */
export type RedactionOptions = { phone?: string | null; customerId?: string | null; shopDomain?: string };

/** The stand-in address a redacted customer's returns keep, stable per customer so counts still add up. */
export function redactedEmail(shopId: string, email: string): string {
  return `redacted-${sha256Hex(`${shopId}:${email}`).slice(0, 16)}@redacted.invalid`;
}

/**
 * `customers/redact`: erases what identifies the customer. Returns are kept for the merchant's
 * books but lose the email, name, IP and free text; photos are deleted from storage; conversations,
 * the risk profile, security events, emails and calls about the customer are deleted, and so are
 * the merchant's notifications about them (a hand-off names the shopper). Earlier compliance
 * requests about the customer keep their id, topic and dates but lose the payload and export.
 *
 * The customer is their whole contact: every email and phone number of the contact (and of the
 * contacts merged into it) that the email, the phone or the platform customer id leads to is
 * redacted the same way, and the contact, its identities and its tombstones are deleted.
 */
export async function redactCustomer(client: PrismaClient, shopId: string, email: string, orderIds: string[] = [], options: RedactionOptions = {}): Promise<RedactionSummary> {
  const normalized = email.trim().toLowerCase();
  const phone = options.phone?.trim() || null;
  const placeholder = redactedEmail(shopId, normalized);
  const contacts = await contactsOfCustomer(client, shopId, { email: normalized, phone, customerId: options.customerId ?? null });
  const emails = [...new Set([normalized, ...contacts.emails])];
  const phones = [...new Set([...(phone ? [phone] : []), ...contacts.phones])];
  const contactIds = contacts.ids;
  const returns = await client.returnRequest.findMany({
    where: {
      shopId,
      OR: [
        { customerEmail: { in: emails } },
        ...(contactIds.length ? [{ contactId: { in: contactIds } }] : []),
        ...(orderIds.length ? [{ platformOrderId: { in: orderIds } }] : []),
      ],
    },
    select: { id: true, customerName: true },
  });
  const returnIds = returns.map((r) => r.id);
  const conversations = await client.conversation.findMany({
    where: {
      shopId,
      OR: [{ customerEmail: { in: emails } }, ...(phones.length ? [{ customerPhone: { in: phones } }] : []), ...(contactIds.length ? [{ contactId: { in: contactIds } }] : [])],
    },
    select: { id: true, customerName: true },
  });
  const conversationIds = conversations.map((c) => c.id);
  const events = await client.securityEvent.findMany({ where: { shopId, OR: [{ customerEmail: { in: emails } }, { returnId: { in: returnIds } }] }, select: { id: true } });
  // The names the customer went by here: merchant notifications are found by what they say, too.
  const names = [...new Set([...returns, ...conversations, ...contacts.names.map((customerName) => ({ customerName }))].map((r) => r.customerName?.trim()).filter((n): n is string => Boolean(n && n.length >= 3)))];
  const mentions = [...emails, ...phones, ...names].flatMap((needle) => [{ subject: { contains: needle, mode: "insensitive" as const } }, { text: { contains: needle, mode: "insensitive" as const } }]);
  const files = await client.evidenceFile.findMany({
    where: { shopId, OR: [{ returnId: { in: returnIds } }, { message: { conversationId: { in: conversationIds } } }] },
    select: { id: true, storageKey: true, storage: true },
  });

  // Calls about the customer, and calls held from their conversations (deleted below).
  const customerCalls = await client.callSession.findMany({
    where: {
      shopId,
      OR: [
        { customerEmail: { in: emails } },
        ...(phones.length ? [{ customerPhone: { in: phones } }] : []),
        ...(contactIds.length ? [{ contactId: { in: contactIds } }] : []),
        ...(conversationIds.length ? [{ conversationId: { in: conversationIds } }] : []),
      ],
    },
    select: { id: true, provider: true, externalId: true },
  });

  const summary = await client.$transaction(async (tx) => {
    await tx.evidenceFile.deleteMany({ where: { id: { in: files.map((f) => f.id) } } });
    const anonymised = await tx.returnRequest.updateMany({
      where: { id: { in: returnIds } },
      data: { customerEmail: placeholder, customerName: null, customerIp: null, note: null },
    });
    await tx.returnItem.updateMany({ where: { returnId: { in: returnIds } }, data: { note: null } });
    // Timeline entries keep what happened and when, not the words or addresses they carried.
    await tx.auditLog.updateMany({
      where: { shopId, OR: [{ entityId: { in: [...returnIds, ...conversationIds] } }, { actorId: { in: emails } }] },
      data: { data: {}, message: null, actorId: null },
    });
    const deletedConversations = await tx.conversation.deleteMany({ where: { id: { in: conversationIds } } });
    const profiles = await tx.customerRiskProfile.deleteMany({ where: { shopId, OR: [{ email: { in: emails } }, ...(contactIds.length ? [{ contactId: { in: contactIds } }] : [])] } });
    const deletedEvents = await tx.securityEvent.deleteMany({ where: { id: { in: events.map((e) => e.id) } } });
    const sentEmails = await tx.emailMessage.deleteMany({ where: { shopId, OR: [{ to: { in: emails } }, { relatedId: { in: returnIds } }] } });
    const notifications = await tx.emailMessage.deleteMany({
      where: {
        shopId,
        relatedType: { startsWith: "merchant:" },
        OR: [
          { relatedId: { in: events.map((e) => e.id) } },
          // A hand-off's notice is keyed `<conversation id>:<hand-off number>`.
          ...conversationIds.map((id) => ({ relatedId: { startsWith: id } })),
          ...mentions,
        ],
      },
    });
    const calls = await tx.callSession.deleteMany({ where: { id: { in: customerCalls.map((c) => c.id) } } });
    // The providers keep each call's transcript and recording too: they are asked to delete them.
    const atProviders = customerCalls.flatMap((c) => (c.externalId && (c.provider === "elevenlabs" || c.provider === "tavus") ? [{ provider: c.provider, externalId: c.externalId }] : []));
    if (atProviders.length) await enqueueJob(tx, forgetCallProviderDataJob, { shopId, calls: atProviders }, { shopId });
    const demoOrders = await tx.demoOrder.updateMany({
      where: { shopId, email: { in: emails } },
      data: { email: placeholder, customerName: null, shippingAddress: Prisma.DbNull, note: null },
    });
    // Finished jobs keep their record, not what their payload or error said about the customer.
    for (const needle of [...emails, ...phones, ...names]) {
      await tx.$executeRaw`
        UPDATE "job_outbox" SET "payload" = '{}'::jsonb, "lastError" = NULL, "updatedAt" = now()
        WHERE "shopId" = ${shopId}::uuid AND "status" IN ('completed', 'failed')
          AND (strpos(lower("payload"::text), lower(${needle})) > 0 OR strpos(lower(COALESCE("lastError", '')), lower(${needle})) > 0)`;
    }
    // Earlier requests about this customer (a data request's export names them): their id and dates stay.
    const compliance = options.shopDomain
      ? await tx.complianceRequest.updateMany({
          where: { shopDomain: options.shopDomain, OR: [{ customerEmail: { in: emails } }, ...(options.customerId ? [{ customerId: options.customerId }] : [])] },
          data: { payload: {}, result: { redacted: true }, customerEmail: null, customerId: null },
        })
      : { count: 0 };
    // The contact goes with its identities, its merge suggestions and the tombstones that led to it.
    await tx.contact.deleteMany({ where: { shopId, mergedIntoId: { in: contactIds } } });
    const deletedContacts = await tx.contact.deleteMany({ where: { shopId, id: { in: contactIds } } });
    // The same identities, should another contact have taken one since.
    await tx.contactIdentity.deleteMany({ where: { shopId, OR: [{ kind: "email", value: { in: emails } }, ...(phones.length ? [{ kind: { in: ["phone" as const, "whatsapp" as const] }, value: { in: phones } }] : [])] } });
    return {
      returnsAnonymised: anonymised.count,
      evidenceFilesDeleted: files.length,
      conversationsDeleted: deletedConversations.count,
      riskProfilesDeleted: profiles.count,
      securityEventsDeleted: deletedEvents.count,
      emailsDeleted: sentEmails.count,
      callsDeleted: calls.count,
      demoOrdersAnonymised: demoOrders.count,
      merchantNotificationsDeleted: notifications.count,
      complianceRequestsCleared: compliance.count,
      contactsDeleted: deletedContacts.count,
    };
  });
  // Rows first, bytes after: a crash in between leaves orphan files a rerun deletes, never a row pointing at nothing.
  await Promise.all(files.map((f) => deleteFile(f.storageKey, f.storage)));
  return summary;
}

/**
 * The contacts the customer is, found by any identity the request names (email, phone, platform
 * customer id), with every email, phone number and name they hold: the identities of the contact
 * and of the tombstones merged into it all lead to the same live contact.
 */
async function contactsOfCustomer(client: PrismaClient, shopId: string, who: { email: string; phone: string | null; customerId: string | null }) {
  const phone = normalisePhone(who.phone);
  const customerId = who.customerId?.replace(/^gid:\/\/shopify\/Customer\//, "") ?? null;
  const owners = await client.contactIdentity.findMany({
    where: {
      shopId,
      OR: [
        { kind: "email", value: who.email },
        ...(phone ? [{ kind: { in: ["phone" as const, "whatsapp" as const] }, value: phone }] : []),
        ...(customerId ? [{ kind: { in: ["shopify_customer" as const, "woocommerce_customer" as const] }, value: customerId }] : []),
      ],
    },
    select: { contactId: true },
  });
  const ids = [...new Set(owners.map((o) => o.contactId))];
  if (!ids.length) return { ids: [], emails: [], phones: [], names: [] };
  const contacts = await client.contact.findMany({ where: { shopId, id: { in: ids } }, include: { identities: true } });
  const identities = contacts.flatMap((c) => c.identities);
  return {
    ids,
    emails: identities.filter((i) => i.kind === "email").map((i) => i.value),
    phones: identities.filter((i) => i.kind === "phone" || i.kind === "whatsapp").map((i) => i.value),
    names: contacts.map((c) => c.name).filter((n): n is string => !!n),
  };
}
