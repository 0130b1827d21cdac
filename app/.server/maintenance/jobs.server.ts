import { z } from "zod";
import type { DbClient } from "../db.server";
import { defineJob, type JobDefinition } from "../jobs/define-job";
import { enqueueJob } from "../jobs/enqueue-job";

/** Deletes bookkeeping rows that have served their purpose (finished jobs, old deliveries, spent tokens). */
export const pruneBookkeepingJob = defineJob({
  name: "maintenance.prune",
  payload: z.object({ completedJobsDays: z.number().int().min(1).default(7), deliveriesDays: z.number().int().min(1).default(30) }),
});

/** Enforces every shop's (or one shop's) data-retention settings; see `enforceShopRetention`. */
export const enforceRetentionJob = defineJob({
  name: "maintenance.retention",
  payload: z.object({
    /** One shop only; without it every shop is done, each with its own settings. */
    shopId: z.uuid().optional(),
    batchSize: z.number().int().min(1).max(1_000).default(200),
  }),
  maxAttempts: 3,
  backoffMs: 60_000,
});

/** When each maintenance job runs: once a day, at this hour (UTC). */
export const MAINTENANCE_SCHEDULE: ReadonlyArray<{ job: JobDefinition; hourUtc: number }> = [
  { job: pruneBookkeepingJob, hourUtc: 3 },
  { job: enforceRetentionJob, hourUtc: 4 },
];

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
