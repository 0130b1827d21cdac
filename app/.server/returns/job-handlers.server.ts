import { dispatchAutomationEvent } from "../automation/dispatch-automation-event.server";
import { PermanentJobError } from "../jobs/define-job";
import type { JobHandler } from "../jobs/runtime-types";
import { sendReturnEmail } from "../notifications/send-return-email.server";
import { notifyReturnOnWhatsApp } from "../notifications/notify-return-on-whatsapp.server";
import { TRIAGE_SWEEP_EVERY_MS, type followUpReturnJob, type notifyReturnJob, type sweepTriageJob, type syncReturnJob, type triageReturnJob } from "./jobs";
import { scheduleTriageSweep, sweepStuckTriage } from "./sweep-stuck-triage.server";
import { syncReturnToPlatform } from "./sync-return.server";
import { triageReturn } from "./triage-return.server";

/** Runs `returns.triage`. */
export const handleTriageReturn: JobHandler<typeof triageReturnJob.payload> = async ({ returnId }, { db }) => {
  await triageReturn(db, returnId);
};

/** Runs `returns.sync`. */
export const handleSyncReturn: JobHandler<typeof syncReturnJob.payload> = async ({ returnId }, { db, attempt }) => {
  await syncReturnToPlatform(db, returnId, { retry: attempt > 1 });
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

/**
 * Runs `returns.follow-up`: triage, platform sync, the shopper's notification, each automation
 * event and the analytics rollup, in that order. A finished step is recorded on the job's row before
 * the next starts, so a retry repeats none of them. A failing step does not stop the later ones; the
 * job fails after all have had their turn (retried when any failure may pass, failed for good when
 * every failure was permanent, a permanent one recorded so it is not tried again).
 */
export const handleFollowUpReturn: JobHandler<typeof followUpReturnJob.payload> = async ({ returnId, notify, events, requestedAt }, ctx) => {
  const { db } = ctx;
  const done = new Set(ctx.steps ?? []);
  const shopId = events[0]?.shopId;
  const steps: Array<[string, () => Promise<unknown>]> = [
    ["triage", () => triageReturn(db, returnId)],
    ["sync", () => syncReturnToPlatform(db, returnId, { retry: ctx.attempt > 1 })],
    ...(notify ? [["notify", async () => {
      await sendReturnEmail(db, returnId, notify);
      await notifyReturnOnWhatsApp(db, returnId, notify);
    }] as [string, () => Promise<unknown>]] : []),
    ...events.map((event) => [`event:${event.id}`, () => dispatchAutomationEvent(db, event)] as [string, () => Promise<unknown>]),
    ...(shopId
      ? [["analytics", async () => (await import("../analytics/job-handlers.server")).handleRollupAnalytics({ shopId, days: [], at: [requestedAt] }, ctx)] as [string, () => Promise<unknown>]]
      : []),
  ];
  const failures: Array<{ step: string; error: string; permanent: boolean }> = [...done].filter((step) => step.startsWith("failed:")).map((step) => ({ step: step.slice(7), error: "failed for good on an earlier attempt", permanent: true }));
  for (const [step, run] of steps) {
    if (done.has(step) || done.has(`failed:${step}`)) continue;
    let record = step;
    try {
      await run();
    } catch (error) {
      const permanent = error instanceof PermanentJobError;
      failures.push({ step, error: error instanceof Error ? error.message : String(error), permanent });
      ctx.log.warn({ err: failures.at(-1)!.error, step, permanent }, "a follow-up step failed");
      // A permanent failure is not tried again: recorded as such, and reported when the job ends.
      if (!permanent) continue;
      record = `failed:${step}`;
    }
    await db.$executeRaw`UPDATE "job_outbox" SET "steps" = array_append("steps", ${record}) WHERE "id" = ${ctx.jobId}::uuid`;
  }
  if (!failures.length) return;
  const text = failures.map((f) => `${f.step}: ${f.error}`).join("; ");
  if (failures.every((f) => f.permanent)) throw new PermanentJobError(text);
  throw new Error(text);
};
