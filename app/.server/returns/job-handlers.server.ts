import { enqueueDayRollup } from "../analytics/enqueue-analytics-rollup.server";
import { dispatchAutomationEvent, sharedAutomation } from "../automation/dispatch-automation-event.server";
import { findShop } from "../shops/find-shop.server";
import { PermanentJobError } from "../jobs/define-job";
import type { JobHandler } from "../jobs/runtime-types";
import { sendReturnEmail } from "../notifications/send-return-email.server";
import { notifyReturnOnWhatsApp } from "../notifications/notify-return-on-whatsapp.server";
import { TRIAGE_SWEEP_EVERY_MS, type followUpReturnJob, type notifyReturnJob, type sweepTriageJob, type syncReturnJob, type triageReturnJob } from "./jobs";
import { scheduleTriageSweep, sweepStuckTriage } from "./sweep-stuck-triage.server";
import { syncReturnToPlatform, type ReturnWithItems } from "./sync-return.server";
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
 * event and the analytics rollup, in that order. A failing step does not stop the later ones; the
 * job fails after all have had their turn (retried when any failure may pass, failed for good when
 * every failure was permanent, a permanent one recorded so it is not tried again).
 *
 * The steps are recorded on the job's row in the statement that ends the attempt (its completion,
 * or one update before a failed attempt ends), and a later attempt skips those. Each step is also
 * safe to run twice on its own records (the sync's recorded platform calls, the email's and the
 * WhatsApp message's keys, a rule's run per event, a delivery per endpoint and event, the rollup
 * joining one already queued), so an attempt whose worker died repeats its finished steps without
 * anything happening twice. The steps share what they read: the triage's read of the return when it
 * changed nothing, one read for both notifications, one read of the shop's rules and endpoints.
 */
export const handleFollowUpReturn: JobHandler<typeof followUpReturnJob.payload> = async ({ returnId, notify, events, requestedAt }, ctx) => {
  const { db } = ctx;
  const done = new Set(ctx.steps ?? []);
  const shopId = events[0]?.shopId;
  const automation = sharedAutomation();
  let triaged: ReturnWithItems | undefined;
  const steps: Array<[string, () => Promise<unknown>]> = [
    ["triage", async () => (triaged = (await triageReturn(db, returnId)).row)],
    ["sync", () => syncReturnToPlatform(db, returnId, { retry: ctx.attempt > 1, read: triaged })],
    ...(notify
      ? [["notify", async () => {
          const read = await db.returnRequest.findUnique({ where: { id: returnId } });
          await sendReturnEmail(db, returnId, notify, undefined, read);
          await notifyReturnOnWhatsApp(db, returnId, notify, undefined, read);
        }] as [string, () => Promise<unknown>]]
      : []),
    ...events.map((event) => [`event:${event.id}`, () => dispatchAutomationEvent(db, event, new Date(), automation)] as [string, () => Promise<unknown>]),
    ...(shopId
      ? [["analytics", async () => {
          const shop = await findShop(db, shopId);
          if (shop) await enqueueDayRollup(db, shop, new Date(requestedAt));
        }] as [string, () => Promise<unknown>]]
      : []),
  ];
  const recorded = [...done];
  const failures: Array<{ step: string; error: string; permanent: boolean }> = recorded.filter((step) => step.startsWith("failed:")).map((step) => ({ step: step.slice(7), error: "failed for good on an earlier attempt", permanent: true }));
  for (const [step, run] of steps) {
    if (done.has(step) || done.has(`failed:${step}`)) continue;
    try {
      await run();
      recorded.push(step);
    } catch (error) {
      const permanent = error instanceof PermanentJobError;
      failures.push({ step, error: error instanceof Error ? error.message : String(error), permanent });
      ctx.log.warn({ err: failures.at(-1)!.error, step, permanent }, "a follow-up step failed");
      // A permanent failure is not tried again: recorded as such, and reported when the job ends.
      if (permanent) recorded.push(`failed:${step}`);
    }
  }
  if (!failures.length) return { steps: recorded };
  await db.$executeRaw`UPDATE "job_outbox" SET "steps" = ${recorded}::text[] WHERE "id" = ${ctx.jobId}::uuid`;
  const text = failures.map((f) => `${f.step}: ${f.error}`).join("; ");
  if (failures.every((f) => f.permanent)) throw new PermanentJobError(text);
  throw new Error(text);
};
