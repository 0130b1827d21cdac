import type { DbClient } from "../db.server";
import { enqueueJob } from "../jobs/enqueue-job";
import { rollupAnalyticsJob } from "./jobs";

/**
 * Queues the rollup of the day a return was requested on, with the transaction that changed it, so
 * the analytics see the change seconds after it commits. The job gets the instant; it finds the
 * shop's calendar day itself. Keyed by return and event: a repeated delivery of the same change
 * queues nothing more.
 */
export async function enqueueAnalyticsRollup(tx: DbClient, change: { shopId: string; returnId: string; requestedAt: Date; event: string }): Promise<string> {
  return enqueueJob(tx, rollupAnalyticsJob, { shopId: change.shopId, days: [], at: [change.requestedAt.toISOString()] }, { shopId: change.shopId, dedupKey: `analytics.rollup:${change.returnId}:${change.event}` });
}
