import { routeArgs } from "../../tests/support/route-args";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createReturn, createShop } from "../../tests/support/factories";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { db } from "../.server/db.server";
import { parseEnv, resetEnv } from "../.server/env.server";
import { DEMO_SHOP_DOMAIN } from "../.server/shops/demo-shop";
import { action, loader } from "./app.jobs";

setupTestDatabase();
// The demo merchant needs no Shopify login, which lets these run the real loader and action.
beforeAll(() => resetEnv(parseEnv({ ...process.env, DOKANI_DEMO: "1" })));
afterAll(() => resetEnv());
beforeEach(async () => {
  await clearDatabase();
});

async function failedJob(shopId: string) {
  return db().jobOutbox.create({ data: { shopId, name: "maintenance.prune", payload: {}, status: "failed", attempts: 5, lastError: "Error: platform timed out" } });
}

/** The action's answer read as the retried job's id, or its error. */
const retry = async (jobId: string) => {
  const body = new FormData();
  body.set("jobId", jobId);
  const result = await action(routeArgs(new Request("http://127.0.0.1/app/jobs", { method: "POST", body })));
  return result.ok ? { retried: result.retried } : { error: result.error };
};

describe("/app/jobs", () => {
  it("links each job to the return or conversation it worked on, through its email too, and gives its duration", async () => {
    const demo = await createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });
    const ret = await createReturn(demo.id, "alex@example.com");
    const conversationId = "5b0c6a8e-2f6d-4c3a-9c1e-0d8f7a6b5c4d";
    const email = await db().emailMessage.create({ data: { shopId: demo.id, to: "alex@example.com", subject: "Approved", text: "…", relatedType: "return:approved", relatedId: ret.id } });
    const alert = await db().emailMessage.create({ data: { shopId: demo.id, to: "me@example.com", subject: "Hand-off", text: "…", relatedType: "merchant:handoff", relatedId: `${conversationId}:1` } });
    const job = (name: string, payload: object, durationMs: number | null, createdAt: number) =>
      db().jobOutbox.create({ data: { shopId: demo.id, name, payload, status: "completed", attempts: 1, durationMs, createdAt: new Date(Date.UTC(2026, 10, 20, 12, createdAt)) } });
    await job("returns.triage", { returnId: ret.id }, 1840, 5);
    await job("conversations.answer", { shopId: demo.id, conversationId, messageId: ret.id }, 95, 4);
    await job("returns.notify", { emailId: email.id }, 12, 3);
    await job("notifications.merchant", { emailId: alert.id }, 30, 2);
    await job("analytics.rollup", { shopId: demo.id }, 400, 1);
    await job("returns.sync", { returnId: "not-a-uuid" }, null, 0);

    const data = await loader(routeArgs(new Request("http://127.0.0.1/app/jobs?status=completed")));
    expect(data.jobs.map((j) => [j.name, j.subject, j.durationMs])).toEqual([
      ["returns.triage", { kind: "return", id: ret.id }, 1840],
      ["conversations.answer", { kind: "conversation", id: conversationId }, 95],
      ["returns.notify", { kind: "return", id: ret.id }, 12],
      ["notifications.merchant", { kind: "conversation", id: conversationId }, 30],
      ["analytics.rollup", null, 400],
      ["returns.sync", null, null],
    ]);
    // The page gets what it needs and nothing of the payload itself.
    expect(data.jobs[0]).not.toHaveProperty("payload");
  });

  it("lists the shop's failed jobs with their errors, and none of another shop's", async () => {
    const demo = await createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });
    const other = await createShop();
    const mine = await failedJob(demo.id);
    await failedJob(other.id);
    const data = await loader(routeArgs(new Request("http://127.0.0.1/app/jobs?status=failed")));
    expect(data.jobs.map((j) => [j.id, j.lastError])).toEqual([[mine.id, "Error: platform timed out"]]);
  });

  it("retries a failed job, and answers another shop's job exactly like a missing one", async () => {
    const demo = await createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });
    const other = await createShop();
    const mine = await failedJob(demo.id);
    const theirs = await failedJob(other.id);

    expect(await retry(mine.id)).toEqual({ retried: mine.id });
    expect(await db().jobOutbox.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ status: "pending", attempts: 0 });

    const foreign = await retry(theirs.id);
    const missing = await retry("00000000-0000-4000-8000-000000000000");
    expect(foreign).toEqual(missing);
    expect(foreign).toEqual({ error: "No such job." });
    expect((await db().jobOutbox.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("failed");
    expect(await retry("not-a-uuid")).toEqual({ error: "Choose a job to retry." });
  });
});
