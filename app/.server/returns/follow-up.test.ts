import { beforeEach, describe, expect, it } from "vitest";
import { shopperContext } from "../../../tests/support/contexts";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { seedDemoShop } from "../demo/seed-demo-shop";
import { PermanentJobError } from "../jobs/define-job";
import { log } from "../logger.server";
import { createReturn } from "./create-return.server";
import { handleFollowUpReturn } from "./job-handlers.server";
import { followUpReturnJob } from "./jobs";
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

/** Runs the job's handler as a worker would on this attempt, with the steps its row records. */
async function run(job: { id: string; payload: unknown }, attempt: number) {
  const row = await db().jobOutbox.findUniqueOrThrow({ where: { id: job.id } });
  return handleFollowUpReturn(followUpReturnJob.payload.parse(job.payload), { db: db(), jobId: job.id, attempt, steps: row.steps, log: log() });
}

const steps = async (jobId: string) => (await db().jobOutbox.findUniqueOrThrow({ where: { id: jobId } })).steps;
const emails = (returnId: string) => db().emailMessage.count({ where: { relatedId: returnId } });

describe("returns.follow-up", () => {
  it("runs triage, sync, the email, each automation event and the analytics day in order, recording each step", async () => {
    const { id, job } = await approvedReturn();
    await run(job, 1);
    expect(await steps(job.id)).toEqual(["triage", "sync", "notify", `event:return.created:${id}`, `event:return.decided:${id}:approved`, "analytics"]);
    expect(await db().returnRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ syncStatus: "synced", syncedActions: ["request", "approve"] });
    expect(await emails(id)).toBe(1);
    expect(await db().analyticsDaily.count()).toBeGreaterThan(0);
  });

  it("goes on past a failing step, and a retry repeats none of the steps that finished", async () => {
    const { shop, id, job } = await approvedReturn();
    // The store's order is gone: the sync fails for good; the email, the events and the analytics still happen.
    const saved = await db().demoOrder.findFirstOrThrow({ where: { shopId: shop.id, name: "#9100" } });
    await db().demoOrder.delete({ where: { id: saved.id } });
    await expect(run(job, 1)).rejects.toBeInstanceOf(PermanentJobError);
    expect(await steps(job.id)).toEqual(["triage", "failed:sync", "notify", `event:return.created:${id}`, `event:return.decided:${id}:approved`, "analytics"]);
    expect(await emails(id)).toBe(1);
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id } })).syncStatus).toBe("failed");

    // A later attempt (a worker died, or the job was put back) does not redo what finished, nor what failed for good.
    await db().emailMessage.deleteMany({ where: { relatedId: id } });
    await expect(run(job, 2)).rejects.toThrow(/sync/);
    expect(await emails(id)).toBe(0);

    // The merchant retries the failed job with the order back: only the sync runs again.
    await db().demoOrder.create({
      data: { shopId: saved.shopId, platformOrderId: saved.platformOrderId, name: saved.name, email: saved.email, currency: saved.currency, totalPrice: saved.totalPrice, processedAt: saved.processedAt, deliveredAt: saved.deliveredAt, lineItems: saved.lineItems as object },
    });
    await db().jobOutbox.update({ where: { id: job.id }, data: { status: "failed" } });
    const { retryJob } = await import("../jobs/retry-job");
    await retryJob(db(), job.id);
    expect(await steps(job.id)).toEqual(["triage", "notify", `event:return.created:${id}`, `event:return.decided:${id}:approved`, "analytics"]);
    await run(job, 1);
    expect(await steps(job.id)).toContain("sync");
    expect(await db().returnRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ syncStatus: "synced", syncedActions: ["request", "approve"] });
    expect(await emails(id)).toBe(0);
  });
});
