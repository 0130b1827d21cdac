import { db } from "../../app/.server/db.server";
import type { FaultEnvironment } from "./environment";
import { sleep } from "./harness";

/*
 * The measured fault cases, shared by the fault suite (which asserts them) and `npm run bench --
 * faults` (which reports them). Each takes fresh orders from `nextOrder` so cases never share returns.
 */

let next = 0;

/** How many of these returns' triage jobs (a new return's follow-up job, whose first step is triage) are in one of `statuses`. */
async function triageJobs(returnIds: string[], statuses: string[]): Promise<number> {
  const [row] = await db().$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS "n" FROM "job_outbox"
    WHERE "name" IN ('returns.triage', 'returns.follow-up') AND "status"::text = ANY(${statuses}) AND "payload"->>'returnId' = ANY(${returnIds})`;
  return row?.n ?? 0;
}
export const nextOrders = (n: number) => Array.from({ length: n }, () => next++);

async function requestReturns(env: FaultEnvironment, orders: number[]) {
  const ids: string[] = [];
  // A few shoppers at a time, as a storefront sees them.
  for (let i = 0; i < orders.length; i += 5) ids.push(...(await Promise.all(orders.slice(i, i + 5).map((o) => env.requestReturn(o)))));
  return ids;
}

/** 50 returns; the worker process is SIGKILLed twice while their triage runs. How many were triaged exactly once? */
export async function workerKilledMidTriage(env: FaultEnvironment, count = 50) {
  env.model.delayMs = 300;
  const started = Date.now();
  const ids = await requestReturns(env, nextOrders(count));
  // Triage is running (each takes a second with the slow model): kill the workers mid-job, twice.
  await env.restartWorkers();
  await sleep(1_000);
  await env.restartWorkers();
  await env.waitForTriage(ids, 60_000);
  // Redeliveries that were still due get their chance to (wrongly) triage again before counting.
  await sleep(2_500);
  const counts = await env.triageCounts(ids);
  return { total: count, seconds: (Date.now() - started) / 1000, exactlyOnce: counts.filter((c) => c === 1).length, never: counts.filter((c) => c === 0).length, twice: counts.filter((c) => c > 1).length, unfinishedJobs: await triageJobs(ids, ["pending", "dispatched", "running", "failed"]) };
}

/** 10 returns whose triage waits in BullMQ; Redis restarts empty; the workers come back. How many ran within 30 s? */
export async function redisRestartedEmpty(env: FaultEnvironment, count = 10) {
  env.model.delayMs = 50;
  await env.workers.kill("SIGTERM");
  const ids = await requestReturns(env, nextOrders(count));
  // Dispatched to BullMQ, waiting for a worker.
  const dispatched = async () => (await triageJobs(ids, ["dispatched"])) >= count;
  const deadline = Date.now() + 10_000;
  while (!(await dispatched()) && Date.now() < deadline) await sleep(100);
  await env.redis.kill();
  await env.redis.start();
  // Counted from when the workers are back, as a deployment sees it.
  await env.startWorkers();
  const back = Date.now();
  await env.waitForTriage(ids, 30_000);
  const seconds = (Date.now() - back) / 1000;
  const counts = await env.triageCounts(ids);
  return { total: count, ranWithin30s: counts.filter((c) => c >= 1).length, exactlyOnce: counts.filter((c) => c === 1).length, seconds };
}

/**
 * Six clients call the storefront, the merchant API and a webhook while PostgreSQL is down for
 * 8 s. How many answers were 500, how many 503 with Retry-After; did requests succeed after, and
 * did returns requested just before get triaged exactly once?
 */
export async function postgresDown(env: FaultEnvironment, downMs = 8_000) {
  env.model.delayMs = 200;
  const before = await requestReturns(env, nextOrders(6));
  const tally = { total: 0, noAnswer: 0, s500: 0, s503: 0, s503WithRetryAfter: 0, other: new Map<number, number>() };
  let running = true;
  const surfaces = [
    () => env.storefront("POST", "/returns/lookup", { orderNumber: "5000", email: "shopper0@example.com" }, { shopper: "192.0.2.1" }),
    () => env.storefront("POST", "/chat/sessions", { locale: "en" }, { shopper: `192.0.2.${2 + (tally.total % 200)}` }),
    () => env.api("/returns?limit=5"),
    () => env.webhook("customers/data_request", { shop_domain: "faults.myshopify.com", customer: { id: 1, email: "nobody@example.com" }, orders_requested: [] }),
    () => env.storefront("POST", "/returns/lookup", { orderNumber: "999999", email: "guess@example.com" }, { shopper: `192.0.2.${100 + (tally.total % 100)}` }),
    () => env.api("/analytics/summary"),
  ];
  const clients = surfaces.map(async (call) => {
    while (running) {
      const answer = await call().catch(() => null);
      tally.total++;
      if (!answer) {
        tally.noAnswer++;
        continue;
      }
      if (answer.status === 500) tally.s500++;
      else if (answer.status === 503) {
        tally.s503++;
        if (Number(answer.headers.get("retry-after")) > 0 && answer.body.error?.code === "unavailable") tally.s503WithRetryAfter++;
      } else tally.other.set(answer.status, (tally.other.get(answer.status) ?? 0) + 1);
      await sleep(50);
    }
  });
  await sleep(1_000);
  await env.postgres.stop();
  await sleep(downMs);
  await env.postgres.start();
  // The pool recovers by itself: the same requests succeed again without restarting anything.
  const recoveredAt = Date.now();
  let recovered = false;
  while (Date.now() - recoveredAt < 15_000) {
    const lookup = await env.storefront("POST", "/returns/lookup", { orderNumber: "5000", email: "shopper0@example.com" }, { shopper: "192.0.2.250" }).catch(() => null);
    const list = await env.api("/returns?limit=5").catch(() => null);
    if (lookup?.status === 200 && list?.status === 200) {
      recovered = true;
      break;
    }
    await sleep(200);
  }
  running = false;
  await Promise.all(clients);
  await env.waitForTriage(before, 30_000);
  await sleep(2_500);
  const counts = await env.triageCounts(before);
  return {
    answers: tally.total,
    noAnswer: tally.noAnswer,
    s500: tally.s500,
    s503: tally.s503,
    s503WithRetryAfter: tally.s503WithRetryAfter,
    other: Object.fromEntries(tally.other),
    recovered,
    recoverySeconds: (Date.now() - recoveredAt) / 1000,
    triagedExactlyOnce: counts.filter((c) => c === 1).length,
    returnsBefore: before.length,
  };
}
