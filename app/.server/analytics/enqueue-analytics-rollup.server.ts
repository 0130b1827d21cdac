import { Prisma, type DbClient } from "../db.server";
import { enqueueJob, kickJobs, outboxRow } from "../jobs/enqueue-job";
import { knownZone } from "../../components/shop-time";
import { dayOf } from "./analytics-period";
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

/**
 * Queues the rollup of a day after a change to it has committed, unless a rollup of that shop and
 * day is already queued and has not started: that one reads the change when it runs, so a burst of
 * new returns costs one rollup rather than one each. One statement. A rollup that is claimed at the
 * same instant has not begun reading (its status turns `running` first), so nothing is missed; the
 * five-minute sweep recomputes recent days whatever happens. Answers whether a job was queued.
 */
export async function enqueueDayRollup(client: DbClient, shop: { id: string; timezone: string | null }, at: Date, now = new Date()): Promise<boolean> {
  const day = dayOf(at, knownZone(shop.timezone));
  const row = outboxRow(rollupAnalyticsJob, { shopId: shop.id, days: [day], at: [] }, { shopId: shop.id, now });
  const written = await client.$executeRaw`
    INSERT INTO "job_outbox" ("id", "shopId", "name", "payload", "status", "attempts", "maxAttempts", "runAt", "steps", "createdAt", "updatedAt")
    SELECT "id", "shopId", "name", "payload", "status", "attempts", "maxAttempts", "runAt", "steps", "createdAt", "updatedAt"
    FROM jsonb_populate_record(NULL::"job_outbox", ${Prisma.sql`${JSON.stringify(row)}::jsonb`})
    WHERE NOT EXISTS (
      SELECT 1 FROM "job_outbox" q
      WHERE q."shopId" = ${shop.id}::uuid AND q."status" IN ('pending', 'dispatched') AND q."name" = ${rollupAnalyticsJob.name}
        AND q."payload" -> 'days' @> jsonb_build_array(${day}::text)
    )`;
  if (written) kickJobs();
  return written > 0;
}
