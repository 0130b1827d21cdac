import { z } from "zod";
import { defineJob } from "./define-job";

const DAY = 24 * 3600 * 1000;

/** Deletes bookkeeping rows that have served their purpose (finished jobs, old deliveries, spent tokens). */
export const pruneBookkeeping = defineJob({
  name: "maintenance.prune",
  payload: z.object({ completedJobsDays: z.number().int().min(1).default(7), deliveriesDays: z.number().int().min(1).default(30) }),
  async handler(payload, { db }) {
    const now = Date.now();
    await db.jobOutbox.deleteMany({ where: { status: "completed", completedAt: { lt: new Date(now - payload.completedJobsDays * DAY) } } });
    await db.webhookDelivery.deleteMany({ where: { receivedAt: { lt: new Date(now - payload.deliveriesDays * DAY) } } });
    await db.usedToken.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  },
});

export const maintenanceJobs = [pruneBookkeeping];
