import { Job, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { JobOutbox, PrismaClient } from "../db.server";
import { log } from "../logger.server";
import { DEFAULT_BACKOFF_MS } from "./define-job";
import { startClaimLoop } from "./claim-loop.server";
import { executeJob } from "./execute-job";
import type { JobRegistry, JobRuntimeEvents } from "./runtime-types";

export const QUEUE_NAME = "dokani";
const DISPATCH_LEASE_SECONDS = 30;
/** The default lease of a dispatched or running row, and BullMQ's lock on a job (JOBS_LEASE_MS). */
export const DEFAULT_LEASE_MS = 30_000;
/** Stalls are counted in the outbox (each start is an attempt), so BullMQ itself never fails a stalled job. */
const MAX_STALLS = 1_000;
/** Serialises reconcilers across every process on the database: one pass at a time. */
const RECONCILE_LOCK = 0x646f6b61; // "doka"

type PendingRow = { id: string; name: string; attempts: number; maxAttempts: number };
type StaleRow = { id: string; name: string; status: string; attempts: number; maxAttempts: number };

/** The BullMQ options of an outbox row: its id as the job id (so adding it twice is one job) and the attempts it has left. */
function jobOptions(registry: JobRegistry, row: PendingRow) {
  const job = registry.find(row.name)?.job;
  return {
    jobId: row.id,
    attempts: Math.max(1, row.maxAttempts - row.attempts),
    backoff: { type: "exponential", delay: job?.backoffMs ?? DEFAULT_BACKOFF_MS },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: false,
  };
}

/** A Redis connection as BullMQ wants it for blocking commands. */
export function redisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/**
 * Moves due outbox rows into BullMQ, each claimed batch with one `addBulk` and one update. The
 * BullMQ job id is the outbox row id, so a row sent twice (the process died between `addBulk` and
 * marking the rows) is still one job; retries and backoff are
 * BullMQ's own (`attempts`, exponential `backoff`).
 *
 * The outbox is the truth and BullMQ the transport: a dispatched or running row carries a lease
 * (`lockedUntil`), which the worker running it keeps extending. The reconciler looks at rows whose
 * lease ran out: while BullMQ still holds their job (waiting, delayed, or active under a worker's
 * lock) it waits longer; when BullMQ lost it (Redis came back empty), failed it (its worker died
 * and the stall limit was reached) or finished it without the row finishing, it sends the row again
 * with its attempts left, or marks it failed when none are left.
 */
export function startBullmqDispatcher(client: PrismaClient, registry: JobRegistry, redisUrl: string, options: { pollMs: number; queueName: string; leaseMs?: number }) {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const connection = redisConnection(redisUrl);
  const queue = new Queue(options.queueName, { connection });
  const claim = () =>
    client.$queryRaw<PendingRow[]>`
      UPDATE "job_outbox" SET "lockedUntil" = now() + make_interval(secs => ${DISPATCH_LEASE_SECONDS}), "updatedAt" = now()
      WHERE "id" IN (
        SELECT "id" FROM "job_outbox"
        WHERE "status" = 'pending' AND "runAt" <= now() AND ("lockedUntil" IS NULL OR "lockedUntil" < now())
        ORDER BY "runAt" LIMIT 100 FOR UPDATE SKIP LOCKED)
      RETURNING "id", "name", "attempts", "maxAttempts"`;

  const loop = startClaimLoop({
    pollMs: options.pollMs,
    label: "job dispatch failed",
    async claim() {
      const rows = await claim();
      if (!rows.length) return false;
      // The whole batch goes to Redis in one call, then is marked in one statement.
      await queue.addBulk(rows.map((row) => ({ name: row.name, data: { outboxId: row.id }, opts: jobOptions(registry, row) })));
      await client.jobOutbox.updateMany({
        where: { id: { in: rows.map((row) => row.id) }, status: "pending" },
        data: { status: "dispatched", dispatchedAt: new Date(), lockedUntil: new Date(Date.now() + leaseMs) },
      });
      return rows.length === 100;
    },
  });

  const reconciler = startClaimLoop({
    pollMs: Math.max(250, Math.round(leaseMs / 2)),
    label: "job reconciliation failed",
    wake: false,
    claim: () => reconcileOutbox(client, registry, queue, leaseMs),
  });

  return {
    queue,
    kick: loop.kick,
    /** Runs one reconciliation pass now (tests, and after Redis comes back). */
    reconcile: () => reconcileOutbox(client, registry, queue, leaseMs),
    async stop() {
      await reconciler.stop();
      await loop.stop();
      await queue.close();
      connection.disconnect();
    },
  };
}

/** BullMQ states in which the job will still run (or is running) without help. */
const LIVE_STATES = new Set(["waiting", "delayed", "active", "prioritized", "waiting-children", "wait", "paused"]);

/**
 * One reconciliation pass over rows whose lease ran out; returns true while more may be waiting.
 * A transaction-scoped advisory lock keeps it to one process at a time.
 */
export async function reconcileOutbox(client: PrismaClient, registry: JobRegistry, queue: Queue, leaseMs: number): Promise<boolean> {
  return client.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<Array<{ locked: boolean }>>`SELECT pg_try_advisory_xact_lock(${RECONCILE_LOCK}::bigint) AS "locked"`;
      if (!lock?.locked) return false;
      const stale = await tx.$queryRaw<StaleRow[]>`
        SELECT "id", "name", "status"::text AS "status", "attempts", "maxAttempts" FROM "job_outbox"
        WHERE "status" IN ('dispatched', 'running') AND COALESCE("lockedUntil", "updatedAt" + make_interval(secs => ${leaseMs / 1000})) < now()
        ORDER BY "updatedAt" LIMIT 200`;
      for (const row of stale) {
        const job = await Job.fromId(queue, row.id);
        const state = job ? await job.getState() : "missing";
        const lease = new Date(Date.now() + leaseMs);
        const current = { id: row.id, status: { in: ["dispatched" as const, "running" as const] } };
        if (LIVE_STATES.has(state)) {
          // Still BullMQ's to run: a dead worker's active job comes back through BullMQ's stall check.
          await tx.jobOutbox.updateMany({ where: current, data: { lockedUntil: lease } });
          continue;
        }
        if (row.attempts >= row.maxAttempts) {
          await tx.jobOutbox.updateMany({
            where: current,
            data: { status: "failed", lockedUntil: null, lastError: `The job stopped after its last attempt (${row.status}, queue state ${state}).` },
          });
          continue;
        }
        await job?.remove().catch(() => undefined);
        await queue.add(row.name, { outboxId: row.id }, jobOptions(registry, row));
        await tx.jobOutbox.updateMany({ where: current, data: { status: "dispatched", dispatchedAt: new Date(), lockedUntil: lease } });
        log().warn({ jobId: row.id, job: row.name, was: row.status, queueState: state }, "job re-dispatched by the outbox reconciler");
      }
      return stale.length === 200;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

/** BullMQ workers that run outbox jobs from the registry they are given (`npm run workers`, or in-process). */
export function startBullmqWorkers(client: PrismaClient, registry: JobRegistry, redisUrl: string, events: JobRuntimeEvents, options: { concurrency: number; queueName: string; leaseMs?: number }) {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const connection = redisConnection(redisUrl);
  const worker = new Worker(
    options.queueName,
    async (job: Job<{ outboxId: string }>) => {
      // Every start is an attempt, a restart after a dead worker included: the outbox counts them.
      const [row] = await client.$queryRaw<JobOutbox[]>`
        UPDATE "job_outbox" SET "status" = 'running', "attempts" = "attempts" + 1,
          "lockedUntil" = now() + make_interval(secs => ${leaseMs / 1000}), "updatedAt" = now()
        WHERE "id" = ${job.data.outboxId}::uuid AND "status" IN ('pending', 'dispatched', 'running')
        RETURNING *`;
      // Gone (its shop was erased), already done by an earlier delivery, or failed for good: nothing to repeat.
      if (!row) return { skipped: true };
      const attempt = row.attempts;
      if (attempt > row.maxAttempts) {
        const error = `The job stopped before finishing ${row.maxAttempts} times (its worker stopped).`;
        await client.jobOutbox.updateMany({ where: { id: row.id }, data: { status: "failed", lockedUntil: null, lastError: error, attempts: row.maxAttempts } });
        events.emit("job:failed", { id: row.id, name: row.name, outcome: { status: "failed", error }, attempt });
        throw new UnrecoverableError(error);
      }
      events.emit("job:started", { id: row.id, name: row.name, attempt });
      // The lease says a live worker holds the row; it lapses soon after the worker dies.
      const heartbeat = setInterval(() => {
        void client.jobOutbox
          .updateMany({ where: { id: row.id, status: "running" }, data: { lockedUntil: new Date(Date.now() + leaseMs) } })
          .catch(() => undefined);
      }, Math.max(200, Math.round(leaseMs / 3)));
      let outcome: Awaited<ReturnType<typeof executeJob>>;
      try {
        outcome = await executeJob(client, registry, row, attempt);
      } finally {
        clearInterval(heartbeat);
      }
      events.emit(outcome.status === "retry" ? "job:retry" : `job:${outcome.status}`, { id: row.id, name: row.name, outcome, attempt });
      if (outcome.status === "retry") {
        await client.jobOutbox.updateMany({
          where: { id: row.id, status: "running" },
          data: { status: "dispatched", lastError: outcome.error, lockedUntil: new Date(Date.now() + leaseMs + outcome.delayMs * 2) },
        });
        throw new Error(outcome.error);
      }
      if (outcome.status === "failed") {
        // Recorded as failed in the outbox; BullMQ must not retry what the handler called permanent.
        throw new UnrecoverableError(outcome.error);
      }
      return { completed: true };
    },
    {
      connection,
      concurrency: options.concurrency,
      autorun: true,
      // A job whose worker died is found after its lock lapses and runs again (an attempt), never failed as stalled.
      lockDuration: leaseMs,
      stalledInterval: leaseMs,
      maxStalledCount: MAX_STALLS,
    },
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
