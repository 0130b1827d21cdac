import { AppError } from "../errors";
import { DEFAULT_MAX_ATTEMPTS, PermanentJobError } from "../jobs/define-job";
import type { JobHandler } from "../jobs/runtime-types";
import { backtestPolicyJob } from "./jobs";
import { runPolicyBacktest } from "./run-policy-backtest.server";

const MAX_ATTEMPTS = backtestPolicyJob.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;

function describe(error: unknown): string {
  const text = error instanceof AppError ? error.message : error instanceof Error ? error.message : String(error);
  return text.slice(0, 500);
}

/**
 * Runs `policies.backtest`. A failed attempt leaves the backtest queued with the error (the runtime
 * retries with backoff); the last one, or rules that no longer parse, marks it failed so the page
 * shows the error and offers a new run.
 */
export const handleBacktestPolicy: JobHandler<typeof backtestPolicyJob.payload> = async ({ backtestId }, ctx) => {
  try {
    await runPolicyBacktest(ctx.db, backtestId);
  } catch (error) {
    const permanent = error instanceof AppError && error.code === "invalid_rules";
    const last = permanent || ctx.attempt >= MAX_ATTEMPTS;
    await ctx.db.policyBacktest.updateMany({
      where: { id: backtestId, status: { not: "completed" } },
      data: last
        ? { status: "failed", error: describe(error), completedAt: new Date() }
        : { status: "queued", error: `Attempt ${ctx.attempt} failed and will be retried: ${describe(error)}` },
    });
    if (permanent) throw new PermanentJobError(describe(error));
    throw error;
  }
};
