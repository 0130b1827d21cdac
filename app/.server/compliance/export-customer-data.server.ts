import type { DbClient } from "../db.server";

export type CustomerDataExport = {
  email: string;
  returns: unknown[];
  conversations: unknown[];
  riskProfile: unknown | null;
  securityEvents: unknown[];
  emails: unknown[];
  calls: unknown[];
  demoOrders: unknown[];
};

/**
 * Everything Dokani holds about one customer of one shop, for `customers/data_request`: their
 * returns (with items and evidence metadata), conversations and messages, risk profile, security
 * events, emails sent to them and calls.
 */
export async function exportCustomerData(client: DbClient, shopId: string, email: string, orderIds: string[] = []): Promise<CustomerDataExport> {
  const normalized = email.trim().toLowerCase();
  const returnsWhere = {
    shopId,
    OR: [{ customerEmail: normalized }, ...(orderIds.length ? [{ platformOrderId: { in: orderIds } }] : [])],
  };
  const [returns, conversations, riskProfile, securityEvents, emails, calls, demoOrders] = await Promise.all([
    client.returnRequest.findMany({
      where: returnsWhere,
      include: { items: true, evidence: { select: { id: true, mimeType: true, byteSize: true, createdAt: true } } },
      orderBy: { createdAt: "asc" },
    }),
    client.conversation.findMany({
      where: { shopId, customerEmail: normalized },
      include: { messages: { where: { internal: false }, orderBy: { createdAt: "asc" } } },
    }),
    client.customerRiskProfile.findUnique({ where: { shopId_email: { shopId, email: normalized } } }),
    client.securityEvent.findMany({ where: { shopId, customerEmail: normalized } }),
    client.emailMessage.findMany({ where: { shopId, to: normalized }, select: { id: true, subject: true, text: true, createdAt: true } }),
    client.callSession.findMany({ where: { shopId, customerEmail: normalized }, include: { transcript: true } }),
    client.demoOrder.findMany({ where: { shopId, email: normalized } }),
  ]);
  return { email: normalized, returns, conversations, riskProfile, securityEvents, emails, calls, demoOrders };
}
