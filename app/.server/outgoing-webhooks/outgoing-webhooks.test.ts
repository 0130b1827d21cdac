import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { merchantContext } from "../../../tests/support/contexts";
import { createReturn, createShop } from "../../../tests/support/factories";
import { runOutbox } from "../../../tests/support/run-outbox";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { runInTransaction } from "../jobs/enqueue-job";
import { emitReturnEvents } from "../automation/return-events";
import { deliverWebhook, setWebhookNetworkPolicy } from "./deliver-webhook.server";
import { createEndpoint, replayDelivery, rotateEndpointSecret } from "./endpoints.server";
import { isForbiddenAddress, systemResolver, type NetworkPolicy, type Resolver } from "./network-guard";

setupTestDatabase();

/**
 * A receiver written from docs/API.md ("Outgoing webhooks") alone: it checks `Dokani-Signature`
 * (t, then one or more v1 = hex HMAC-SHA256(secret, t + "." + raw body)) against the secrets it
 * was given, and answers with the status the test asks for.
 */
type Received = { headers: IncomingMessage["headers"]; body: string; verifiedWith: string[] };
let server: Server;
let base = "";
let received: Received[] = [];
let answers: number[] = [];
let secrets: string[] = [];

function verify(body: string, header: string | undefined, secret: string): boolean {
  if (!header) return false;
  const pairs = header.split(",").map((p) => p.split("=") as [string, string]);
  const t = pairs.find(([k]) => k === "t")?.[1];
  if (!t || Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  return pairs.some(([k, v]) => k === "v1" && /^[0-9a-f]{64}$/.test(v) && timingSafeEqual(Buffer.from(v, "hex"), expected));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body, verifiedWith: secrets.filter((s) => verify(body, req.headers["dokani-signature"] as string | undefined, s)) });
      res.statusCode = answers.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let undo: () => void = () => {};
beforeEach(async () => {
  await clearDatabase();
  received = [];
  answers = [];
  secrets = [];
  // The local receiver is on loopback, which only the demo allows; these tests allow it too.
  undo = setWebhookNetworkPolicy({ allowLoopback: true });
});
afterEach(() => undo());

async function endpointFor(events: string[] = ["return.created", "return.decided", "return.completed"]) {
  const shop = await db().shop.update({ where: { id: (await createShop()).id }, data: { email: "owner@example.com" } });
  const ctx = await merchantContext(shop);
  const { endpoint, secret } = await createEndpoint(ctx, { url: `${base}/hooks`, events });
  secrets.push(secret);
  return { shop, ctx, endpoint, secret };
}

async function returnCreated(shopId: string) {
  const row = await createReturn(shopId, "ann@example.com");
  await runInTransaction((tx) => emitReturnEvents(tx, { ...row, riskScore: null }, { created: true }));
  return row;
}

describe("outgoing webhooks", () => {
  it("delivers signed return events that a receiver built from the docs verifies, once per event", async () => {
    const { shop, endpoint } = await endpointFor();
    const other = await endpointFor(["conversation.created"]);
    const row = await returnCreated(shop.id);
    await runInTransaction((tx) => emitReturnEvents(tx, { ...row, status: "approved", riskScore: null }, { decided: true }));
    await runOutbox(["automation.dispatch", "webhooks.deliver"]);
    expect(received).toHaveLength(2);
    for (const r of received) expect(r.verifiedWith).toEqual([secrets[0]]);
    const bodies = received.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.type)).toEqual(["return.created", "return.decided"]);
    expect(bodies[0]).toMatchObject({ id: `return.created:${row.id}`, data: { return: { id: row.id, orderName: "#1001", customerEmail: "ann@example.com", currency: "USD", items: [{ lineItemId: "9001", quantity: 1 }] } } });
    expect(received[0]!.headers).toMatchObject({ "content-type": "application/json", "dokani-event": "return.created" });
    const log = await db().endpointDelivery.findMany({ where: { endpointId: endpoint.id }, orderBy: { createdAt: "asc" } });
    expect(log.map((d) => [d.status, d.responseStatus, d.attempts])).toEqual([["succeeded", 200, 1], ["succeeded", 200, 1]]);
    expect(log[0]!.responseMs).toBeGreaterThanOrEqual(0);
    expect(await db().endpointDelivery.count({ where: { endpointId: other.endpoint.id } })).toBe(0);
    // The same event again is not delivered again; a replay is.
    await returnCreated(shop.id).then(() => undefined);
    await runInTransaction((tx) => emitReturnEvents(tx, { ...row, riskScore: null }, { created: true }));
    await runOutbox(["automation.dispatch", "webhooks.deliver"]);
    expect(received.filter((r) => JSON.parse(r.body).id === `return.created:${row.id}`)).toHaveLength(1);
    await replayDelivery(await merchantContext(shop), endpoint.id, log[0]!.id);
    await runOutbox(["webhooks.deliver"]);
    expect(received.filter((r) => JSON.parse(r.body).id === `return.created:${row.id}`)).toHaveLength(2);
  });

  it("signs with both secrets for a day after a rotation", async () => {
    const { shop, ctx, endpoint, secret } = await endpointFor();
    const rotated = await rotateEndpointSecret(ctx, endpoint.id);
    expect(rotated.secret).not.toBe(secret);
    secrets.push(rotated.secret);
    await returnCreated(shop.id);
    await runOutbox(["automation.dispatch", "webhooks.deliver"]);
    expect(received[0]!.verifiedWith.sort()).toEqual([secret, rotated.secret].sort());
    await db().webhookEndpoint.update({ where: { id: endpoint.id }, data: { previousSecretExpiresAt: new Date(Date.now() - 1000) } });
    await replayDelivery(ctx, endpoint.id, (await db().endpointDelivery.findFirstOrThrow()).id);
    await runOutbox(["webhooks.deliver"]);
    expect(received[1]!.verifiedWith).toEqual([rotated.secret]);
  });

  it("retries a failing receiver with backoff and logs each answer", async () => {
    const { shop } = await endpointFor();
    answers = [500, 503];
    await returnCreated(shop.id);
    await runOutbox(["automation.dispatch"]);
    const delivery = await db().endpointDelivery.findFirstOrThrow();
    expect(await deliverWebhook(db(), delivery.id)).toBe("retry");
    expect(await db().endpointDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "pending", attempts: 1, responseStatus: 500, error: "HTTP 500" });
    // Through the outbox, a failed attempt is a retry with the job's backoff.
    const job = await db().jobOutbox.findFirstOrThrow({ where: { name: "webhooks.deliver" } });
    const { executeJob } = await import("../jobs/execute-job");
    const { jobRegistry } = await import("../job-registry.server");
    expect(await executeJob(db(), jobRegistry, job, 2)).toMatchObject({ status: "retry", delayMs: 60_000 });
    expect(await deliverWebhook(db(), delivery.id)).toBe("succeeded");
    expect(await db().endpointDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "succeeded", attempts: 3, responseStatus: 200, error: null });
    expect(received).toHaveLength(3);
  });

  it("gives up on a delivery after a day and switches the endpoint off after a day of failures, emailing the merchant", async () => {
    const { shop, endpoint } = await endpointFor();
    answers = Array(10).fill(500);
    await returnCreated(shop.id);
    await runOutbox(["automation.dispatch"]);
    const delivery = await db().endpointDelivery.findFirstOrThrow();
    const t0 = new Date();
    expect(await deliverWebhook(db(), delivery.id, { now: t0 })).toBe("retry");
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince).toEqual(t0);
    expect(await deliverWebhook(db(), delivery.id, { now: new Date(t0.getTime() + 12 * 3600_000) })).toBe("retry");
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).enabled).toBe(true);
    expect(await deliverWebhook(db(), delivery.id, { now: new Date(t0.getTime() + 24 * 3600_000 + 1000) })).toBe("failed");
    const off = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(off).toMatchObject({ enabled: false, disabledReason: expect.stringContaining("failed for a day") });
    const emails = await db().emailMessage.findMany({ where: { shopId: shop.id, relatedType: "merchant:webhook_disabled" } });
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ to: "owner@example.com", subject: expect.stringContaining("A webhook endpoint was switched off"), text: expect.stringContaining(`${base}/hooks`) });
    // A switched-off endpoint gets nothing more, and cannot replay until switched on.
    await returnCreated(shop.id);
    await runOutbox(["automation.dispatch"]);
    expect(await db().endpointDelivery.count()).toBe(1);
    await expect(replayDelivery(await merchantContext(shop), endpoint.id, delivery.id)).rejects.toMatchObject({ code: "invalid_state" });
  });

  it("answers a success after failures by clearing the endpoint's failure run", async () => {
    const { shop, endpoint } = await endpointFor();
    answers = [500];
    await returnCreated(shop.id);
    await runOutbox(["automation.dispatch"]);
    const delivery = await db().endpointDelivery.findFirstOrThrow();
    await deliverWebhook(db(), delivery.id);
    await deliverWebhook(db(), delivery.id);
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince).toBeNull();
  });
});

describe("server-side request forgery", () => {
  const fakeDns = (answers: Record<string, string[] | (() => string[])>): Resolver => async (host) => {
    const entry = answers[host];
    const list = typeof entry === "function" ? entry() : entry;
    if (!list) throw new Error("ENOTFOUND");
    return list.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  const production = (resolver: Resolver = systemResolver): NetworkPolicy => ({ allowLoopback: false, resolver });

  async function refusal(url: string, policy: NetworkPolicy) {
    const ctx = await merchantContext(await createShop());
    return createEndpoint(ctx, { url, events: ["return.created"] }, policy).then(
      () => null,
      (error: { code: string; fields: Record<string, string> }) => ({ code: error.code, url: error.fields.url }),
    );
  }

  it("refuses loopback outside the demo, the metadata address, private ranges, and names that resolve to them", async () => {
    await clearDatabase();
    const dns = fakeDns({ "hooks.example.com": ["93.184.216.34"], "internal.example.com": ["93.184.216.34", "10.0.0.7"], "meta.example.com": ["169.254.169.254"], "v6.example.com": ["::ffff:10.1.1.1"] });
    expect(await refusal("http://127.0.0.1:8080/hooks", production(dns))).toEqual({ code: "invalid_request", url: expect.stringContaining("https://") });
    expect(await refusal("https://127.0.0.1/hooks", production(dns))).toEqual({ code: "invalid_request", url: expect.stringContaining("127.0.0.1") });
    expect(await refusal("https://169.254.169.254/latest/meta-data", production(dns))).toMatchObject({ url: expect.stringContaining("169.254.169.254") });
    expect(await refusal("https://10.20.30.40/hooks", production(dns))).toMatchObject({ url: expect.stringContaining("10.20.30.40") });
    expect(await refusal("https://internal.example.com/hooks", production(dns))).toMatchObject({ url: expect.stringContaining("10.0.0.7") });
    expect(await refusal("https://meta.example.com/hooks", production(dns))).toMatchObject({ url: expect.stringContaining("169.254.169.254") });
    expect(await refusal("https://v6.example.com/hooks", production(dns))).toMatchObject({ url: expect.stringContaining("::ffff:10.1.1.1") });
    expect(await refusal("https://user:pw@hooks.example.com/", production(dns))).toMatchObject({ url: "must not carry a user name or password" });
    expect(await refusal("http://hooks.example.com/hooks", production(dns))).toMatchObject({ url: "must use https:// (webhooks carry shoppers' data)" });
    expect(await refusal("https://hooks.example.com/hooks", production(dns))).toBeNull();
    // The demo allows its own machine.
    expect(await refusal("http://127.0.0.1:8080/hooks", { ...production(dns), allowLoopback: true })).toBeNull();
    for (const address of ["10.0.0.1", "172.16.5.4", "192.168.1.1", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "224.0.0.1"]) expect(isForbiddenAddress(address), address).toBe(true);
    for (const address of ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]) expect(isForbiddenAddress(address), address).toBe(false);
  });

  it("checks again before each delivery and when connecting, so a name that rebinds to a private address gets nothing", async () => {
    await clearDatabase();
    const shop = await db().shop.update({ where: { id: (await createShop()).id }, data: { email: "owner@example.com" } });
    const ctx = await merchantContext(shop);
    let lookups = 0;
    const rebinding = fakeDns({ "rebind.example.com": () => (++lookups <= 2 ? ["93.184.216.34"] : ["127.0.0.1"]) });
    const policy = production(rebinding);
    const { endpoint } = await createEndpoint(ctx, { url: "https://rebind.example.com/hooks", events: ["return.created"] }, policy);
    await returnCreated(shop.id);
    await runOutbox(["automation.dispatch"]);
    const delivery = await db().endpointDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    // Lookup 2 (before sending) still answers the public address; lookup 3 (the connection) answers loopback.
    expect(await deliverWebhook(db(), delivery.id, { policy })).toBe("failed");
    const row = await db().endpointDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(row).toMatchObject({ status: "failed", responseStatus: null, error: expect.stringContaining("refused") });
    expect(row.error).toContain("127.0.0.1");
    expect(lookups).toBe(3);
    expect(received).toHaveLength(0);
  });
});
