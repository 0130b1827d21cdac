import { routeArgs } from "../../tests/support/route-args";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../tests/support/factories";
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
