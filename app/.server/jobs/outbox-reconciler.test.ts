import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { bindJobHandler } from "./bind-job-handler";
import { redisConnection } from "./bullmq-runtime.server";
import { createJobRegistry } from "./create-job-registry";
import { defineJob } from "./define-job";
import { enqueueJob } from "./enqueue-job";
import { startJobRuntime, stopJobRuntime, waitForJob } from "./runtime.server";

const redisUrl = process.env.REDIS_URL;
const LEASE_MS = 1_000;
const runs = new Map<string, number>();

const countedJob = defineJob({ name: "test.reconciled", payload: z.object({ key: z.string() }), maxAttempts: 3, backoffMs: 50 });
const registry = createJobRegistry([
  bindJobHandler(countedJob, async () => async ({ key }) => {
    runs.set(key, (runs.get(key) ?? 0) + 1);
  }),
]);

describe.skipIf(!redisUrl)(`the outbox reconciler${redisUrl ? "" : " (skipped: REDIS_URL is unset)"}`, () => {
  setupTestDatabase();
  const queueName = `dokani-test-${randomBytes(4).toString("hex")}`;
  let inspect: Queue;

  beforeAll(() => {
    inspect = new Queue(queueName, { connection: redisConnection(redisUrl!) });
  });
  afterAll(async () => {
    await inspect.obliterate({ force: true }).catch(() => undefined);
    await inspect.close();
  });
  beforeEach(async () => {
    await clearDatabase();
    runs.clear();
  });
  afterEach(async () => {
    await stopJobRuntime();
  });

  it("sends a dispatched row again when its BullMQ job is gone (Redis came back empty), and it runs once", async () => {
    const id = await enqueueJob(db(), countedJob, { key: "lost" });
    // A dispatcher without workers: the row is handed to BullMQ and waits there.
    await startJobRuntime({ client: db(), registry, redisUrl, runWorkers: false, pollMs: 50, queueName, leaseMs: LEASE_MS });
    await expect.poll(async () => (await db().jobOutbox.findUniqueOrThrow({ where: { id } })).status).toBe("dispatched");
    await stopJobRuntime();
    // Redis restarted without its data: the queue knows nothing of the job.
    await inspect.obliterate({ force: true });
    expect(await inspect.getJob(id)).toBeUndefined();

    const done = waitForJob(id, 20_000);
    await startJobRuntime({ client: db(), registry, redisUrl, runWorkers: true, pollMs: 50, queueName, leaseMs: LEASE_MS });
    await done;
    expect(runs.get("lost")).toBe(1);
    expect(await db().jobOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "completed", attempts: 1 });
  });

  it("runs a row again whose worker died mid-job and whose BullMQ job ended failed, within its attempts", async () => {
    const id = await enqueueJob(db(), countedJob, { key: "orphaned" });
    // As a killed worker leaves it: the row running with a lapsed lease, the BullMQ job failed as stalled.
    await inspect.add(countedJob.name, { outboxId: id }, { jobId: id, attempts: 3 });
    const job = (await inspect.getJob(id))!;
    await job.moveToFailed(new Error("job stalled more than allowable limit"), "0", false).catch(() => undefined);
    await db().jobOutbox.update({ where: { id }, data: { status: "running", attempts: 1, lockedUntil: new Date(Date.now() - 1_000) } });

    const done = waitForJob(id, 20_000);
    await startJobRuntime({ client: db(), registry, redisUrl, runWorkers: true, pollMs: 50, queueName, leaseMs: LEASE_MS });
    await done;
    expect(runs.get("orphaned")).toBe(1);
    expect(await db().jobOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "completed", attempts: 2 });
  });

  it("marks a row failed that lost its job after its last attempt, rather than running it forever", async () => {
    const id = await enqueueJob(db(), countedJob, { key: "spent" });
    await db().jobOutbox.update({ where: { id }, data: { status: "running", attempts: 3, lockedUntil: new Date(Date.now() - 1_000) } });
    await startJobRuntime({ client: db(), registry, redisUrl, runWorkers: true, pollMs: 50, queueName, leaseMs: LEASE_MS });
    await expect.poll(async () => (await db().jobOutbox.findUniqueOrThrow({ where: { id } })).status, { timeout: 10_000 }).toBe("failed");
    expect(runs.get("spent")).toBeUndefined();
  });

  it("leaves a row alone while BullMQ still holds its job", async () => {
    const id = await enqueueJob(db(), countedJob, { key: "waiting" }, { runAt: new Date() });
    await startJobRuntime({ client: db(), registry, redisUrl, runWorkers: false, pollMs: 50, queueName, leaseMs: LEASE_MS });
    await expect.poll(async () => (await db().jobOutbox.findUniqueOrThrow({ where: { id } })).status).toBe("dispatched");
    const first = (await db().jobOutbox.findUniqueOrThrow({ where: { id } })).dispatchedAt;
    // Past two leases: the reconciler looked, found the job waiting in BullMQ, and only extended the lease.
    await expect.poll(async () => (await db().jobOutbox.findUniqueOrThrow({ where: { id } })).lockedUntil!.getTime() > first!.getTime() + LEASE_MS * 1.5, { timeout: 10_000 }).toBe(true);
    const row = await db().jobOutbox.findUniqueOrThrow({ where: { id } });
    expect(row.dispatchedAt).toEqual(first);
    expect(await (await inspect.getJob(id))!.getState()).toBe("waiting");
  });
});
