import { z } from "zod";
import { AppError } from "../errors";
import { defineJob, PermanentJobError, type JobDefinition } from "../jobs/define-job";
import { runPolicyBacktest } from "./run-policy-backtest.server";

const MAX_ATTEMPTS = 3;

function describe(error: unknown): string {
  const text = error instanceof AppError ? error.message : error instanceof Error ? error.message : String(error);
  return text.slice(0, 500);
}

/**
 * `policies.backtest`: runs one policy backtest. A failed attempt leaves the backtest queued with
 * the error (the runtime retries with backoff); the last one, or rules that no longer parse, marks
 * it failed so the page shows the error and offers a new run.
 */
export const backtestPolicy = defineJob({
  name: "policies.backtest",
  payload: z.object({ backtestId: z.uuid() }),
  maxAttempts: MAX_ATTEMPTS,
  backoffMs: 5_000,
  async handler({ backtestId }, ctx) {
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
  },
});

/** The policy jobs, registered in `jobs/registry.server.ts`. */
export const policyJobs: JobDefinition[] = [backtestPolicy as JobDefinition];
