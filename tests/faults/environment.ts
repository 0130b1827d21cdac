import { createHmac, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createApiKey } from "../../app/.server/api-keys/create-api-key";
import { closeDatabase, db, openDatabase } from "../../app/.server/db.server";
import { seedDemoShop } from "../../app/.server/demo/seed-demo-shop";
import { signProxyParams } from "../../app/.server/proxy/proxy-signature";
import { freePort, NodeProcess, PostgresServer, RedisServer, SlowModel, until } from "./harness";

export const SHOP = "faults.myshopify.com";
const SECRET = "fault-suite-shopify-secret";
export const ORDER_COUNT = 120;
/** No call waits longer than this: an answer that never comes is a failure the case reports, not a hang. */
const REQUEST_TIMEOUT_MS = 15_000;
const DAY = 24 * 3600 * 1000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();

/** Orders worth enough that each return waits for triage and a merchant's review. */
export const orderNumber = (i: number) => String(5000 + i);
export const orderEmail = (i: number) => `shopper${i}@example.com`;
const ORDERS = Array.from({ length: ORDER_COUNT }, (_, i) => ({
  id: String(90_000 + i),
  name: `#${orderNumber(i)}`,
  email: orderEmail(i),
  customerName: `Shopper Number${i}`,
  currency: "USD",
  processedAt: iso(9),
  deliveredAt: iso(6),
  lineItems: [{ id: `F${i}`, title: "Wool Coat", quantity: 1, unitPrice: "320.00", productType: "Coats", tags: [] }],
}));

export type Answer = { status: number; headers: Headers; body: { error?: { code: string; message: string } } & Record<string, unknown> };

/**
 * Everything a fault case needs: its own PostgreSQL and Redis, the app (`npm start`) and workers
 * (`npm run workers`) in production mode against them, a seeded shop, and clients for the
 * storefront, the merchant API and Shopify's webhooks.
 */
export async function startFaultEnvironment() {
  const [pgPort, redisPort, appPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const postgres = new PostgresServer(pgPort);
  const redis = new RedisServer(redisPort);
  const model = new SlowModel();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dokani-faults-data-"));
  await Promise.all([postgres.init(), redis.start(), model.start()]);

  // This process migrates and seeds, then reads the outcome; the app and workers share the database.
  await openDatabase({ url: postgres.url, migrate: true, poolSize: 4 });
  const { shopId } = await seedDemoShop(db(), { domain: SHOP, orders: ORDERS });
  const apiKey = (await createApiKey(db(), shopId, { name: "fault suite" })).key;

  const env = {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    HOST: "127.0.0.1",
    PORT: String(appPort),
    DATABASE_URL: postgres.url,
    DATABASE_POOL_SIZE: "8",
    REDIS_URL: redis.url,
    SHOPIFY_API_KEY: "fault-suite",
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_APP_URL: `http://127.0.0.1:${appPort}`,
    DOKANI_SECRET: "fault-suite-secret-0123456789abcdef0123",
    DOKANI_DATA_DIR: dataDir,
    OPENAI_API_KEY: "sk-fault-suite",
    OPENAI_BASE_URL: model.url,
    MODEL_FIRST_TOKEN_MS: "1500",
    MODEL_TURN_MS: "5000",
    // Long enough that a busy machine still renews BullMQ locks in time; a dead worker's job is back within ~2 leases.
    JOBS_LEASE_MS: "5000",
    JOBS_CONCURRENCY: "8",
    TRUSTED_PROXY_HOPS: "1",
    SHUTDOWN_TIMEOUT_MS: "2000",
  };
  const base = `http://127.0.0.1:${appPort}`;
  const app = new NodeProcess("app", "server.ts", env);
  const workers = new NodeProcess("workers", "workers/index.ts", { ...env, PORT: "" });
  const healthy = async () => (await fetch(`${base}/healthz`).catch(() => null))?.ok ?? false;
  const workerStarts = () => (existsSync(workers.log) ? readFileSync(workers.log, "utf8").split("Dokani workers are running").length - 1 : 0);
  const startWorkers = async () => {
    const before = workerStarts();
    await workers.start(async () => workerStarts() > before);
  };
  await app.start(healthy);
  await startWorkers();

  async function answer(response: Response): Promise<Answer> {
    const text = await response.text();
    let body: Answer["body"];
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = { raw: text } as Answer["body"];
    }
    return { status: response.status, headers: response.headers, body };
  }

  /** A storefront call as Shopify's app proxy forwards it: signed, from the proxy, with the shopper's address appended. */
  async function storefront(method: string, pathname: string, body?: unknown, options: { shopper?: string; forwardedFor?: string; headers?: Record<string, string> } = {}) {
    const params = new URLSearchParams();
    params.set("shop", SHOP);
    params.set("logged_in_customer_id", "");
    params.set("path_prefix", "/apps/dokani");
    params.set("timestamp", String(Math.floor(Date.now() / 1000)));
    params.set("signature", signProxyParams(params, SECRET));
    const forwarded = [options.forwardedFor, options.shopper ?? "203.0.113.10"].filter(Boolean).join(", ");
    const response = await fetch(`${base}/proxy${pathname}?${params}`, {
      method,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      headers: { "X-Forwarded-For": forwarded, ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...options.headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    return answer(response);
  }

  async function api(pathname: string) {
    return answer(await fetch(`${base}/api/v1${pathname}`, { headers: { Authorization: `Bearer ${apiKey}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }));
  }

  async function webhook(topic: string, payload: unknown) {
    const raw = JSON.stringify(payload);
    const response = await fetch(`${base}/webhooks/${topic}`, {
      method: "POST",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Hmac-Sha256": createHmac("sha256", SECRET).update(raw, "utf8").digest("base64"),
        "X-Shopify-Topic": topic,
        "X-Shopify-Shop-Domain": SHOP,
        "X-Shopify-API-Version": "2026-07",
        "X-Shopify-Webhook-Id": randomUUID(),
        "X-Shopify-Triggered-At": new Date().toISOString(),
        "X-Shopify-Event-Id": randomUUID(),
      },
      body: raw,
    });
    return answer(response);
  }

  /** Requests a return of order `i` through the storefront, as its shopper; it waits for triage. */
  async function requestReturn(i: number): Promise<string> {
    const shopper = `198.51.${Math.floor(i / 200)}.${(i % 200) + 1}`;
    const found = await storefront("POST", "/returns/lookup", { orderNumber: orderNumber(i), email: orderEmail(i) }, { shopper });
    if (found.status !== 200) throw new Error(`lookup of order ${i} answered ${found.status}: ${JSON.stringify(found.body)}`);
    const created = await storefront("POST", "/returns", { lookupToken: found.body.lookupToken, items: [{ lineItemId: `F${i}`, quantity: 1, reason: "changed_mind" }], resolution: "refund" }, { shopper });
    if (created.status !== 201) throw new Error(`return of order ${i} answered ${created.status}: ${JSON.stringify(created.body)}`);
    return (created.body.return as { id: string }).id;
  }

  /** For each return, how many recommendations triage recorded (exactly once is 1). */
  async function triageCounts(ids: string[]): Promise<number[]> {
    const rows = await db().auditLog.groupBy({ by: ["entityId"], where: { entityId: { in: ids }, action: "triaged" }, _count: { _all: true } });
    const counts = new Map(rows.map((r) => [r.entityId, r._count._all]));
    return ids.map((id) => counts.get(id) ?? 0);
  }

  async function waitForTriage(ids: string[], timeoutMs: number) {
    return until(async () => (await triageCounts(ids)).every((c) => c >= 1), timeoutMs, `${ids.length} returns to be triaged`, 250).catch(() => false);
  }

  return {
    postgres,
    redis,
    model,
    app,
    workers,
    base,
    shopId,
    storefront,
    api,
    webhook,
    requestReturn,
    triageCounts,
    waitForTriage,
    startWorkers,
    restartWorkers: async () => {
      await workers.kill("SIGKILL");
      await startWorkers();
    },
    async stop() {
      await app.kill("SIGTERM").catch(() => undefined);
      await workers.kill("SIGTERM").catch(() => undefined);
      await closeDatabase().catch(() => undefined);
      await model.stop().catch(() => undefined);
      await redis.kill().catch(() => undefined);
      await postgres.destroy().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type FaultEnvironment = Awaited<ReturnType<typeof startFaultEnvironment>>;
