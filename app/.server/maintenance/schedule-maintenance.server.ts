import type { DbClient } from "../db.server";
import { enqueueJob } from "../jobs/enqueue-job";
import { MAINTENANCE_SCHEDULE } from "./jobs";

/**
 * Makes sure each maintenance job has its next daily run in the outbox. Keyed by job and day, so
 * every process may call it at start and every run calls it again for the day after: the chain
 * keeps going, and two callers never schedule a run twice.
 */
export async function scheduleMaintenance(client: DbClient, now = new Date()): Promise<string[]> {
  const ids: string[] = [];
  for (const { job, hourUtc } of MAINTENANCE_SCHEDULE) {
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
    if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
    ids.push(await enqueueJob(client, job, {}, { runAt: next, dedupKey: `${job.name}@${next.toISOString().slice(0, 13)}` }));
  }
  return ids;
}
