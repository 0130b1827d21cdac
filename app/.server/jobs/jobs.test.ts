import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { bindJobHandler } from "./bind-job-handler";
import { createJobRegistry } from "./create-job-registry";
import { backoffDelay, defineJob, PermanentJobError } from "./define-job";
import { enqueueJob, runInTransaction } from "./enqueue-job";
import { retryJob } from "./retry-job";
import { jobEvents, startJobRuntime, stopJobRuntime, waitForJob } from "./runtime.server";

setupTestDatabase();

const runs = new Map<string, number>();
const failuresLeft = new Map<string, number>();
const attemptTimes = new Map<string, number[]>();

/** Counts runs per key; fails `failuresLeft` times first. Idempotent on its key like a real handler. */
const countJob = defineJob({
  name: "test.count",
  payload: z.object({ key: z.string() }),
  maxAttempts: 4,
  backoffMs: 40,
});
const permanentJob = defineJob({
  name: "test.permanent",
  payload: z.object({}),
});
/** Takes the time it is given, as a handler doing real work would. */
const slowJob = defineJob({
  name: "test.slow",
  payload: z.object({ ms: z.number(), fail: z.boolean() }),
  maxAttempts: 1,
});
const registry = createJobRegistry([
  bindJobHandler(slowJob, async () => async ({ ms, fail }) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (fail) throw new PermanentJobError("the work went wrong");
  }),
  bindJobHandler(countJob, async () => async ({ key }) => {
    attemptTimes.set(key, [...(attemptTimes.get(key) ?? []), Date.now()]);
    const left = failuresLeft.get(key) ?? 0;
    if (left > 0) {
      failuresLeft.set(key, left - 1);
      throw new Error(`planned failure (${left} left)`);
    }
    runs.set(key, (runs.get(key) ?? 0) + 1);
  }),
  bindJobHandler(permanentJob, async () => async () => {
    throw new PermanentJobError("the order no longer exists");
  }),
]);

beforeEach(async () => {
  await clearDatabase();
  runs.clear();
  failuresLeft.clear();
  attemptTimes.clear();
});
afterEach(async () => {
  await stopJobRuntime();
});

async function makeShop() {
  return db().shop.create({ data: { platform: "demo", domain: `s${Date.now()}${Math.random().toString(36).slice(2, 6)}.example.com`, name: "Shop" } });
}

describe("the transactional outbox", () => {
  it("writes nothing when the transaction that enqueued rolls back", async () => {
    await expect(
      runInTransaction(async (tx) => {
        await tx.shop.create({ data: { platform: "demo", domain: "rollback.example.com", name: "Gone" } });
        await enqueueJob(tx, countJob, { key: "rolled-back" });
        throw new Error("the state change failed");
      }),
    ).rejects.toThrow("the state change failed");
    expect(await db().jobOutbox.count()).toBe(0);
    expect(await db().shop.count()).toBe(0);
  });

  it("rejects a payload that does not match the job's schema before writing", async () => {
    await expect(enqueueJob(db(), countJob, { key: 42 } as never)).rejects.toThrow();
    expect(await db().jobOutbox.count()).toBe(0);
  });

  it("writes a job with a dedup key once", async () => {
    const first = await enqueueJob(db(), countJob, { key: "a" }, { dedupKey: "sync:return-1" });
    const second = await enqueueJob(db(), countJob, { key: "a" }, { dedupKey: "sync:return-1" });
    expect(second).toBe(first);
    expect(await db().jobOutbox.count()).toBe(1);
  });

  it("loses no job when the process dies between commit and dispatch, and runs it once", async () => {
    const shop = await makeShop();
    // Committed with its state change, then the process "dies": no runtime ever saw the row.
    const id = await runInTransaction(async (tx) => {
      await tx.shop.update({ where: { id: shop.id }, data: { name: "Renamed" } });
      return enqueueJob(tx, countJob, { key: "crash-before-dispatch" }, { shopId: shop.id });
    });
    expect((await db().jobOutbox.findUniqueOrThrow({ where: { id } })).status).toBe("pending");

    const done = waitForJob(id);
    await startJobRuntime({ client: db(), registry, pollMs: 50 });
    await done;
    await stopJobRuntime();
    // A second start finds nothing left to do.
    await startJobRuntime({ client: db(), registry, pollMs: 50 });
    await stopJobRuntime();
    expect(runs.get("crash-before-dispatch")).toBe(1);
    const row = await db().jobOutbox.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "completed", attempts: 1, lastError: null });
  });

  it("picks a job up again when its runner died mid-run (lease expired)", async () => {
    const id = await enqueueJob(db(), countJob, { key: "lease" });
    await db().jobOutbox.update({ where: { id }, data: { status: "running", attempts: 1, lockedUntil: new Date(Date.now() - 1000) } });
    const done = waitForJob(id);
    await startJobRuntime({ client: db(), registry, pollMs: 50 });
    await done;
    expect(runs.get("lease")).toBe(1);
    expect((await db().jobOutbox.findUniqueOrThrow({ where: { id } })).attempts).toBe(2);
  });

  it("does not take a job whose lease is still held by another runner", async () => {
    const id = await enqueueJob(db(), countJob, { key: "leased" });
    await db().jobOutbox.update({ where: { id }, data: { status: "running", attempts: 1, lockedUntil: new Date(Date.now() + 60_000) } });
    const other = await enqueueJob(db(), countJob, { key: "free" });
    const done = waitForJob(other);
    await startJobRuntime({ client: db(), registry, pollMs: 50 });
    await done;
    expect(runs.get("leased")).toBeUndefined();
    expect((await db().jobOutbox.findUniqueOrThrow({ where: { id } })).status).toBe("running");
  });
});

describe("retries", () => {
  it("retries a failing job with exponential backoff until it succeeds", async () => {
    failuresLeft.set("flaky", 2);
    const id = await enqueueJob(db(), countJob, { key: "flaky" });
    const retries: number[] = [];
    const onRetry = (event: { id: string }) => event.id === id && retries.push(Date.now());
    jobEvents.on("job:retry", onRetry);
    const done = waitForJob(id);
    await startJobRuntime({ client: db(), registry, pollMs: 20 });
    await done;
    jobEvents.off("job:retry", onRetry);

    expect(retries).toHaveLength(2);
    expect(runs.get("flaky")).toBe(1);
    const times = attemptTimes.get("flaky")!;
    expect(times).toHaveLength(3);
    // 40 ms before the second attempt, 80 ms before the third.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(40);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(80);
    expect(await db().jobOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "completed", attempts: 3 });
  });

  it("marks a job failed after its last attempt, keeps the error, and runs it again on retry", async () => {
    const shop = await makeShop();
    failuresLeft.set("doomed", 4);
    const id = await enqueueJob(db(), countJob, { key: "doomed" }, { shopId: shop.id });
    const failed = new Promise<void>((resolve) => jobEvents.on("job:failed", (e: { id: string }) => e.id === id && resolve()));
    await startJobRuntime({ client: db(), registry, pollMs: 20 });
    await failed;
    const row = await db().jobOutbox.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "failed", attempts: 4 });
    expect(row.lastError).toContain("planned failure");

    // Another shop cannot see or retry it.
    const other = await makeShop();
    await expect(retryJob(db(), id, other.id)).rejects.toMatchObject({ code: "not_found" });

    const done = waitForJob(id);
    await retryJob(db(), id, shop.id);
    await done;
    expect(runs.get("doomed")).toBe(1);
    await expect(retryJob(db(), id, shop.id)).rejects.toMatchObject({ code: "invalid_transition" });
  });

  it("records how long the handler ran, for a completed job and a failed one alike", async () => {
    const quick = await enqueueJob(db(), slowJob, { ms: 0, fail: false });
    const slow = await enqueueJob(db(), slowJob, { ms: 120, fail: false });
    const broken = await enqueueJob(db(), slowJob, { ms: 60, fail: true });
    const failed = new Promise<void>((resolve) => jobEvents.on("job:failed", (e: { id: string }) => e.id === broken && resolve()));
    const done = Promise.all([waitForJob(quick), waitForJob(slow)]);
    await startJobRuntime({ client: db(), registry, pollMs: 20 });
    await Promise.all([done, failed]);
    const rows = new Map((await db().jobOutbox.findMany({ where: { id: { in: [quick, slow, broken] } } })).map((row) => [row.id, row]));
    expect(rows.get(slow)).toMatchObject({ status: "completed", durationMs: expect.any(Number) });
    expect(rows.get(slow)!.durationMs!).toBeGreaterThanOrEqual(115);
    expect(rows.get(quick)!.durationMs!).toBeLessThan(rows.get(slow)!.durationMs!);
    expect(rows.get(broken)).toMatchObject({ status: "failed", durationMs: expect.any(Number) });
    expect(rows.get(broken)!.durationMs!).toBeGreaterThanOrEqual(55);
  });

  it("fails at once, without retrying, on a permanent error", async () => {
    const id = await enqueueJob(db(), permanentJob, {});
    const failed = new Promise<void>((resolve) => jobEvents.on("job:failed", (e: { id: string }) => e.id === id && resolve()));
    await startJobRuntime({ client: db(), registry, pollMs: 20 });
    await failed;
    expect(await db().jobOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "failed", attempts: 1, lastError: expect.stringContaining("no longer exists") });
  });

  it("doubles the wait between attempts and caps it at an hour", () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 1000))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(40, 1000)).toBe(3_600_000);
  });
});
