import { z } from "zod";
import { defineJob, type JobDefinition } from "../jobs/define-job";

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
