import type { EventEmitter } from "node:events";
import type { Queue } from "bullmq";
import type { Logger } from "pino";
import type { z } from "zod";
import type { PrismaClient } from "../db.server";
import type { JobDefinition } from "./define-job";

/** What a job handler gets besides its payload. */
export type JobContext = {
  db: PrismaClient;
  /** The outbox row id; stable across retries, so it makes a good idempotency key. */
  jobId: string;
  /** 1 on the first run. */
  attempt: number;
  /** The steps an earlier attempt of a job made of several recorded as finished (`job_outbox.steps`). */
  steps?: readonly string[];
  log: Logger;
};

/** What a handler may report with its success: the steps it finished, written with the job's completion (one statement). */
export type JobResult = { steps?: string[] };

/** The idempotent work of one job, given its parsed payload. */
export type JobHandler<S extends z.ZodType = z.ZodType> = (payload: z.infer<S>, ctx: JobContext) => Promise<void | JobResult>;

/** A job and the loader of its handler; the handler's module is imported the first time the job runs. */
export type JobHandlerEntry = {
  job: JobDefinition;
  load: () => Promise<JobHandler>;
};

/** The jobs a runtime can run, by name. */
export type JobRegistry = {
  find(name: string): JobHandlerEntry | undefined;
  /** Adds a job at run time (tests); its name must be new. */
  register(entry: JobHandlerEntry): void;
  entries(): JobHandlerEntry[];
};

export type JobOutcome =
  | { status: "completed" }
  | { status: "skipped"; reason: string }
  | { status: "retry"; error: string; delayMs: number }
  | { status: "failed"; error: string };

/** Lifecycle events of this process (`job:started`, `job:completed`, `job:retry`, `job:failed`). */
export type JobRuntimeEvents = EventEmitter;

export type JobRuntime = {
  mode: "inline" | "bullmq";
  /** Looks for due rows now instead of at the next poll. */
  kick(): void;
  /** Stops taking jobs and waits for the ones running to finish. */
  stop(): Promise<void>;
  queue?: Queue;
};

export type StartJobRuntimeOptions = {
  client: PrismaClient;
  /** The jobs this process runs: the app's `jobRegistry` (app/.server/job-registry.server.ts), or a test's own. */
  registry: JobRegistry;
  /** With a URL, jobs go through BullMQ; without, they run in this process. */
  redisUrl?: string;
  /** With BullMQ: also run workers in this process (demo and development); production runs `npm run workers`. */
  runWorkers?: boolean;
  concurrency?: number;
  pollMs?: number;
  /** With BullMQ: the lease of a dispatched or running row and the lock of its job (JOBS_LEASE_MS). */
  leaseMs?: number;
  /** The BullMQ queue; separate apps (or test files) sharing one Redis use separate names. */
  queueName?: string;
};
