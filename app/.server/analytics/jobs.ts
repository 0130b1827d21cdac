import { z } from "zod";
import { defineJob } from "../jobs/define-job";
import { RollupDay } from "./rollup-analytics-days.server";

/** How often the sweep runs once started, and how far back each run looks (overlapping runs). */
export const SWEEP_EVERY_MS = 5 * 60 * 1000;

/**
 * Recomputes a shop's analytics_daily rows for some days (the shop's calendar days), given as days
 * or as instants whose day in the shop's time zone the job works out; repeating it changes nothing.
 */
export const rollupAnalyticsJob = defineJob({
  name: "analytics.rollup",
  payload: z
    .object({ shopId: z.string().uuid(), days: z.array(RollupDay).max(400).default([]), at: z.array(z.iso.datetime()).max(400).default([]) })
    .refine((p) => p.days.length + p.at.length > 0, "names at least one day or instant"),
  maxAttempts: 5,
});

/**
 * Every five minutes: recomputes the days whose returns, conversations or demo orders changed in
 * the last ten, then queues its next run (one per slot, whoever queues it first).
 */
export const sweepAnalyticsJob = defineJob({
  name: "analytics.rollup-sweep",
  payload: z.object({ slot: z.number().int().min(0) }),
  maxAttempts: 3,
});
