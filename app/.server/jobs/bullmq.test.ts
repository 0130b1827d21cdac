import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { bindJobHandler } from "./bind-job-handler";
import { createJobRegistry } from "./create-job-registry";
import { defineJob } from "./define-job";
import { enqueueJob, kickJobs } from "./enqueue-job";
import { redisConnection } from "./bullmq-runtime.server";
import { retryJob } from "./retry-job";
import { jobEvents, startJobRuntime, stopJobRuntime, waitForJob } from "./runtime.server";

const redisUrl = process.env.REDIS_URL;

const runs = new Map<string, number>();
const failuresLeft = new Map<string, number>();
const attemptTimes = new Map<string, number[]>();

const flakyJob = defineJob({
  name: "test.bullmq-flaky",
  payload: z.object({ key: z.string() }),
  maxAttempts: 3,
  backoffMs: 100,
});
const registry = createJobRegistry([
  bindJobHandler(flakyJob, async () => async ({ key }) => {
    attemptTimes.set(key, [...(attemptTimes.get(key) ?? []), Date.now()]);
    const left = failuresLeft.get(key) ?? 0;
    if (left > 0) {
      failuresLeft.set(key, left - 1);
      throw new Error(`planned failure (${left} left)`);
    }
    runs.set(key, (runs.get(key) ?? 0) + 1);
  }),
]);

describe.skipIf(!redisUrl)(`jobs on BullMQ${redisUrl ? "" : " (skipped: REDIS_URL is unset)"}`, () => {
  setupTestDatabase();
  // A queue of this file's own, so test files sharing one Redis never take each other's jobs.
  const queueName = `dokani-test-${randomBytes(4).toString("hex")}`;

  beforeEach(async () => {
    await clearDatabase();
    runs.clear();
    failuresLeft.clear();
    attemptTimes.clear();
  });
  afterEach(async () => {
    await stopJobRuntime();
  });

  it("hands outbox rows to BullMQ workers and records completion", async () => {
    const id = await enqueueJob(db(), flakyJob, { key: "plain" });
    const done = waitForJob(id);
    const runtime = await startJobRuntime({ client: db(), registry, redisUrl, runWorkers: true, pollMs: 50, queueName });
    expect(runtime.mode).toBe("bullmq");
    await done;
    expect(runs.get("plain")).toBe(1);
    expect(await db().jobOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "completed", attempts: 1 });
  });

  it("runs a job once when the dispatcher died after handing it over but before marking it", async () => {
    const id = await enqueueJob(db(), flakyJob, { key: "twice-dispatched" });
    const done = waitForJob(id);
    await startJobRuntime({ client: db(), registry, redisUrl, runWorkers: true, pollMs: 50, queueName });
    await done;
    // As if the mark never committed: the row is pending again and the dispatcher sends it again.
    await db().jobOutbox.update({ where: { id }, data: { status: "pending", lockedUntil: null } });
    const redispatched = new Promise<void>((resolve) => {
      const check = async () => {
        const row = await db().jobOutbox.findUniqueOrThrow({ where: { id } });
        if (row.status !== "pending") resolve();
        else setTimeout(check, 20);
      };
      void check();
    });
    kickJobs();
    await redispatched;
    await stopJobRuntime();
    expect(runs.get("twice-dispatched")).toBe(1);
  });

  it("retries with exponential backoff, then completes", async () => {
    failuresLeft.set("flaky", 2);
    const id = await enqueueJob(db(), flakyJob, { key: "flaky" });
    const done = waitForJob(id);
    await startJobRuntime({ client: db(), registry, redisUrl, runWorkers: true, pollMs: 50, queueName });
    await done;
    const times = attemptTimes.get("flaky")!;
    expect(times).toHaveLength(3);
    // BullMQ's exponential backoff: 100 ms, then 200 ms.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(100);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(200);
    expect(await db().jobOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "completed", attempts: 3 });
  });

  it("marks the job failed after its attempts, and BullMQ's own retry runs it again", async () => {
    failuresLeft.set("doomed", 3);
    const id = await enqueueJob(db(), flakyJob, { key: "doomed" });
    const failed = new Promise<void>((resolve) => jobEvents.on("job:failed", (e: { id: string }) => e.id === id && resolve()));
    await startJobRuntime({ client: db(), registry, redisUrl, runWorkers: true, pollMs: 50, queueName });
    await failed;
    const row = await db().jobOutbox.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "failed", attempts: 3 });
    expect(row.lastError).toContain("planned failure");

    const inspect = new Queue(queueName, { connection: redisConnection(redisUrl!) });
    await expect.poll(async () => (await inspect.getJob(id))?.isFailed()).toBe(true);
    const done = waitForJob(id);
    await retryJob(db(), id);
    await done;
    await inspect.close();
    expect(runs.get("doomed")).toBe(1);
  });
});
