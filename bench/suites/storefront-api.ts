import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Figure, type Suite, quantile, round } from "../figures";

const CLIENTS = Number(process.env.BENCH_HTTP_CLIENTS ?? 32);
const DURATION_MS = Number(process.env.BENCH_HTTP_SECONDS ?? 20) * 1000;
const ORDERS = 40_000;

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

/** Starts `server.ts` (tsx, in-process) with `env` and resolves with its URL once it prints its banner. */
export async function startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; stop: () => Promise<void> }> {
  // Node with tsx's loader in-process (no wrapper process); BENCH_NODE_FLAGS adds e.g. --cpu-prof.
  const flags = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...flags, "--import", "tsx", "server.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let started = false;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 180_000);
    const onData = (chunk: Buffer) => {
      if (started) {
        if (process.env.BENCH_SERVER_LOG) appendFileSync(process.env.BENCH_SERVER_LOG, chunk);
        return;
      }
      output += chunk.toString();
      const match = /Dokani is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        started = true;
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export const storefrontApi: Suite = {
  name: "storefront-api",
  description: `issue 3: lookup + create over HTTP, ${CLIENTS} concurrent clients, PostgreSQL`,
  async run(): Promise<Figure[]> {
    const base = process.env.DATABASE_URL;
    if (!base) {
      return [{ issue: 3, name: "lookup + create over HTTP (32 clients)", unit: "ms", samples: 0, note: "skipped: needs DATABASE_URL (PostgreSQL)" }];
    }
    const dbName = `dokani_bench_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    const url = new URL(base);
    url.pathname = `/${dbName}`;
    const dir = mkdtempSync(path.join(os.tmpdir(), "dokani-bench-http-"));
    const server = await startServer({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DOKANI_DEMO: "1",
      DATABASE_URL: url.toString(),
      DATABASE_POOL_SIZE: "20",
      DOKANI_DATA_DIR: dir,
      DOKANI_DEMO_ORDERS: ordersFile(dir),
      PORT: "0",
      LOG_LEVEL: "warn",
    } as unknown as NodeJS.ProcessEnv);

    const lookups: number[] = [];
    const creates: number[] = [];
    const pairs: number[] = [];
    let errors = 0;
    let next = 0;
    const post = async (pathname: string, body: unknown, headers: Record<string, string> = {}) => {
      const started = performance.now();
      const response = await fetch(`${server.url}/apps/dokani${pathname}`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
      const json = (await response.json()) as Record<string, unknown>;
      return { status: response.status, json, ms: performance.now() - started };
    };
    const worker = async (deadline: number) => {
      while (performance.now() < deadline) {
        const i = next++ % ORDERS;
        const started = performance.now();
        const found = await post("/returns/lookup", { orderNumber: String(100_000 + i), email: `shopper${i}@example.com` });
        if (found.status !== 200) {
          errors++;
          continue;
        }
        const created = await post(
          "/returns",
          { lookupToken: found.json.lookupToken, items: [{ lineItemId: `${i}-1`, quantity: 1, reason: "size_too_small", condition: "unworn" }], resolution: "refund" },
          { "Idempotency-Key": `bench-${i}-${started}` },
        );
        if (created.status !== 201) {
          errors++;
          continue;
        }
        lookups.push(found.ms);
        creates.push(created.ms);
        pairs.push(performance.now() - started);
      }
    };
    try {
      // Warm-up: connections, JIT, prepared plans.
      await Promise.all(Array.from({ length: CLIENTS }, () => worker(performance.now() + 3_000)));
      lookups.length = creates.length = pairs.length = 0;
      errors = 0;
      const started = performance.now();
      await Promise.all(Array.from({ length: CLIENTS }, () => worker(started + DURATION_MS)));
      const seconds = (performance.now() - started) / 1000;
      const perSecond = pairs.length / seconds;
      const note = `${pairs.length} returns in ${round(seconds, 1)} s, ${errors} errors; jobs run in the same process; LOG_LEVEL=warn`;
      return [
        { issue: 3, name: "lookup + create over HTTP, 32 clients: returns created per second", unit: "ops/s", value: round(perSecond, 0), samples: pairs.length, target: "≥ 400 ops/s", met: perSecond >= 400, note },
        { issue: 3, name: "lookup + create over HTTP, 32 clients: lookup latency", unit: "ms", median: round(quantile(lookups, 0.5)), p95: round(quantile(lookups, 0.95)), samples: lookups.length, target: "p95 ≤ 50 ms", met: quantile(lookups, 0.95) <= 50 },
        { issue: 3, name: "lookup + create over HTTP, 32 clients: create latency", unit: "ms", median: round(quantile(creates, 0.5)), p95: round(quantile(creates, 0.95)), samples: creates.length, target: "p95 ≤ 50 ms", met: quantile(creates, 0.95) <= 50 },
        { issue: 3, name: "lookup + create over HTTP, 32 clients: lookup then create, together", unit: "ms", median: round(quantile(pairs, 0.5)), p95: round(quantile(pairs, 0.95)), samples: pairs.length },
      ];
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
    }
  },
};
