import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import type { z } from "zod";
import { db, type DbClient, type PrismaClient, type Tx } from "../db.server";
import { DEFAULT_MAX_ATTEMPTS, type JobDefinition } from "./define-job";

/**
 * The write side of the transactional outbox. A job is a row written with the same transaction
 * client as the state change that needs it, so both commit or neither does; the job runtime picks
 * rows up after commit (woken at once through `jobSignals`, or by its poll when another process
 * wrote them).
 */

const globalForJobs = globalThis as { __dokaniJobSignals?: EventEmitter };
/** Process-wide signal that new outbox rows may be due. */
export const jobSignals: EventEmitter = (globalForJobs.__dokaniJobSignals ??= new EventEmitter().setMaxListeners(50));

export type EnqueueOptions = {
  shopId?: string | null;
  /** A job with the same key is written once; a second enqueue returns the first row's id. */
  dedupKey?: string;
  runAt?: Date;
};

/** Writes a job to the outbox with the caller's (transaction) client and returns its id. */
export async function enqueueJob<S extends z.ZodType>(
  client: DbClient,
  job: JobDefinition<S>,
  payload: z.input<S>,
  options: EnqueueOptions = {},
): Promise<string> {
  const parsed = job.payload.parse(payload);
  const data = {
    name: job.name,
    payload: parsed as object,
    shopId: options.shopId ?? null,
    dedupKey: options.dedupKey ?? null,
    runAt: options.runAt ?? new Date(),
    maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
  if (!options.dedupKey) {
    const row = await client.jobOutbox.create({ data, select: { id: true } });
    return row.id;
  }
  // ON CONFLICT keeps a transaction usable where a caught unique violation would abort it.
  const inserted = await client.jobOutbox.createManyAndReturn({ data: [data], skipDuplicates: true, select: { id: true } });
  if (inserted[0]) return inserted[0].id;
  const existing = await client.jobOutbox.findUniqueOrThrow({ where: { dedupKey: options.dedupKey }, select: { id: true } });
  return existing.id;
}

/**
 * The outbox row `enqueueJob` would write, as plain values, for a change written in one statement
 * (see app/.server/returns/insert-return.server.ts): insert it there with `ON CONFLICT ("dedupKey")
 * DO NOTHING`, then call `kickJobs()` once it has committed.
 */
export function outboxRow<S extends z.ZodType>(job: JobDefinition<S>, payload: z.input<S>, options: EnqueueOptions & { now: Date }) {
  const runAt = options.runAt ?? options.now;
  return {
    id: randomUUID(),
    shopId: options.shopId ?? null,
    name: job.name,
    payload: job.payload.parse(payload) as object,
    dedupKey: options.dedupKey ?? null,
    status: "pending",
    attempts: 0,
    maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    runAt,
    steps: [] as string[],
    createdAt: options.now,
    updatedAt: options.now,
  };
}

/** Wakes this process's job runtime; call after the transaction that enqueued has committed. */
export function kickJobs() {
  jobSignals.emit("kick");
}

/**
 * Runs `fn` in a transaction and wakes the job runtime after it commits, which is when the outbox
 * rows it wrote become visible.
 */
export async function runInTransaction<T>(fn: (tx: Tx) => Promise<T>, client: PrismaClient = db()): Promise<T> {
  const result = await client.$transaction(fn, { timeout: 30_000, maxWait: 10_000 });
  kickJobs();
  return result;
}
