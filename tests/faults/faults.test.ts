import { Agent, request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/.server/db.server";
import { phrase } from "../../app/.server/assistant/phrases";
import { startFaultEnvironment, type FaultEnvironment } from "./environment";
import { until } from "./harness";
import { postgresDown, redisRestartedEmpty, workerKilledMidTriage } from "./scenarios";
import { findPersonalData } from "../support/find-personal-data";

let env: FaultEnvironment;

beforeAll(async () => {
  env = await startFaultEnvironment();
});
afterAll(async () => {
  await env?.stop();
});

describe("nothing is lost when a process dies", () => {
  it("triages 50 of 50 returns exactly once though the worker is SIGKILLed twice mid-triage", async () => {
    const result = await workerKilledMidTriage(env);
    expect(result).toMatchObject({ total: 50, exactlyOnce: 50, never: 0, twice: 0, unfinishedJobs: 0 });
  }, 150_000);

  it("runs 10 of 10 queued jobs within 30 s when Redis restarts empty", async () => {
    const result = await redisRestartedEmpty(env);
    expect(result).toMatchObject({ total: 10, ranWithin30s: 10, exactlyOnce: 10 });
    expect(result.seconds).toBeLessThan(30);
  }, 120_000);

  it("answers 503 with Retry-After, never 500, while PostgreSQL is down, recovers without a restart and triages once", async () => {
    const result = await postgresDown(env);
    expect(result.s500).toBe(0);
    expect(result.noAnswer).toBe(0);
    expect(result.s503).toBeGreaterThan(0);
    expect(result.s503WithRetryAfter).toBe(result.s503);
    expect(result.recovered).toBe(true);
    expect(result.triagedExactlyOnce).toBe(result.returnsBefore);
  }, 120_000);
});

describe("what shoppers send", () => {
  it("hands off a chat whose shopper gave a long but valid email", async () => {
    const email = `${"a".repeat(64)}@${"b".repeat(60)}.${"c".repeat(60)}.example.com`;
    expect(email.length).toBeGreaterThan(190);
    const started = await env.storefront("POST", "/chat/sessions", { email, locale: "en" }, { shopper: "203.0.113.71" });
    expect(started.status).toBe(201);
    const { id, token } = started.body.session as { id: string; token: string };
    env.model.hang = false;
    const said = await env.storefront("POST", `/chat/sessions/${id}/messages`, { text: "I'd like to talk to a human please" }, { shopper: "203.0.113.71", headers: { Authorization: `Bearer ${token}` } });
    expect(said.status).toBe(200);
    expect(said.body.handedOff).toBe(true);
    expect(await db().emailMessage.count({ where: { relatedType: "merchant:handoff", relatedId: { startsWith: id } } })).toBe(1);
  });

  it("answers within the turn's budget, offering a person, while the model hangs", async () => {
    const started = await env.storefront("POST", "/chat/sessions", { locale: "en" }, { shopper: "203.0.113.72" });
    const { id, token } = started.body.session as { id: string; token: string };
    env.model.hang = true;
    try {
      const before = Date.now();
      const said = await env.storefront("POST", `/chat/sessions/${id}/messages`, { text: "what is your returns policy?" }, { shopper: "203.0.113.72", headers: { Authorization: `Bearer ${token}` } });
      expect(Date.now() - before).toBeLessThan(5_000);
      expect(said.status).toBe(200);
      expect((said.body.reply as { text: string }).text).toContain(phrase("en", "modelBusy"));
    } finally {
      env.model.hang = false;
    }
  });

  it("keeps the new-chat limit for a shopper who rotates X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await env.storefront("POST", "/chat/sessions", { locale: "en" }, { shopper: "203.0.113.90", forwardedFor: `10.9.${i}.1` })).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
  });

  it("closes the connection after refusing an oversized body, and the keep-alive client's next request works", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: Buffer) =>
      new Promise<{ status: number; connection?: string }>((resolve, reject) => {
        const req = httpRequest(`${env.base}${path}`, { method, agent, headers: body ? { "Content-Length": String(body.length), "Content-Type": "application/octet-stream" } : {} }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        });
        req.on("error", reject);
        req.end(body);
      });
    try {
      expect((await send("GET", "/healthz")).status).toBe(200);
      expect(await send("POST", "/proxy/returns/lookup", Buffer.alloc(13 * 1024 * 1024, 0x61))).toEqual({ status: 413, connection: "close" });
      expect((await send("GET", "/healthz")).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});

describe("redaction", () => {
  it("leaves nothing of a redacted customer in any table or upload", async () => {
    const i = 110;
    const email = `shopper${i}@example.com`;
    const name = `Shopper Number${i}`;
    const phone = "+15550001110";
    const returnId = await env.requestReturn(i);
    const started = await env.storefront("POST", "/chat/sessions", { email, name, locale: "en" }, { shopper: "203.0.113.80" });
    const { id, token } = started.body.session as { id: string; token: string };
    await env.storefront("POST", `/chat/sessions/${id}/messages`, { text: `Please call me on ${phone}, I'd like to talk to a human` }, { shopper: "203.0.113.80", headers: { Authorization: `Bearer ${token}` } });
    await env.waitForTriage([returnId], 20_000);
    // The storefront ran on the demo platform's orders; Shopify's compliance webhooks address a Shopify shop.
    await db().shop.update({ where: { id: env.shopId }, data: { platform: "shopify" } });
    const customer = { id: 7_770_110, email, phone, first_name: "Shopper", last_name: `Number${i}` };
    expect((await env.webhook("customers/data_request", { shop_domain: "faults.myshopify.com", customer, orders_requested: [90_110], data_request: { id: 42 } })).status).toBe(200);
    expect((await env.webhook("customers/redact", { shop_domain: "faults.myshopify.com", customer, orders_to_redact: [90_110] })).status).toBe(200);
    await until(async () => (await db().complianceRequest.count({ where: { completedAt: null } })) === 0, 20_000, "compliance requests to be answered");

    expect(await findPersonalData(db(), [email, name, phone], [(await import("node:path")).join(env.app.env.DOKANI_DATA_DIR!, "uploads")])).toEqual([]);
    const requests = await db().complianceRequest.findMany({ where: { topic: { in: ["customers/data_request", "customers/redact"] } } });
    expect(requests.length).toBeGreaterThanOrEqual(2);
    for (const request of requests) expect(request.completedAt).not.toBeNull();
  });
});
