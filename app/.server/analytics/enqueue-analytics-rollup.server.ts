import type { DbClient } from "../db.server";
import { enqueueJob } from "../jobs/enqueue-job";
import { rollupAnalyticsJob } from "./jobs";

/**
 * Queues the rollup of the day a return was requested on, with the transaction that changed it, so
 * the analytics see the change seconds after it commits. Keyed by return and event: a repeated
 * delivery of the same change queues nothing more.
 */
export async function enqueueAnalyticsRollup(tx: DbClient, change: { shopId: string; returnId: string; requestedAt: Date; event: string }): Promise<string> {
  const day = change.requestedAt.toISOString().slice(0, 10);
  return enqueueJob(tx, rollupAnalyticsJob, { shopId: change.shopId, days: [day] }, { shopId: change.shopId, dedupKey: `analytics.rollup:${change.returnId}:${change.event}` });
}
