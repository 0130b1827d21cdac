import { Prisma, type DbClient, type PrismaClient } from "../db.server";
import { enqueueJob, kickJobs } from "../jobs/enqueue-job";
import { TRIAGE_SWEEP_EVERY_MS, sweepTriageJob, triageReturnJob } from "./jobs";

/** A return still waiting for triage this long after it was last changed is picked up again. */
export const TRIAGE_STUCK_AFTER_MS = 5 * 60 * 1000;
const SWEEP_BATCH = 500;

/**
 * Queues `returns.triage` again for every return that has waited for it past the threshold: still
 * `pending_triage`, or in review without the recommendation triage writes. Triage is idempotent
 * (its status moves are guarded, its emails and events keyed), so a job that was only slow and
 * runs as well changes nothing twice. Returns how many were queued.
 */
export async function sweepStuckTriage(client: PrismaClient, now = new Date()): Promise<{ queued: number }> {
  const before = new Date(now.getTime() - TRIAGE_STUCK_AFTER_MS);
  const stuck = await client.returnRequest.findMany({
    where: {
      updatedAt: { lt: before },
      OR: [{ status: "pending_triage" }, { status: "pending_review", aiRecommendation: { equals: Prisma.AnyNull } }],
    },
    orderBy: { updatedAt: "asc" },
    take: SWEEP_BATCH,
    select: { id: true, shopId: true },
  });
  const slot = Math.floor(now.getTime() / TRIAGE_SWEEP_EVERY_MS);
  for (const row of stuck) {
    await enqueueJob(client, triageReturnJob, { returnId: row.id }, { shopId: row.shopId, dedupKey: `returns.triage:${row.id}:sweep:${slot}` });
  }
  if (stuck.length) kickJobs();
  return { queued: stuck.length };
}

/** Queues the sweep run of the slot `at` falls in (idempotent: one row per slot). */
export async function scheduleTriageSweep(client: DbClient, at: Date): Promise<string> {
  const slot = Math.floor(at.getTime() / TRIAGE_SWEEP_EVERY_MS);
  return enqueueJob(client, sweepTriageJob, { slot }, { dedupKey: `returns.triage-sweep:${slot}`, runAt: new Date(slot * TRIAGE_SWEEP_EVERY_MS) });
}
