import type { JobHandler } from "../jobs/runtime-types";
import { sendReturnEmail } from "../notifications/send-return-email.server";
import { notifyReturnOnWhatsApp } from "../notifications/notify-return-on-whatsapp.server";
import { TRIAGE_SWEEP_EVERY_MS, type notifyReturnJob, type sweepTriageJob, type syncReturnJob, type triageReturnJob } from "./jobs";
import { scheduleTriageSweep, sweepStuckTriage } from "./sweep-stuck-triage.server";
import { syncReturnToPlatform } from "./sync-return.server";
import { triageReturn } from "./triage-return.server";

/** Runs `returns.triage`. */
export const handleTriageReturn: JobHandler<typeof triageReturnJob.payload> = async ({ returnId }, { db }) => {
  await triageReturn(db, returnId);
};

/** Runs `returns.sync`. */
export const handleSyncReturn: JobHandler<typeof syncReturnJob.payload> = async ({ returnId }, { db }) => {
  await syncReturnToPlatform(db, returnId);
};

/** Runs `returns.notify`. */
export const handleNotifyReturn: JobHandler<typeof notifyReturnJob.payload> = async ({ returnId, event, question }, { db }) => {
  await sendReturnEmail(db, returnId, event, question);
  await notifyReturnOnWhatsApp(db, returnId, event, question);
};

/** Runs `returns.triage-sweep`, then queues the next slot's run. */
export const handleSweepTriage: JobHandler<typeof sweepTriageJob.payload> = async ({ slot }, { db }) => {
  await sweepStuckTriage(db, new Date(Math.max(Date.now(), slot * TRIAGE_SWEEP_EVERY_MS)));
  await scheduleTriageSweep(db, new Date((slot + 1) * TRIAGE_SWEEP_EVERY_MS));
};
