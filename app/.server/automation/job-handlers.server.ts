import { AppError } from "../errors";
import { PermanentJobError } from "../jobs/define-job";
import type { JobHandler } from "../jobs/runtime-types";
import { deliverWebhook } from "../outgoing-webhooks/deliver-webhook.server";
import { checkNoReply, dispatchAutomationEvent } from "./dispatch-automation-event.server";
import type { backtestRuleJob, deliverWebhookJob, dispatchAutomationJob, noReplyCheckJob } from "./jobs";
import { runRuleBacktest } from "./run-rule-backtest.server";

export const handleDispatchAutomation: JobHandler<typeof dispatchAutomationJob.payload> = async ({ event }, ctx) => {
  await dispatchAutomationEvent(ctx.db, event);
};

export const handleNoReplyCheck: JobHandler<typeof noReplyCheckJob.payload> = async (payload, ctx) => {
  await checkNoReply(ctx.db, payload);
};

/** A failed delivery throws, so the outbox retries it with backoff; a refused or expired one has already been marked failed. */
export const handleDeliverWebhook: JobHandler<typeof deliverWebhookJob.payload> = async ({ deliveryId }, ctx) => {
  const outcome = await deliverWebhook(ctx.db, deliveryId);
  if (outcome === "retry") throw new Error("The endpoint did not accept the delivery; it will be tried again.");
};

export const handleBacktestRule: JobHandler<typeof backtestRuleJob.payload> = async ({ backtestId }, ctx) => {
  try {
    await runRuleBacktest(ctx.db, backtestId);
  } catch (error) {
    const last = ctx.attempt >= 3 || (error instanceof AppError && error.code === "invalid_rules");
    const text = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    await ctx.db.automationBacktest.updateMany({ where: { id: backtestId, status: { not: "completed" } }, data: last ? { status: "failed", error: text, completedAt: new Date() } : { status: "queued", error: `Attempt ${ctx.attempt} failed and will be retried: ${text}` } });
    if (last) throw new PermanentJobError(text);
    throw error;
  }
};
