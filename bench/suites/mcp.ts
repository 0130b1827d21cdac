import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import pg from "pg";
import { type Figure, type Suite, quantile, round } from "../figures";
import { startServer } from "../start-server";

const CLIENTS = 16;
const DURATION_MS = Number(process.env.BENCH_MCP_SECONDS ?? 15) * 1000;
/** Keys the clients take turns with, so the per-key limit (600 a minute) measures its cost without refusing the load. */
const KEYS = 64;

/**
 * Issue 19: `tools/call list_returns` over HTTP with 16 clients on PostgreSQL. The demo store (its
 * sample history: 76 returns) answers the official MCP client, each client connected once over
 * Streamable HTTP (stateless, JSON answers) and then calling `list_returns` (a page of 25) as fast
 * as it can; each call is one POST through the key check, the rate limit, a fresh server, the
 * service and the audit row.
 */
export const mcp: Suite = {
  name: "mcp",
  description: `issue 19: tools/call list_returns over HTTP, ${CLIENTS} clients, PostgreSQL`,
  async run(): Promise<Figure[]> {
    const name = `tools/call list_returns over HTTP, ${CLIENTS} clients`;
    const base = process.env.DATABASE_URL;
    if (!base) return [{ issue: 19, name, unit: "ms", samples: 0, note: "skipped: needs DATABASE_URL (PostgreSQL)" }];
    const dbName = `dokani_bench_mcp_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    const url = new URL(base);
    url.pathname = `/${dbName}`;
    const dir = mkdtempSync(path.join(os.tmpdir(), "dokani-bench-mcp-"));
    const server = await startServer({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DOKANI_DEMO: "1",
      DATABASE_URL: url.toString(),
      DATABASE_POOL_SIZE: "20",
      DOKANI_DATA_DIR: dir,
      PORT: "0",
      LOG_LEVEL: "warn",
    } as unknown as NodeJS.ProcessEnv);
    const store = new pg.Client({ connectionString: url.toString() });
    await store.connect();
    const clients: Client[] = [];
    try {
      const shop = await store.query<{ id: string }>(`SELECT id FROM shops WHERE domain = 'dokani-demo.myshopify.com'`);
      const keys = Array.from({ length: KEYS }, () => `dk_${randomBytes(20).toString("hex")}`);
      for (const [i, key] of keys.entries()) {
        await store.query(`INSERT INTO api_keys (id, "shopId", name, prefix, "keyHash", scope) VALUES ($1, $2, $3, $4, $5, 'read')`, [
          randomUUID(), shop.rows[0]!.id, `Bench ${i}`, key.slice(0, 10), createHash("sha256").update(key).digest("hex"),
        ]);
      }
      let turn = 0;
      const keyedFetch = (input: string | URL | Request, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        headers.set("authorization", `Bearer ${keys[turn++ % KEYS]}`);
        return fetch(input, { ...init, headers });
      };
      for (let i = 0; i < CLIENTS; i++) {
        const client = new Client({ name: `bench-${i}`, version: "1.0.0" });
        await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { fetch: keyedFetch }));
        clients.push(client);
      }
      const samples: number[] = [];
      let errors = 0;
      const worker = async (client: Client, deadline: number) => {
        while (performance.now() < deadline) {
          const started = performance.now();
          try {
            const result = await client.callTool({ name: "list_returns", arguments: { limit: 25 } });
            if (result.isError) errors++;
            else samples.push(performance.now() - started);
          } catch {
            errors++;
          }
        }
      };
      await Promise.all(clients.map((c) => worker(c, performance.now() + 3_000)));
      samples.length = 0;
      errors = 0;
      const started = performance.now();
      await Promise.all(clients.map((c) => worker(c, started + DURATION_MS)));
      const seconds = (performance.now() - started) / 1000;
      const p95 = quantile(samples, 0.95);

      // The same page over REST, same clients and keys, for the cost of the MCP layer on this machine at this moment.
      const rest: number[] = [];
      const restWorker = async (deadline: number) => {
        while (performance.now() < deadline) {
          const t = performance.now();
          const response = await fetch(`${server.url}/api/v1/returns?limit=25`, { headers: { authorization: `Bearer ${keys[turn++ % KEYS]}` } });
          await response.arrayBuffer();
          if (response.status === 200) rest.push(performance.now() - t);
        }
      };
      const restStarted = performance.now();
      await Promise.all(Array.from({ length: CLIENTS }, () => restWorker(restStarted + DURATION_MS / 2)));
      const restSeconds = (performance.now() - restStarted) / 1000;
      const load = os.loadavg()[0]!;
      return [
        {
          issue: 19,
          name: `${name}: latency`,
          unit: "ms",
          median: round(quantile(samples, 0.5)),
          p95: round(p95),
          samples: samples.length,
          target: "p95 ≤ 25 ms",
          met: p95 <= 25,
          note: `${round(samples.length / seconds, 0)} calls/s over ${round(seconds, 1)} s, ${errors} errors; pages of 25 returns; demo store on PostgreSQL; LOG_LEVEL=warn; load average ${round(load, 1)} on ${os.cpus().length} cores`,
        },
        {
          issue: 19,
          name: `GET /api/v1/returns (same page, same clients), for comparison`,
          unit: "ms",
          median: round(quantile(rest, 0.5)),
          p95: round(quantile(rest, 0.95)),
          samples: rest.length,
          note: `${round(rest.length / restSeconds, 0)} requests/s over ${round(restSeconds, 1)} s`,
        },
      ];
    } finally {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
      await store.end();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
    }
  },
};
