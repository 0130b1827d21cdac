import type { OutboxStatus, PrismaClient } from "../db.server";

/** What a job worked on, when it is something the merchant can open in the admin. */
export type JobSubject = { kind: "return" | "conversation"; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function idIn(payload: unknown, key: string): string | null {
  if (!payload || typeof payload !== "object") return null;
  const value = (payload as Record<string, unknown>)[key];
  return typeof value === "string" && UUID.test(value) ? value : null;
}

/** What an email's `relatedType` says its `relatedId` is: shopper emails about a return, merchant alerts about a return or a hand-off. */
function emailSubjectKind(relatedType: string | null): JobSubject["kind"] | null {
  if (!relatedType) return null;
  if (relatedType.startsWith("return:") || relatedType === "merchant:return_needs_review") return "return";
  if (relatedType === "merchant:handoff") return "conversation";
  return null;
}

/**
 * The return or conversation a job's payload names (`returnId`, `conversationId`), or for an email
 * job the one its email was about; null for shop-wide work (rollups, pruning, backtests).
 */
function subjectOf(payload: unknown, emails: Map<string, JobSubject>): JobSubject | null {
  const returnId = idIn(payload, "returnId");
  if (returnId) return { kind: "return", id: returnId };
  const conversationId = idIn(payload, "conversationId");
  if (conversationId) return { kind: "conversation", id: conversationId };
  const emailId = idIn(payload, "emailId");
  return emailId ? (emails.get(emailId) ?? null) : null;
}

/** A shop's background jobs, newest first, optionally of one status, each with what it worked on and how long it ran. */
export async function listJobs(client: PrismaClient, shopId: string, status?: OutboxStatus, limit = 50) {
  const rows = await client.jobOutbox.findMany({
    where: { shopId, ...(status ? { status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, name: true, payload: true, status: true, attempts: true, maxAttempts: true, lastError: true, durationMs: true, runAt: true, createdAt: true, updatedAt: true },
  });
  const emailIds = rows.map((row) => idIn(row.payload, "emailId")).filter((id): id is string => id !== null);
  const emails = new Map<string, JobSubject>();
  if (emailIds.length) {
    const related = await client.emailMessage.findMany({ where: { id: { in: emailIds }, shopId }, select: { id: true, relatedType: true, relatedId: true } });
    for (const email of related) {
      const kind = emailSubjectKind(email.relatedType);
      // A hand-off alert's relatedId is `{conversationId}:{handoffCount}`.
      const id = email.relatedId?.split(":")[0];
      if (kind && id && UUID.test(id)) emails.set(email.id, { kind, id });
    }
  }
  return rows.map(({ payload, ...row }) => ({ ...row, subject: subjectOf(payload, emails) }));
}
