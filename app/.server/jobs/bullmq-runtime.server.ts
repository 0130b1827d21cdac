import { Job, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { PrismaClient } from "../db.server";
import { log } from "../logger.server";
import { DEFAULT_BACKOFF_MS } from "./define-job";
import { startClaimLoop } from "./claim-loop.server";
import { executeJob } from "./execute-job";
import type { JobRegistry, JobRuntimeEvents } from "./runtime-types";

export const QUEUE_NAME = "dokani";
const DISPATCH_LEASE_SECONDS = 30;

type PendingRow = { id: string; name: string; maxAttempts: number };

/** A Redis connection as BullMQ wants it for blocking commands. */
export function redisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/**
 * Moves due outbox rows into BullMQ. The BullMQ job id is the outbox row id, so a row sent twice
 * (the process died between `add` and marking the row) is still one job; retries and backoff are
 * BullMQ's own (`attempts`, exponential `backoff`).
 */
export function startBullmqDispatcher(client: PrismaClient, registry: JobRegistry, redisUrl: string, options: { pollMs: number; queueName: string }) {
  const connection = redisConnection(redisUrl);
  const queue = new Queue(options.queueName, { connection });
  const claim = () =>
    client.$queryRaw<PendingRow[]>`
      UPDATE "job_outbox" SET "lockedUntil" = now() + make_interval(secs => ${DISPATCH_LEASE_SECONDS}), "updatedAt" = now()
      WHERE "id" IN (
        SELECT "id" FROM "job_outbox"
        WHERE "status" = 'pending' AND "runAt" <= now() AND ("lockedUntil" IS NULL OR "lockedUntil" < now())
        ORDER BY "runAt" LIMIT 100 FOR UPDATE SKIP LOCKED)
      RETURNING "id", "name", "maxAttempts"`;

  const loop = startClaimLoop({
    pollMs: options.pollMs,
    label: "job dispatch failed",
    async claim() {
      const rows = await claim();
      for (const row of rows) {
        const job = registry.find(row.name)?.job;
        await queue.add(row.name, { outboxId: row.id }, {
          jobId: row.id,
          attempts: row.maxAttempts,
          backoff: { type: "exponential", delay: job?.backoffMs ?? DEFAULT_BACKOFF_MS },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: false,
        });
        await client.jobOutbox.updateMany({
          where: { id: row.id, status: "pending" },
          data: { status: "dispatched", dispatchedAt: new Date(), lockedUntil: null },
        });
      }
      return rows.length === 100;
    },
  });

  return {
    queue,
    kick: loop.kick,
    async stop() {
      await loop.stop();
      await queue.close();
      connection.disconnect();
    },
  };
}

/** BullMQ workers that run outbox jobs from the registry they are given (`npm run workers`, or in-process). */
export function startBullmqWorkers(client: PrismaClient, registry: JobRegistry, redisUrl: string, events: JobRuntimeEvents, options: { concurrency: number; queueName: string }) {
  const connection = redisConnection(redisUrl);
  const worker = new Worker(
    options.queueName,
    async (job: Job<{ outboxId: string }>) => {
      const row = await client.jobOutbox.findUnique({ where: { id: job.data.outboxId } });
      // Gone (its shop was erased) or already done by an earlier delivery: nothing to repeat.
      if (!row || row.status === "completed") return { skipped: true };
      const attempt = job.attemptsMade + 1;
      await client.jobOutbox.update({ where: { id: row.id }, data: { status: "running", attempts: attempt } });
      events.emit("job:started", { id: row.id, name: row.name, attempt });
      const outcome = await executeJob(client, registry, { ...row, maxAttempts: job.opts.attempts ?? row.maxAttempts }, attempt);
      events.emit(outcome.status === "retry" ? "job:retry" : `job:${outcome.status}`, { id: row.id, name: row.name, outcome, attempt });
      if (outcome.status === "retry") {
        await client.jobOutbox.update({ where: { id: row.id }, data: { status: "dispatched", lastError: outcome.error } });
        throw new Error(outcome.error);
      }
      if (outcome.status === "failed") {
        // Recorded as failed in the outbox; BullMQ must not retry what the handler called permanent.
        throw new UnrecoverableError(outcome.error);
      }
      return { completed: true };
    },
    { connection, concurrency: options.concurrency, autorun: true },
  );
  worker.on("error", (error) => log().error({ err: error }, "BullMQ worker error"));
  return {
    worker,
    async stop() {
      await worker.close();
      connection.disconnect();
    },
  };
}

/** Puts a failed job back in line: BullMQ's own retry when it still holds the job, else a fresh dispatch. */
export async function retryBullmqJob(queue: Queue, id: string): Promise<"retried" | "requeued"> {
  const job = await Job.fromId(queue, id);
  if (job && (await job.isFailed())) {
    await job.retry("failed", { resetAttemptsMade: true });
    return "retried";
  }
  await job?.remove();
  return "requeued";
}
