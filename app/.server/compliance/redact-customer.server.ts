import { Prisma, type PrismaClient } from "../db.server";
import { sha256Hex } from "../security/secrets.server";
import { deleteFile } from "../storage/file-storage.server";

export type RedactionSummary = {
  returnsAnonymised: number;
  evidenceFilesDeleted: number;
  conversationsDeleted: number;
  riskProfilesDeleted: number;
  securityEventsDeleted: number;
  emailsDeleted: number;
  callsDeleted: number;
  demoOrdersAnonymised: number;
};

/** The stand-in address a redacted customer's returns keep, stable per customer so counts still add up. */
export function redactedEmail(shopId: string, email: string): string {
  return `redacted-${sha256Hex(`${shopId}:${email}`).slice(0, 16)}@redacted.invalid`;
}

/**
 * `customers/redact`: erases what identifies the customer. Returns are kept for the merchant's
 * books but lose the email, name, IP and free text; photos are deleted from storage; conversations,
 * the risk profile, security events, emails and calls about the customer are deleted.
 */
export async function redactCustomer(client: PrismaClient, shopId: string, email: string, orderIds: string[] = []): Promise<RedactionSummary> {
  const normalized = email.trim().toLowerCase();
  const placeholder = redactedEmail(shopId, normalized);
  const returns = await client.returnRequest.findMany({
    where: { shopId, OR: [{ customerEmail: normalized }, ...(orderIds.length ? [{ platformOrderId: { in: orderIds } }] : [])] },
    select: { id: true },
  });
  const returnIds = returns.map((r) => r.id);
  const conversations = await client.conversation.findMany({ where: { shopId, customerEmail: normalized }, select: { id: true } });
  const conversationIds = conversations.map((c) => c.id);
  const files = await client.evidenceFile.findMany({
    where: { shopId, OR: [{ returnId: { in: returnIds } }, { message: { conversationId: { in: conversationIds } } }] },
    select: { id: true, storageKey: true, storage: true },
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
      where: { shopId, OR: [{ entityId: { in: [...returnIds, ...conversationIds] } }, { actorId: normalized }] },
      data: { data: {}, message: null, actorId: null },
    });
    const deletedConversations = await tx.conversation.deleteMany({ where: { id: { in: conversationIds } } });
    const profiles = await tx.customerRiskProfile.deleteMany({ where: { shopId, email: normalized } });
    const events = await tx.securityEvent.deleteMany({ where: { shopId, OR: [{ customerEmail: normalized }, { returnId: { in: returnIds } }] } });
    const emails = await tx.emailMessage.deleteMany({ where: { shopId, OR: [{ to: normalized }, { relatedId: { in: returnIds } }] } });
    const calls = await tx.callSession.deleteMany({ where: { shopId, customerEmail: normalized } });
    const demoOrders = await tx.demoOrder.updateMany({
      where: { shopId, email: normalized },
      data: { email: placeholder, customerName: null, shippingAddress: Prisma.DbNull, note: null },
    });
    return {
      returnsAnonymised: anonymised.count,
      evidenceFilesDeleted: files.length,
      conversationsDeleted: deletedConversations.count,
      riskProfilesDeleted: profiles.count,
      securityEventsDeleted: events.count,
      emailsDeleted: emails.count,
      callsDeleted: calls.count,
      demoOrdersAnonymised: demoOrders.count,
    };
  });
  // Rows first, bytes after: a crash in between leaves orphan files a rerun deletes, never a row pointing at nothing.
  await Promise.all(files.map((f) => deleteFile(f.storageKey, f.storage)));
  return summary;
}
