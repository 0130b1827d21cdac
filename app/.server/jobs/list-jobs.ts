import type { OutboxStatus, PrismaClient } from "../db.server";

/** A shop's background jobs, newest first, optionally of one status. */
export async function listJobs(client: PrismaClient, shopId: string, status?: OutboxStatus, limit = 50) {
  return client.jobOutbox.findMany({
    where: { shopId, ...(status ? { status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, name: true, status: true, attempts: true, maxAttempts: true, lastError: true, runAt: true, createdAt: true, updatedAt: true },
  });
}
