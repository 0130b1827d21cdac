import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type DokaniProcess, startApp, startRoundRobinProxy, startWorkers } from "../../tests/support/deployment";
import { type Figure, type Suite, quantile, round } from "../figures";

/**
 * The storefront's hot path as it is deployed: web processes serving HTTP only, worker processes on
 * BullMQ, PostgreSQL with the README's pool size. Measures lookup + create with 32 clients on one
 * instance and on two behind a round-robin proxy, counts database round trips per lookup and per
 * created return (jobs included) with the driver, and writes the same rows with a minimal `pg`
 * script at the same concurrency: the limit the app is compared with.
 */

const CLIENTS = Number(process.env.BENCH_HTTP_CLIENTS ?? 32);
const DURATION_MS = Number(process.env.BENCH_HTTP_SECONDS ?? 20) * 1000;
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? 10);
const ORDERS = 40_000;
const SEQUENTIAL = 40;
const API_KEY = "dk_bench_storefront_key_0001";

function ordersFile(dir: string): string {
  const day = 24 * 3600 * 1000;
  const now = Date.now();
  const orders = Array.from({ length: ORDERS }, (_, i) => ({
    id: String(100_000 + i),
    name: `#${100_000 + i}`,
    email: `shopper${i}@example.com`,
    currency: "USD",
    processedAt: new Date(now - (4 + (i % 20)) * day).toISOString(),
    deliveredAt: new Date(now - (2 + (i % 20)) * day).toISOString(),
    lineItems: [
      { id: `${i}-1`, title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: ["summer"] },
      { id: `${i}-2`, title: "Straight Leg Jean", variantTitle: "32", sku: "SLJ-32", quantity: 1, unitPrice: "98.00", productType: "Jeans", tags: [] },
    ],
  }));
  const file = path.join(dir, "orders.json");
  writeFileSync(file, JSON.stringify(orders));
  return file;
}

type Shopper = { lookup: (i: number) => Promise<{ ok: boolean; ms: number; token?: string }>; create: (i: number, token: string) => Promise<{ ok: boolean; ms: number }> };

function shopperOf(url: string): Shopper {
  const post = async (pathname: string, body: unknown, headers: Record<string, string> = {}) => {
    const started = performance.now();
    const response = await fetch(`${url}/apps/dokani${pathname}`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
    const json = (await response.json()) as Record<string, unknown>;
    return { status: response.status, json, ms: performance.now() - started };
  };
  return {
    async lookup(i) {
      const found = await post("/returns/lookup", { orderNumber: String(100_000 + i), email: `shopper${i}@example.com` });
      return { ok: found.status === 200, ms: found.ms, token: found.json.lookupToken as string | undefined };
    },
    async create(i, token) {
      const created = await post(
        "/returns",
        { lookupToken: token, items: [{ lineItemId: `${i}-1`, quantity: 1, reason: "size_too_small", condition: "unworn" }], resolution: "refund" },
        { "Idempotency-Key": `bench-${i}-${randomUUID()}` },
      );
      return { ok: created.status === 201, ms: created.ms };
    },
  };
}

type Load = { returns: number; seconds: number; errors: number; lookups: number[]; creates: number[] };

/** `CLIENTS` shoppers, each looking an order up and returning a line of it, again and again until the deadline. */
async function runLoad(shopper: Shopper, orders: { next: number }, durationMs: number): Promise<Load> {
  const lookups: number[] = [];
  const creates: number[] = [];
  let errors = 0;
  let returns = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const i = orders.next++ % ORDERS;
        try {
          const found = await shopper.lookup(i);
          if (!found.ok || !found.token) {
            errors++;
            continue;
          }
          const created = await shopper.create(i, found.token);
          if (!created.ok) {
            errors++;
            continue;
          }
          lookups.push(found.ms);
          creates.push(created.ms);
          returns++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { returns, seconds: (performance.now() - started) / 1000, errors, lookups, creates };
}

/** Waits until every job that is due has finished (the bench's own connection: not counted). */
async function jobsDrained(client: pg.Client, timeoutMs = 300_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM job_outbox WHERE status IN ('pending', 'dispatched', 'running') AND "runAt" <= now()`);
    if (Number(rows[0]!.n) === 0) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`jobs still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function totalRoundTrips(processes: DokaniProcess[], kind?: DokaniProcess["kind"]): Promise<number> {
  let total = 0;
  for (const p of processes) if (!kind || p.kind === kind) total += await p.roundTrips();
  return total;
}

/**
 * Round trips per lookup and per created return, counted by the driver in every process. Processes
 * also poll on their own (the outbox dispatcher, sweeps): their rate while idle is measured first
 * and taken off.
 */
async function countRoundTrips(processes: DokaniProcess[], shopper: Shopper, orders: { next: number }, client: pg.Client) {
  await jobsDrained(client);
  const idleFrom = await totalRoundTrips(processes);
  const idleStart = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const idlePerMs = ((await totalRoundTrips(processes)) - idleFrom) / (performance.now() - idleStart);

  const tokens: Array<{ i: number; token: string }> = [];
  let from = await totalRoundTrips(processes);
  let start = performance.now();
  for (let n = 0; n < SEQUENTIAL; n++) {
    const i = orders.next++ % ORDERS;
    const found = await shopper.lookup(i);
    if (found.token) tokens.push({ i, token: found.token });
  }
  const lookup = ((await totalRoundTrips(processes)) - from - idlePerMs * (performance.now() - start)) / SEQUENTIAL;

  from = await totalRoundTrips(processes);
  const webFrom = await totalRoundTrips(processes, "app");
  start = performance.now();
  for (const { i, token } of tokens) {
    await shopper.create(i, token);
    await jobsDrained(client);
  }
  const create = ((await totalRoundTrips(processes)) - from - idlePerMs * (performance.now() - start)) / tokens.length;
  // The web process's share (the request and the dispatch of its job), idle polling not taken off: an upper bound.
  const createWeb = ((await totalRoundTrips(processes, "app")) - webFrom) / tokens.length;
  return { lookup, create, createWeb, idlePerSecond: idlePerMs * 1000 };
}

type Template = { request: Record<string, unknown>; items: Array<Record<string, unknown>>; audits: Array<Record<string, unknown>>; jobs: Array<Record<string, unknown>> };

/** The rows one created return wrote (the return, its items, its audit rows, its jobs), read back as JSON to be copied. */
async function templateRows(client: pg.Client): Promise<Template> {
  const one = async (sql: string, params: unknown[] = []) => (await client.query<{ row: Record<string, unknown> }>(sql, params)).rows.map((r) => r.row);
  const [request] = await one(`SELECT to_jsonb(r) AS row FROM return_requests r ORDER BY "createdAt" DESC LIMIT 1`);
  if (!request) throw new Error("no return to copy");
  return {
    request,
    items: await one(`SELECT to_jsonb(i) AS row FROM return_items i WHERE "returnId" = $1`, [request.id]),
    audits: await one(`SELECT to_jsonb(a) AS row FROM audit_log a WHERE "entityId" = $1::text`, [request.id]),
    jobs: await one(`SELECT to_jsonb(j) AS row FROM job_outbox j WHERE payload->>'returnId' = $1::text`, [request.id]),
  };
}

/**
 * The limit: the same reads and rows as the app, written by a minimal script over `pg` with the
 * same concurrency and pool size: one read of the order for a lookup; for a return, one transaction
 * inserting the return, its items, its audit rows and its jobs.
 */
async function runLimit(databaseUrl: string, template: Template, durationMs: number): Promise<Load> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  const lookups: number[] = [];
  const creates: number[] = [];
  let errors = 0;
  let returns = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  try {
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < deadline) {
          const i = next++ % ORDERS;
          try {
            let t = performance.now();
            await pool.query(`SELECT * FROM demo_orders WHERE "shopId" = $1 AND name = $2`, [template.request.shopId, `#${100_000 + i}`]);
            lookups.push(performance.now() - t);
            t = performance.now();
            const id = randomUUID();
            const client = await pool.connect();
            try {
              await client.query("BEGIN");
              await client.query(`INSERT INTO return_requests SELECT * FROM jsonb_populate_record(NULL::return_requests, $1)`, [{ ...template.request, id, idempotencyKey: null }]);
              await client.query(`INSERT INTO return_items SELECT * FROM jsonb_populate_recordset(NULL::return_items, $1)`, [JSON.stringify(template.items.map((item) => ({ ...item, id: randomUUID(), returnId: id })))]);
              await client.query(`INSERT INTO audit_log SELECT * FROM jsonb_populate_recordset(NULL::audit_log, $1)`, [JSON.stringify(template.audits.map((a) => ({ ...a, id: randomUUID(), entityId: id })))]);
              await client.query(`INSERT INTO job_outbox SELECT * FROM jsonb_populate_recordset(NULL::job_outbox, $1)`, [
                JSON.stringify(template.jobs.map((j) => ({ ...j, id: randomUUID(), dedupKey: `limit:${randomUUID()}`, status: "completed", payload: { ...(j.payload as object), returnId: id } }))),
              ]);
              await client.query("COMMIT");
            } catch (error) {
              await client.query("ROLLBACK").catch(() => {});
              throw error;
            } finally {
              client.release();
            }
            creates.push(performance.now() - t);
            returns++;
          } catch {
            errors++;
          }
        }
      }),
    );
  } finally {
    await pool.end();
  }
  return { returns, seconds: (performance.now() - started) / 1000, errors, lookups, creates };
}

function latencyFigures(label: string, load: Load): Figure[] {
  const figure = (what: string, samples: number[], target: number): Figure => ({
    issue: 21,
    name: `${label}: ${what} latency`,
    unit: "ms",
    median: round(quantile(samples, 0.5)),
    p95: round(quantile(samples, 0.95)),
    samples: samples.length,
    target: `p95 ≤ ${target} ms`,
    met: quantile(samples, 0.95) <= target,
    note: `p99 ${round(quantile(samples, 0.99))} ms`,
  });
  return [figure("lookup", load.lookups, 30), figure("create", load.creates, 50)];
}

export const storefrontApi: Suite = {
  name: "storefront-api",
  description: `issue 21: lookup + create over HTTP, ${CLIENTS} clients, PostgreSQL, web and worker processes apart, one and two instances, and the pg limit`,
  async run(): Promise<Figure[]> {
    const base = process.env.DATABASE_URL;
    const redisUrl = process.env.REDIS_URL;
    if (!base || !redisUrl) {
      return [{ issue: 21, name: "lookup + create over HTTP (32 clients)", unit: "ms", samples: 0, note: "skipped: needs DATABASE_URL (PostgreSQL) and REDIS_URL (workers on BullMQ)" }];
    }
    const stamp = Date.now().toString(36);
    const dbName = `dokani_bench_${stamp}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    const url = new URL(base);
    url.pathname = `/${dbName}`;
    const databaseUrl = url.toString();
    const dir = mkdtempSync(path.join(os.tmpdir(), "dokani-bench-http-"));
    const env = {
      DOKANI_DEMO: "1",
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      REDIS_URL: redisUrl,
      JOBS_IN_PROCESS: "false",
      JOBS_QUEUE: `bench-${stamp}`,
      JOBS_CONCURRENCY: "8",
      DOKANI_DATA_DIR: dir,
      DOKANI_DEMO_ORDERS: ordersFile(dir),
      DOKANI_DEMO_API_KEY: API_KEY,
      PORT: "0",
      // BENCH_NODE_FLAGS reaches the web and worker processes too (for example --cpu-prof --cpu-prof-dir=DIR).
      ...(process.env.BENCH_NODE_FLAGS ? { NODE_OPTIONS: process.env.BENCH_NODE_FLAGS } : {}),
    };
    const processes: DokaniProcess[] = [];
    const client = new pg.Client({ connectionString: databaseUrl });
    const stops: Array<() => Promise<unknown>> = [];
    try {
      const app1 = await startApp(env, { countRoundTrips: dir });
      processes.push(app1);
      stops.push(app1.stop);
      const workers1 = await startWorkers(env, { countRoundTrips: dir });
      processes.push(workers1);
      stops.push(workers1.stop);
      await client.connect();
      const orders = { next: 0 };
      const one = shopperOf(app1.url);

      // Warm-up: connections, JIT, prepared plans.
      await runLoad(one, orders, 3_000);
      const trips = await countRoundTrips(processes, one, orders, client);

      const cpuFrom = app1.cpuSeconds();
      const workersCpuFrom = workers1.cpuSeconds();
      const tripsFrom = await totalRoundTrips(processes);
      const loadStarted = performance.now();
      const single = await runLoad(one, orders, DURATION_MS);
      const appCores = (app1.cpuSeconds() - cpuFrom) / single.seconds;
      const appMemory = app1.memoryMiB();
      const drainMs = await jobsDrained(client);
      const workersCores = (workers1.cpuSeconds() - workersCpuFrom) / ((performance.now() - loadStarted) / 1000);
      // Under load the rollups of a burst's day are shared: round trips of every process per return, jobs drained, idle polling off.
      const loadTrips = ((await totalRoundTrips(processes)) - tripsFrom - (trips.idlePerSecond / 1000) * (performance.now() - loadStarted)) / single.returns;

      const app2 = await startApp(env, { countRoundTrips: dir });
      processes.push(app2);
      stops.push(app2.stop);
      const workers2 = await startWorkers(env, { countRoundTrips: dir });
      processes.push(workers2);
      stops.push(workers2.stop);
      const proxy = await startRoundRobinProxy([app1.url, app2.url]);
      stops.push(proxy.stop);
      const two = shopperOf(proxy.url);
      await runLoad(two, orders, 3_000);
      const pair = await runLoad(two, orders, DURATION_MS);
      const pairDrainMs = await jobsDrained(client);
      const failedJobs = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM job_outbox WHERE status = 'failed'`)).rows[0]!.n);
      const rerunJobs = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM job_outbox WHERE attempts > 1`)).rows[0]!.n);

      const template = await templateRows(client);
      const limit = await runLimit(databaseUrl, template, DURATION_MS);

      const perSecond = (load: Load) => load.returns / load.seconds;
      const ratio = perSecond(single) / perSecond(limit);
      const note = (load: Load) => `${load.returns} returns in ${round(load.seconds, 1)} s, ${load.errors} errors`;
      return [
        {
          issue: 21,
          name: "one instance (web + worker process): returns created per second",
          unit: "ops/s",
          value: round(perSecond(single), 0),
          samples: single.returns,
          target: "≥ 400 ops/s, 0 errors",
          met: perSecond(single) >= 400 && single.errors === 0,
          note: `${note(single)}; app CPU ${round(appCores, 2)} cores, RSS ${appMemory.rss} MiB (peak ${appMemory.peak}); worker CPU ${round(workersCores, 2)} cores until drained; jobs drained ${round(drainMs / 1000, 1)} s after`,
        },
        {
          issue: 21,
          name: "one instance: returns per second with their follow-up jobs done",
          unit: "ops/s",
          value: round(single.returns / (single.seconds + drainMs / 1000), 0),
          samples: single.returns,
          note: "created returns over the load's time plus the time their jobs took to drain after it: what the deployment keeps up with",
        },
        ...latencyFigures("one instance", single),
        { issue: 21, name: "database round trips per lookup (driver count)", unit: "count", value: round(trips.lookup, 1), samples: SEQUENTIAL, target: "≤ 3", met: trips.lookup <= 3.05 },
        {
          issue: 21,
          name: "database round trips per created return, jobs included (driver count)",
          unit: "count",
          value: round(trips.create, 1),
          samples: SEQUENTIAL,
          target: "≤ 6",
          met: trips.create <= 6.05,
          note: `idle polling of ${round(trips.idlePerSecond, 1)}/s taken off; the web process's share ${round(trips.createWeb, 1)} (the request and its job's dispatch, its own polling included), the rest is the returns.follow-up job`,
        },
        {
          issue: 21,
          name: "database round trips per created return under load (32 clients), jobs included",
          unit: "count",
          value: round(loadTrips, 1),
          samples: single.returns,
          target: "≤ 6",
          met: loadTrips <= 6.05,
          note: "every process's driver count over the one-instance run until its jobs drained, lookups included, idle polling taken off; a burst's returns share the rollup of their day",
        },
        {
          issue: 21,
          name: "two instances behind a round-robin proxy: returns created per second",
          unit: "ops/s",
          value: round(perSecond(pair), 0),
          samples: pair.returns,
          target: "≥ one instance",
          met: perSecond(pair) >= perSecond(single),
          note: `${note(pair)}; served ${proxy.served.join(" / ")}; jobs drained ${round(pairDrainMs / 1000, 1)} s after; ${failedJobs} failed jobs, ${rerunJobs} run more than once`,
        },
        ...latencyFigures("two instances", pair),
        { issue: 21, name: "limit: the same rows over pg, same concurrency: returns per second", unit: "ops/s", value: round(perSecond(limit), 0), samples: limit.returns, note: note(limit) },
        { issue: 21, name: "app / limit (one instance)", unit: "score", value: round(ratio, 3), samples: single.returns },
      ];
    } finally {
      await client.end().catch(() => {});
      for (const stop of stops.reverse()) await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
    }
  },
};
