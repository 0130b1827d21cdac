import { enqueueJob } from "../jobs/enqueue-job";
import { SWEEP_EVERY_MS, sweepAnalyticsJob } from "./jobs";

/** Queues the sweep run of the slot `at` falls in (idempotent: one row per slot). */
export async function scheduleAnalyticsSweep(client: Parameters<typeof enqueueJob>[0], at: Date): Promise<string> {
  const slot = Math.floor(at.getTime() / SWEEP_EVERY_MS);
  return enqueueJob(client, sweepAnalyticsJob, { slot }, { dedupKey: `analytics.rollup-sweep:${slot}`, runAt: new Date(slot * SWEEP_EVERY_MS) });
}
