import type { PrismaClient } from "../db.server";

/** A shop's emails to shoppers, newest first: sent through SMTP, or captured in the outbox when none is configured. */
export async function listEmails(client: PrismaClient, shopId: string, limit = 50) {
  return client.emailMessage.findMany({
    where: { shopId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, to: true, subject: true, text: true, status: true, transport: true, error: true, createdAt: true, sentAt: true },
  });
}
