import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DokaniProcess, startApp, startRoundRobinProxy, startWorkers } from "../support/deployment";
import { JOURNEY_TIMEOUT_MS, START_HOOK_TIMEOUT_MS } from "../support/timeouts";

/**
 * Dokani scaled out as the README's deployment section says: two web processes serving HTTP only
 * behind a round-robin proxy, and two worker processes, sharing one PostgreSQL and one Redis.
 * Shoppers' returns arrive through either instance, retries of one submit land on both, and the
 * merchant changes the policy on one while shoppers use the other.
 */

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const ORDERS = 40;
const API_KEY = "dk_scale_out_test_key_0001";

describe.skipIf(!databaseUrl || !redisUrl)(`two instances and two workers${databaseUrl && redisUrl ? "" : " (skipped: needs DATABASE_URL and REDIS_URL)"}`, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "dokani-scale-out-"));
  const dbName = `dokani_scale_${randomUUID().slice(0, 8)}`;
  const stops: Array<() => Promise<unknown>> = [];
  let apps: DokaniProcess[] = [];
  let workers: DokaniProcess[] = [];
  let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>>;
  let client: pg.Client;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
    const url = new URL(databaseUrl!);
    url.pathname = `/${dbName}`;
    const day = 24 * 3600 * 1000;
    const orders = Array.from({ length: ORDERS }, (_, i) => ({
      id: String(5_000 + i),
      name: `#${5_000 + i}`,
      email: `scale${i}@example.com`,
      currency: "USD",
      processedAt: new Date(Date.now() - 6 * day).toISOString(),
      deliveredAt: new Date(Date.now() - 3 * day).toISOString(),
      lineItems: [{ id: `${i}-1`, title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: [] }],
    }));
    writeFileSync(path.join(dir, "orders.json"), JSON.stringify(orders));
    const env = {
      DOKANI_DEMO: "1",
      DATABASE_URL: url.toString(),
      DATABASE_POOL_SIZE: "10",
      REDIS_URL: redisUrl,
      JOBS_IN_PROCESS: "false",
      JOBS_QUEUE: `scale-${randomUUID().slice(0, 8)}`,
      DOKANI_DATA_DIR: dir,
      DOKANI_DEMO_ORDERS: path.join(dir, "orders.json"),
      DOKANI_DEMO_API_KEY: API_KEY,
      PORT: "0",
    };
    // The first instance migrates and seeds; the others start on what it made.
    const first = await startApp(env);
    stops.push(first.stop);
    const [second, w1, w2] = await Promise.all([startApp(env), startWorkers(env, { countRoundTrips: dir, logQueries: true }), startWorkers(env, { countRoundTrips: dir, logQueries: true })]);
    stops.push(second.stop, w1.stop, w2.stop);
    apps = [first, second];
    workers = [w1, w2];
    proxy = await startRoundRobinProxy(apps.map((a) => a.url));
    stops.push(proxy.stop);
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

  type Answer = { lookupToken?: string; version?: number; return?: { id: string; status: string } };
  const post = async (base: string, pathname: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${pathname}`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
    return { status: response.status, json: (await response.json()) as Answer };
  };
  const lookup = (base: string, i: number) => post(base, "/apps/dokani/returns/lookup", { orderNumber: String(5_000 + i), email: `scale${i}@example.com` });
  const create = (base: string, i: number, token: string, key: string, resolution = "refund") =>
    post(base, "/apps/dokani/returns", { lookupToken: token, items: [{ lineItemId: `${i}-1`, quantity: 1, reason: "size_too_small", condition: "unworn" }], resolution }, { "Idempotency-Key": key });

  /** Every job that is due has finished (the workers run in other processes: their work is seen in the database). */
  async function jobsSettled() {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM job_outbox WHERE status IN ('pending', 'dispatched', 'running') AND "runAt" <= now()`);
      if (Number(rows[0]!.n) === 0) return;
      if (Date.now() > deadline) throw new Error("jobs did not settle within 120 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it("creates every return once through either instance, and runs each of its jobs exactly once on one of the workers", async () => {
    // Each worker's query log starts afresh here.
    await Promise.all(workers.map((w) => w.roundTripLog()));
    const keys: string[] = [];
    const submit = async (i: number) => {
      const found = await lookup(proxy.url, i);
      expect(found.status).toBe(200);
      const key = `scale-${i}-${randomUUID()}`;
      keys.push(key);
      // A shopper whose first submit seemed to fail submits again: the retry may land on the other instance.
      const [a, b] = await Promise.all([create(proxy.url, i, found.json.lookupToken!, key), create(proxy.url, i, found.json.lookupToken!, key)]);
      expect([a.status, b.status].sort(), JSON.stringify([a.json, b.json])).toEqual([200, 201]);
      expect(a.json.return!.id).toBe(b.json.return!.id);
    };
    // Six shoppers at a time: enough for both instances and both workers to be busy at once.
    for (let batch = 0; batch < 30; batch += 6) await Promise.all(Array.from({ length: 6 }, (_, k) => submit(batch + k)));
    expect(proxy.served.every((n) => n > 0)).toBe(true);
    await jobsSettled();

    const { rows: returns } = await client.query<{ id: string; idempotencyKey: string; status: string; syncStatus: string }>(
      `SELECT id, "idempotencyKey", status, "syncStatus" FROM return_requests WHERE "idempotencyKey" = ANY($1)`,
      [keys],
    );
    expect(returns).toHaveLength(keys.length);
    expect(new Set(returns.map((r) => r.idempotencyKey)).size).toBe(keys.length);
    expect(returns.every((r) => r.syncStatus === "synced")).toBe(true);

    const { rows: jobs } = await client.query<{ name: string; status: string }>(`SELECT name, status FROM job_outbox WHERE payload->>'returnId' = ANY($1)`, [returns.map((r) => r.id)]);
    // One follow-up job per return (triage, sync, email, automation events, analytics), however many workers there are.
    expect(jobs.filter((j) => j.name === "returns.follow-up")).toHaveLength(returns.length);
    expect(jobs.filter((j) => j.status !== "completed")).toEqual([]);
    // Each job's work happened once, whichever worker took it (and however often it was tried).
    const { rows: effects } = await client.query<{ entityId: string; action: string; n: string }>(
      `SELECT "entityId", action, count(*) AS n FROM audit_log WHERE "entityId" = ANY($1) AND (action LIKE 'synced.%' OR action = 'triaged') GROUP BY "entityId", action`,
      [returns.map((r) => r.id)],
    );
    expect(effects.filter((e) => Number(e.n) !== 1)).toEqual([]);
    expect(new Set(effects.filter((e) => e.action.startsWith("synced.")).map((e) => e.entityId)).size).toBe(returns.length);

    // One email per decided return, however many workers there are.
    const decided = returns.filter((r) => r.status === "approved" || r.status === "denied").map((r) => r.id);
    const { rows: emails } = await client.query<{ relatedId: string; n: string }>(`SELECT "relatedId", count(*) AS n FROM email_messages WHERE "relatedId" = ANY($1) GROUP BY "relatedId"`, [decided]);
    expect(emails).toHaveLength(decided.length);
    expect(emails.every((e) => Number(e.n) === 1)).toBe(true);

    // Both workers took part: each claimed jobs to run.
    const logs = await Promise.all(workers.map((w) => w.roundTripLog()));
    const ran = logs.map((log) => (log.queries ?? []).filter((q) => q.includes(`SET "status" = 'running'`)).length);
    expect(ran.every((n) => n > 0), `jobs run by each worker: ${ran.join(", ")}`).toBe(true);
  }, JOURNEY_TIMEOUT_MS);

  it("applies a policy activated on one instance to the very next return on the other", async () => {
    const merchant = { Authorization: `Bearer ${API_KEY}` };
    const [one, other] = apps;
    const found = await lookup(other!.url, 35);
    expect(found.status).toBe(200);

    const current = await fetch(`${one!.url}/api/v1/policies`, { headers: merchant }).then((r) => r.json() as Promise<{ data: Array<{ status: string; rules: Record<string, unknown> }> }>);
    const active = current.data.find((p) => p.status === "active")!;
    const draft = await post(one!.url, "/api/v1/policies", { rules: { ...active.rules, allowedResolutions: ["store_credit", "exchange"] } }, merchant);
    expect(draft.status).toBe(201);
    const activated = await post(one!.url, `/api/v1/policies/${draft.json.version}/activate`, {}, merchant);
    expect(activated.status).toBe(200);

    const created = await create(other!.url, 35, found.json.lookupToken!, `policy-${randomUUID()}`);
    expect(created.status).toBe(201);
    expect(created.json.return!.status).toBe("denied");
    const { rows } = await client.query<{ policyVersion: number }>(`SELECT "policyVersion" FROM return_requests WHERE id = $1`, [created.json.return!.id]);
    expect(rows[0]!.policyVersion).toBe(draft.json.version);
  }, JOURNEY_TIMEOUT_MS);
});
