import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishCacheInvalidation, startConversationTransport, stopConversationTransport } from "../../app/.server/realtime/conversation-events.server";
import { type DokaniProcess, startApp, startWorkers } from "../support/deployment";
import { JOURNEY_TIMEOUT_MS, START_HOOK_TIMEOUT_MS } from "../support/timeouts";

/**
 * The storefront's hot path in database round trips, counted by the `pg` driver in the web process
 * and the worker process as deployed (workers apart, on BullMQ). One order lookup takes at most 3.
 * One created return takes at most 5 in the web process (a read of the order, one of its returns
 * and the shopper's history, its one-statement write, the dispatch of its follow-up job), and its
 * follow-up job (triage, sync, email, automation events, the rollup of its day) stays within what it
 * takes now, so neither creeps back up. Both processes also poll on
 * their own (the outbox dispatcher, the reconciler): that rate is measured while idle and taken
 * off, as the bench does.
 */

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const ORDERS = 30;
const MEASURED = 8;
/**
 * Round trips of one new return's follow-up job today (triage, sync, email, two automation events,
 * queueing the rollup of its day) and of that rollup, which runs once per return when returns come
 * one at a time as here (a burst shares one): a bound, so it does not creep up.
 */
const FOLLOW_UP_BOUND = 40;

describe.skipIf(!databaseUrl || !redisUrl)(`round trips of the storefront's hot path${databaseUrl && redisUrl ? "" : " (skipped: needs DATABASE_URL and REDIS_URL)"}`, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "dokani-round-trips-"));
  const dbName = `dokani_trips_${randomUUID().slice(0, 8)}`;
  const stops: Array<() => Promise<unknown>> = [];
  let processes: DokaniProcess[] = [];
  let app: DokaniProcess;
  let client: pg.Client;
  let next = 0;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
    const url = new URL(databaseUrl!);
    url.pathname = `/${dbName}`;
    const day = 24 * 3600 * 1000;
    const orders = Array.from({ length: ORDERS }, (_, i) => ({
      id: String(7_000 + i),
      name: `#${7_000 + i}`,
      email: `trips${i}@example.com`,
      currency: "USD",
      processedAt: new Date(Date.now() - 6 * day).toISOString(),
      deliveredAt: new Date(Date.now() - 3 * day).toISOString(),
      lineItems: [
        { id: `${i}-1`, title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: [] },
        { id: `${i}-2`, title: "Straight Leg Jean", variantTitle: "32", sku: "SLJ-32", quantity: 1, unitPrice: "98.00", productType: "Jeans", tags: [] },
      ],
    }));
    writeFileSync(path.join(dir, "orders.json"), JSON.stringify(orders));
    const env = {
      DOKANI_DEMO: "1",
      DATABASE_URL: url.toString(),
      DATABASE_POOL_SIZE: "10",
      REDIS_URL: redisUrl,
      JOBS_IN_PROCESS: "false",
      JOBS_QUEUE: `trips-${randomUUID().slice(0, 8)}`,
      DOKANI_DATA_DIR: dir,
      DOKANI_DEMO_ORDERS: path.join(dir, "orders.json"),
      DOKANI_DEMO_API_KEY: "dk_round_trips_test_key_01",
      PORT: "0",
    };
    app = await startApp(env, { countRoundTrips: dir, logQueries: true });
    stops.push(app.stop);
    const workers = await startWorkers(env, { countRoundTrips: dir, logQueries: true });
    stops.push(workers.stop);
    processes = [app, workers];
    client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
  }, START_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await client?.end().catch(() => {});
    for (const stop of stops.reverse()) await stop().catch(() => {});
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }, START_HOOK_TIMEOUT_MS);

  const post = async (pathname: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${app.url}/apps/dokani${pathname}`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
    return { status: response.status, json: (await response.json()) as { lookupToken?: string; return?: { id: string; status: string } } };
  };
  const lookup = (i: number) => post("/returns/lookup", { orderNumber: String(7_000 + i), email: `trips${i}@example.com` });
  const create = (i: number, token: string) =>
    post("/returns", { lookupToken: token, items: [{ lineItemId: `${i}-1`, quantity: 1, reason: "size_too_small", condition: "unworn" }], resolution: "refund" }, { "Idempotency-Key": `trips-${i}-${randomUUID()}` });

  /** Every job that is due has finished (this test's own connection: not counted). */
  async function jobsSettled() {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM job_outbox WHERE status IN ('pending', 'dispatched', 'running') AND "runAt" <= now()`);
      if (Number(rows[0]!.n) === 0) return;
      if (Date.now() > deadline) throw new Error("jobs did not settle within 120 s");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /**
   * Work a process does on a timer rather than for a request: the outbox reconciler's pass (a
   * transaction of four statements, every half lease) and the web process's refresh of a cache
   * entry that expired (the shop, the active policy). The dispatcher's poll is measured while idle.
   */
  function periodic(kind: DokaniProcess["kind"], queries: string[]): number {
    const passes = queries.filter((q) => q.includes("pg_try_advisory_xact_lock")).length;
    const refreshes = kind === "app" ? queries.filter((q) => /^SELECT "public"\."(shops|policies)"\./.test(q.trim())).length : 0;
    return passes * 4 + refreshes;
  }

  const periodicSoFar = [0, 0];

  /** Round trips of each process (web, workers) since it started less its periodic work, and the queries sent since the last call. */
  async function since() {
    const reports = await Promise.all(processes.map((p) => p.roundTripLog()));
    reports.forEach((r, i) => (periodicSoFar[i]! += periodic(processes[i]!.kind, r.queries ?? [])));
    return {
      counts: reports.map((r, i) => r.count - periodicSoFar[i]!),
      queries: reports.flatMap((r, i) => (r.queries ?? []).map((q) => `${processes[i]!.kind}: ${q}`)),
    };
  }

  type Idle = { perMs: number[] };

  /** The outbox dispatcher's claim: its poll, and also what a commit that wrote a job wakes at once. */
  const isDispatcherClaim = (query: string) => query.includes('UPDATE "job_outbox" SET "lockedUntil"') && query.includes("FOR UPDATE SKIP LOCKED");

  /**
   * Runs `work` and answers each process's round trips, less what it polls on its own in that time.
   * The web process's dispatcher claims are counted exactly: each job its work wrote wakes one claim
   * (part of the work's cost), and every other claim in the window is its poll. The workers' own
   * work also wakes claims (the rollup a follow-up queues), so for work that writes jobs their
   * poll's rate while idle is taken off instead; work that writes none wakes no claim there either.
   */
  async function counted(work: () => Promise<void>, idle: Idle, options: { jobsWritten: number }) {
    const before = await since();
    const started = performance.now();
    await work();
    const after = await since();
    const ms = performance.now() - started;
    const polls = processes.map((p) => after.queries.filter((q) => q.startsWith(`${p.kind}: `) && isDispatcherClaim(q)).length);
    return {
      trips: after.counts.map((n, i) => {
        const own = n - before.counts[i]!;
        if (processes[i]!.kind === "app") return own - Math.max(0, polls[i]! - options.jobsWritten);
        return own - (options.jobsWritten ? idle.perMs[i]! * ms : polls[i]!);
      }),
      queries: after.queries,
    };
  }

  it("looks an order up in at most 3 round trips, creates a return in at most 5, and keeps its follow-up job within its bound", async () => {
    // Warm: connections, the shop and policy caches, each job's handler module.
    for (let n = 0; n < 3; n++) {
      const i = next++;
      const found = await lookup(i);
      expect(found.status).toBe(200);
      expect((await create(i, found.json.lookupToken!)).status).toBe(201);
    }
    await jobsSettled();

    const idleFrom = await since();
    const idleStarted = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const idleTo = await since();
    const idle: Idle = { perMs: idleTo.counts.map((n, i) => (n - idleFrom.counts[i]!) / (performance.now() - idleStarted)) };

    const tokens: Array<{ i: number; token: string }> = [];
    const lookups = await counted(async () => {
      for (let n = 0; n < MEASURED; n++) {
        const i = next++;
        const found = await lookup(i);
        expect(found.status).toBe(200);
        tokens.push({ i, token: found.json.lookupToken! });
      }
    }, idle, { jobsWritten: 0 });

    const created: string[] = [];
    const creates = await counted(async () => {
      for (const { i, token } of tokens) {
        const answer = await create(i, token);
        expect(answer.status).toBe(201);
        created.push(answer.json.return!.id);
        await jobsSettled();
      }
    }, idle, { jobsWritten: MEASURED });

    // The work was done: each return was synced to the store and its follow-up finished.
    const { rows } = await client.query<{ syncStatus: string }>(`SELECT "syncStatus" FROM return_requests WHERE id = ANY($1)`, [created]);
    expect(rows.map((r) => r.syncStatus)).toEqual(created.map(() => "synced"));

    const [lookupWeb, lookupWorkers] = lookups.trips.map((n) => n / MEASURED);
    const [createWeb, createWorkers] = creates.trips.map((n) => n / MEASURED);
    const detail = (what: string, queries: string[]) => `${what}:\n${queries.join("\n")}\nidle (3 s):\n${idleTo.queries.join("\n")}`;
    expect.soft(lookupWeb! + lookupWorkers!, detail(`${(lookupWeb! + lookupWorkers!).toFixed(2)} per lookup`, lookups.queries)).toBeLessThanOrEqual(3.05);
    expect.soft(createWeb!, detail(`${createWeb!.toFixed(2)} per create in the web process`, creates.queries)).toBeLessThanOrEqual(5.05);
    // The follow-up job of one return (all its steps, the job's own claim and completion).
    expect.soft(createWorkers!, detail(`${createWorkers!.toFixed(2)} per follow-up job`, creates.queries)).toBeLessThanOrEqual(FOLLOW_UP_BOUND);
  }, JOURNEY_TIMEOUT_MS);

  it("reads the shop again in the workers once another instance says it changed, and not before", async () => {
    // The whole shop row, as the follow-up's steps read it (the day's rollup reads a few columns of its own).
    const shopReads = (queries: string[]) => queries.filter((q) => q.startsWith("workers: SELECT \"public\".\"shops\".\"id\", \"public\".\"shops\".\"platform\"::text, \"public\".\"shops\".\"domain\"")).length;
    const returnOnce = async () => {
      const i = next++;
      const found = await lookup(i);
      expect((await create(i, found.json.lookupToken!)).status).toBe(201);
      await jobsSettled();
    };
    await returnOnce();
    await since();
    // Cached: the next return's follow-up does not read the shop.
    await returnOnce();
    expect(shopReads((await since()).queries)).toBe(0);

    // Another instance changes the shop and says so on the shared transport (Redis).
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM shops LIMIT 1`);
    await startConversationTransport({ redisUrl });
    try {
      await publishCacheInvalidation({ scope: "shop", shopId: rows[0]!.id });
    } finally {
      await stopConversationTransport();
    }
    await returnOnce();
    expect(shopReads((await since()).queries)).toBe(1);
  }, JOURNEY_TIMEOUT_MS);
});
