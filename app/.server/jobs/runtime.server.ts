import { EventEmitter } from "node:events";
import { db } from "../db.server";
import { log } from "../logger.server";
import type { JobRuntime, StartJobRuntimeOptions } from "./runtime-types";

const globalForRuntime = globalThis as { __dokaniJobRuntime?: JobRuntime; __dokaniJobEvents?: EventEmitter };

/** Job lifecycle events of this process (`job:started`, `job:completed`, `job:retry`, `job:failed`), for tests and metrics. */
export const jobEvents: EventEmitter = (globalForRuntime.__dokaniJobEvents ??= new EventEmitter().setMaxListeners(100));

/** Starts the job runtime of this process: BullMQ when Redis is configured, in-process otherwise. */
export async function startJobRuntime(options: StartJobRuntimeOptions): Promise<JobRuntime> {
  if (globalForRuntime.__dokaniJobRuntime) throw new Error("The job runtime is already running");
  const concurrency = options.concurrency ?? 4;
  const pollMs = options.pollMs ?? 1_000;
  let runtime: JobRuntime;
  if (options.redisUrl) {
    const { QUEUE_NAME, startBullmqDispatcher, startBullmqWorkers } = await import("./bullmq-runtime.server");
    const queueName = options.queueName ?? QUEUE_NAME;
    const dispatcher = startBullmqDispatcher(options.client, options.registry, options.redisUrl, { pollMs, queueName, leaseMs: options.leaseMs });
    const workers = options.runWorkers ? startBullmqWorkers(options.client, options.registry, options.redisUrl, jobEvents, { concurrency, queueName, leaseMs: options.leaseMs }) : undefined;
    runtime = {
      mode: "bullmq",
      queue: dispatcher.queue,
      kick: dispatcher.kick,
      async stop() {
        await dispatcher.stop();
        await workers?.stop();
      },
    };
  } else {
    const { startInlineRuntime } = await import("./inline-runtime.server");
    runtime = startInlineRuntime(options.client, options.registry, jobEvents, { concurrency, pollMs });
  }
  log().info({ mode: runtime.mode, workers: options.redisUrl ? Boolean(options.runWorkers) : true }, "job runtime started");
  globalForRuntime.__dokaniJobRuntime = runtime;
  return runtime;
}

/** The running job runtime of this process, if any. */
export function currentJobRuntime(): JobRuntime | undefined {
  return globalForRuntime.__dokaniJobRuntime;
}

/** Stops the job runtime of this process, waiting for jobs in flight. */
export async function stopJobRuntime() {
  const runtime = globalForRuntime.__dokaniJobRuntime;
  globalForRuntime.__dokaniJobRuntime = undefined;
  await runtime?.stop();
}

/** Resolves when the outbox row `id` completes (or already has); rejects when it fails for good. */
export function waitForJob(id: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Job ${id} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    const onCompleted = (event: { id: string }) => {
      if (event.id !== id) return;
      cleanup();
      resolve();
    };
    const onFailed = (event: { id: string; outcome: { error?: string } }) => {
      if (event.id !== id) return;
      cleanup();
      reject(new Error(`Job ${id} failed: ${event.outcome.error}`));
    };
    function cleanup() {
      clearTimeout(timer);
      jobEvents.off("job:completed", onCompleted);
      jobEvents.off("job:failed", onFailed);
    }
    jobEvents.on("job:completed", onCompleted);
    jobEvents.on("job:failed", onFailed);
    // Subscribed first, then checked: a job that completed before the call is not waited for. A
    // failed row is not final here: the caller may be about to retry it.
    void db()
      .jobOutbox.findUnique({ where: { id }, select: { status: true } })
      .then((row) => {
        if (row?.status === "completed") onCompleted({ id });
      });
  });
}
