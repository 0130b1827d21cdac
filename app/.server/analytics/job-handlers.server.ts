import type { JobHandler } from "../jobs/runtime-types";
import { SWEEP_EVERY_MS, type rollupAnalyticsJob, type sweepAnalyticsJob } from "./jobs";
import { dayOf } from "./analytics-period";
import { rollupAnalyticsDays } from "./rollup-analytics-days.server";
import { scheduleAnalyticsSweep } from "./schedule-analytics-sweep.server";
import { sweepAnalytics } from "./sweep-analytics.server";
import { knownZone } from "../../components/shop-time";

const SWEEP_LOOKBACK_MS = 2 * SWEEP_EVERY_MS;

/** Runs `analytics.rollup`. */
export const handleRollupAnalytics: JobHandler<typeof rollupAnalyticsJob.payload> = async ({ shopId, days, at }, { db }) => {
  // A rollup that started after this job was claimed already saw this job's change: skip.
  const [clock] = await db.$queryRaw<Array<{ now: Date }>>`SELECT clock_timestamp() AS "now"`;
  let all = days;
  if (at.length) {
    const shop = await db.shop.findUnique({ where: { id: shopId }, select: { timezone: true } });
    const zone = knownZone(shop?.timezone);
    all = [...days, ...at.map((instant) => dayOf(new Date(instant), zone))];
  }
  await rollupAnalyticsDays(db, shopId, all, { skipIfFresherThan: clock!.now });
};

/** Runs `analytics.rollup-sweep`, then queues the next slot's run. */
export const handleSweepAnalytics: JobHandler<typeof sweepAnalyticsJob.payload> = async ({ slot }, { db }) => {
  await sweepAnalytics(db, new Date(slot * SWEEP_EVERY_MS - SWEEP_LOOKBACK_MS));
  await scheduleAnalyticsSweep(db, new Date((slot + 1) * SWEEP_EVERY_MS));
};
