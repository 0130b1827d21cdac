import { beforeEach, describe, expect, it } from "vitest";
import { shopperContext } from "../../../tests/support/contexts";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { dayOf } from "../analytics/analytics-period";
import { db } from "../db.server";
import { seedDemoShop } from "../demo/seed-demo-shop";
import { jobRegistry } from "../job-registry.server";
import { executeJob } from "../jobs/execute-job";
import { log } from "../logger.server";
import { handleFollowUpReturn } from "./job-handlers.server";
import { followUpReturnJob } from "./jobs";
import { createReturn } from "./create-return.server";
import { lookupOrder } from "./lookup-order.server";
import { resetLookupLimiters } from "./lookup-limiter.server";

setupTestDatabase();

const DAY = 24 * 3600 * 1000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
const DOMAIN = "follow-up.myshopify.com";

beforeEach(async () => {
  await clearDatabase();
  resetLookupLimiters();
  await seedDemoShop(db(), {
    domain: DOMAIN,
    orders: [{ id: "9100", name: "#9100", email: "robin@example.com", currency: "USD", processedAt: iso(8), deliveredAt: iso(5), lineItems: [{ id: "F1", title: "Linen Shirt", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: [] }] }],
  });
});

/** A return approved at once, and its one follow-up job's row. */
async function approvedReturn() {
  const shop = await db().shop.findFirstOrThrow({ where: { domain: DOMAIN } });
  const ctx = shopperContext(shop, "203.0.113.40");
  const found = await lookupOrder(ctx, { orderNumber: "9100", email: "robin@example.com" });
  const created = await createReturn(ctx, { lookupToken: found.lookupToken, items: [{ lineItemId: "F1", quantity: 1, reason: "size_too_small", condition: "unworn" }], resolution: "refund" });
  expect(created.view.status).toBe("approved");
  const jobs = await db().jobOutbox.findMany();
  expect(jobs.map((j) => j.name)).toEqual(["returns.follow-up"]);
  return { shop, id: created.view.id, job: jobs[0]! };
}

/** Another order of the shop returned at once, and its follow-up job. */
async function approvedReturnOf(shop: { id: string }, orderId: string, lineId: string) {
  const email = `shopper${orderId}@example.com`;
  await db().demoOrder.create({ data: { shopId: shop.id, platformOrderId: orderId, name: `#${orderId}`, email, currency: "USD", totalPrice: "98.00", processedAt: new Date(iso(8)), deliveredAt: new Date(iso(5)), lineItems: [{ id: lineId, title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: [] }] } });
  const full = await db().shop.findUniqueOrThrow({ where: { id: shop.id } });
  const ctx = shopperContext(full, "203.0.113.41");
  const found = await lookupOrder(ctx, { orderNumber: orderId, email });
  const created = await createReturn(ctx, { lookupToken: found.lookupToken, items: [{ lineItemId: lineId, quantity: 1, reason: "size_too_small", condition: "unworn" }], resolution: "refund" });
  expect(created.view.status).toBe("approved");
  return db().jobOutbox.findFirstOrThrow({ where: { name: "returns.follow-up", payload: { path: ["returnId"], equals: created.view.id } } });
}

/** Runs the job as a worker does on this attempt: its handler with the steps its row records, and the outcome written to the row. */
async function run(job: { id: string }, attempt: number) {
  const row = await db().jobOutbox.findUniqueOrThrow({ where: { id: job.id } });
  return executeJob(db(), jobRegistry, row, attempt);
}

const steps = async (jobId: string) => (await db().jobOutbox.findUniqueOrThrow({ where: { id: jobId } })).steps;
/** Returns requested on the day a rollup job names, as its row says. */
const requestedOn = async (rollup: { payload: unknown }) => {
  const [day] = (rollup.payload as { days: string[] }).days;
  return (await db().analyticsDaily.findFirstOrThrow({ where: { day: new Date(`${day}T00:00:00.000Z`) } })).requested;
};
const emails = (returnId: string) => db().emailMessage.count({ where: { relatedId: returnId } });

describe("returns.follow-up", () => {
  it("runs triage, sync, the email, each automation event and the analytics day in order, recording each step", async () => {
    const { id, job } = await approvedReturn();
    expect(await run(job, 1)).toEqual({ status: "completed" });
    expect(await steps(job.id)).toEqual(["triage", "sync", "notify", `event:return.created:${id}`, `event:return.decided:${id}:approved`, "analytics"]);
    expect(await db().returnRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ syncStatus: "synced", syncedActions: ["request", "approve"] });
    expect(await emails(id)).toBe(1);
    // The day's rollup is queued, not run inline; once it runs the day counts the return.
    const rollups = await db().jobOutbox.findMany({ where: { name: "analytics.rollup" } });
    expect(rollups.map((r) => r.status)).toEqual(["pending"]);
    expect(await run(rollups[0]!, 1)).toEqual({ status: "completed" });
    expect(await requestedOn(rollups[0]!)).toBe(1);
  });

  it("queues one rollup of the day for a burst of returns, and a new one once that has started", async () => {
    const { shop, job } = await approvedReturn();
    expect(await run(job, 1)).toEqual({ status: "completed" });
    // Two more follow-ups before the rollup runs join the one queued.
    const second = await approvedReturnOf(shop, "9101", "F2");
    const third = await approvedReturnOf(shop, "9102", "F3");
    expect(await run(second, 1)).toEqual({ status: "completed" });
    expect(await run(third, 1)).toEqual({ status: "completed" });
    const queued = await db().jobOutbox.findMany({ where: { name: "analytics.rollup" } });
    expect(queued).toHaveLength(1);
    expect(queued[0]!.payload).toMatchObject({ shopId: shop.id, days: [dayOf(new Date(), shop.timezone)] });
    expect(await run(queued[0]!, 1)).toEqual({ status: "completed" });
    expect(await requestedOn(queued[0]!)).toBe(3);

    // Once that one has run (or started), the next change queues a rollup of its own.
    const fourth = await approvedReturnOf(shop, "9103", "F4");
    expect(await run(fourth, 1)).toEqual({ status: "completed" });
    expect(await db().jobOutbox.count({ where: { name: "analytics.rollup", status: "pending" } })).toBe(1);
  });

  it("repeats the finished steps of an attempt whose worker died without syncing, emailing or running a rule twice", async () => {
    const { id, job } = await approvedReturn();
    // The first attempt finished every step, then its worker died before the job was marked done.
    await db().jobOutbox.update({ where: { id: job.id }, data: { status: "running" } });
    const first = await handleFollowUpReturn(followUpReturnJob.payload.parse(job.payload), { db: db(), jobId: job.id, attempt: 1, steps: [], log: log() });
    expect(first).toMatchObject({ steps: expect.arrayContaining(["triage", "sync", "notify"]) });
    expect(await steps(job.id)).toEqual([]);
    const before = await db().returnRequest.findUniqueOrThrow({ where: { id } });
    const audits = await db().auditLog.count({ where: { entityId: id } });

    expect(await run(job, 2)).toEqual({ status: "completed" });
    const after = await db().returnRequest.findUniqueOrThrow({ where: { id } });
    expect(after.syncedActions).toEqual(["request", "approve"]);
    expect(after.platformReturnId).toBe(before.platformReturnId);
    expect(await emails(id)).toBe(1);
    expect(await db().auditLog.count({ where: { entityId: id } })).toBe(audits);
    expect(await db().jobOutbox.count({ where: { name: "analytics.rollup" } })).toBe(1);
  });

  it("goes on past a failing step, and a retry repeats none of the steps that finished", async () => {
    const { shop, id, job } = await approvedReturn();
    // The store's order is gone: the sync fails for good; the email, the events and the analytics still happen.
    const saved = await db().demoOrder.findFirstOrThrow({ where: { shopId: shop.id, name: "#9100" } });
    await db().demoOrder.delete({ where: { id: saved.id } });
    expect(await run(job, 1)).toMatchObject({ status: "failed", error: expect.stringMatching(/^PermanentJobError: sync: order #9100 not found/) });
    expect(await steps(job.id)).toEqual(["triage", "failed:sync", "notify", `event:return.created:${id}`, `event:return.decided:${id}:approved`, "analytics"]);
    expect(await emails(id)).toBe(1);
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id } })).syncStatus).toBe("failed");

    // A later attempt (a worker died, or the job was put back) does not redo what finished, nor what failed for good.
    await db().emailMessage.deleteMany({ where: { relatedId: id } });
    expect(await run(job, 2)).toMatchObject({ status: "failed", error: expect.stringMatching(/sync: failed for good on an earlier attempt/) });
    expect(await emails(id)).toBe(0);

    // The merchant retries the failed job with the order back: only the sync runs again.
    await db().demoOrder.create({
      data: { shopId: saved.shopId, platformOrderId: saved.platformOrderId, name: saved.name, email: saved.email, currency: saved.currency, totalPrice: saved.totalPrice, processedAt: saved.processedAt, deliveredAt: saved.deliveredAt, lineItems: saved.lineItems as object },
    });
    await db().jobOutbox.update({ where: { id: job.id }, data: { status: "failed" } });
    const { retryJob } = await import("../jobs/retry-job");
    await retryJob(db(), job.id);
    expect(await steps(job.id)).toEqual(["triage", "notify", `event:return.created:${id}`, `event:return.decided:${id}:approved`, "analytics"]);
    expect(await run(job, 1)).toEqual({ status: "completed" });
    expect(await steps(job.id)).toContain("sync");
    expect(await db().returnRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ syncStatus: "synced", syncedActions: ["request", "approve"] });
    expect(await emails(id)).toBe(0);
  });
});
