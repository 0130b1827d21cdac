import type { JobHandler } from "../jobs/runtime-types";
import { enforceShopRetention } from "./enforce-shop-retention.server";
import type { enforceRetentionJob, pruneBookkeepingJob } from "./jobs";
import { scheduleMaintenance } from "./schedule-maintenance.server";

const DAY = 24 * 3600 * 1000;

/** Runs `maintenance.prune`, first queueing tomorrow's maintenance so the daily chain never breaks. */
export const handlePruneBookkeeping: JobHandler<typeof pruneBookkeepingJob.payload> = async (payload, { db }) => {
  await scheduleMaintenance(db);
  const now = Date.now();
  await db.jobOutbox.deleteMany({ where: { status: "completed", completedAt: { lt: new Date(now - payload.completedJobsDays * DAY) } } });
  await db.webhookDelivery.deleteMany({ where: { receivedAt: { lt: new Date(now - payload.deliveriesDays * DAY) } } });
  await db.usedToken.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
};

/** Runs `maintenance.retention` for one shop or, a hundred at a time, for every shop. */
export const handleEnforceRetention: JobHandler<typeof enforceRetentionJob.payload> = async (payload, { db }) => {
  if (!payload.shopId) await scheduleMaintenance(db);
  let cursor: string | undefined;
  for (;;) {
    const shops = await db.shop.findMany({
      where: payload.shopId ? { id: payload.shopId } : {},
      select: { id: true, settings: true },
      orderBy: { id: "asc" },
      take: 100,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const shop of shops) await enforceShopRetention(db, shop, { batchSize: payload.batchSize });
    if (shops.length < 100 || payload.shopId) break;
    cursor = shops[shops.length - 1]!.id;
  }
};
