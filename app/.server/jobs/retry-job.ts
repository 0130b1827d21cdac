import { AppError } from "../errors";
import type { PrismaClient } from "../db.server";
import { kickJobs } from "./enqueue-job";
import { currentJobRuntime } from "./runtime.server";

/**
 * Puts a failed job back in line with a fresh set of attempts. Scoped: with `shopId`, a job of
 * another shop answers not found, like a missing one. A job made of steps keeps those that finished
 * and tries again the ones that had failed for good.
 */
export async function retryJob(client: PrismaClient, id: string, shopId?: string): Promise<void> {
  const row = await client.jobOutbox.findFirst({ where: { id, ...(shopId ? { shopId } : {}) } });
  if (!row) throw new AppError("not_found", "No such job.");
  if (row.status !== "failed") throw new AppError("invalid_transition", `Only failed jobs can be retried; this one is ${row.status}.`);
  const runtime = currentJobRuntime();
  if (runtime?.mode === "bullmq" && runtime.queue) {
    // The row is put back first: a worker may take the retried BullMQ job at once, and it runs only
    // a job whose row says it is dispatched.
    await client.jobOutbox.update({ where: { id }, data: { status: "dispatched", attempts: 0, dispatchedAt: new Date(), steps: unfailed(row.steps) } });
    const { retryBullmqJob } = await import("./bullmq-runtime.server");
    const how = await retryBullmqJob(runtime.queue, id);
    if (how === "retried") return;
  }
  await client.jobOutbox.update({
    where: { id },
    data: { status: "pending", attempts: 0, runAt: new Date(), lockedUntil: null, steps: unfailed(row.steps) },
  });
  kickJobs();
}

/** The finished steps of a job, less those recorded as failed for good (a retry tries them again). */
function unfailed(steps: string[]): string[] {
  return steps.filter((step) => !step.startsWith("failed:"));
}
