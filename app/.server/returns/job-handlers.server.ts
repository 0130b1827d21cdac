import type { JobHandler } from "../jobs/runtime-types";
import { sendReturnEmail } from "../notifications/send-return-email.server";
import type { notifyReturnJob, syncReturnJob, triageReturnJob } from "./jobs";
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
};
