import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { proxyRequest } from "../../tests/support/proxy-request";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { db } from "../.server/db.server";
import { seedDemoShop } from "../.server/demo/seed-demo-shop";
import { jobRegistry } from "../.server/job-registry.server";
import { startJobRuntime, stopJobRuntime, waitForJob } from "../.server/jobs/runtime.server";
import { resetLookupLimiters } from "../.server/returns/lookup-limiter.server";
import { action as createAction } from "./proxy.returns._index";
import { loader as statusLoader } from "./proxy.returns.$id";
import { action as evidenceAction } from "./proxy.returns.$id.evidence";
import { loader as photoLoader } from "./proxy.returns.$id.evidence.$evidenceId";
import { action as lookupAction } from "./proxy.returns.lookup";

setupTestDatabase();

const SHOP = "dokani-demo.myshopify.com";
const DAY = 24 * 3600 * 1000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");

const ORDERS = [
  {
    id: "7001", name: "#1001", email: "alex@example.com", currency: "USD", processedAt: iso(8), deliveredAt: iso(5),
    lineItems: [
      { id: "L1", title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: ["summer"] },
      { id: "L2", title: "Clearance Scarf", quantity: 1, unitPrice: "15.00", productType: "Accessories", tags: ["final-sale"] },
      { id: "L3", title: "Wave One-Piece", quantity: 1, unitPrice: "72.00", productType: "Swimwear", tags: [] },
    ],
  },
  { id: "7002", name: "#1002", email: "sam@example.com", currency: "USD", processedAt: iso(50), deliveredAt: iso(45), lineItems: [{ id: "M1", title: "Denim Jacket", quantity: 1, unitPrice: "120.00", productType: "Jackets", tags: [] }] },
];

// Each test starts with no jobs in flight: the previous test's triage and sync finish before its rows go.
beforeEach(async () => {
  await stopJobRuntime();
  await clearDatabase();
  resetLookupLimiters();
  await seedDemoShop(db(), { domain: SHOP, orders: ORDERS });
  await startJobRuntime({ client: db(), registry: jobRegistry, pollMs: 50 });
});
afterAll(async () => {
  await stopJobRuntime();
});

async function call(handler: (args: ReturnType<typeof routeArgs>) => Promise<Response>, request: Request, params: Record<string, string> = {}, address = "198.51.100.7") {
  const response = await handler(routeArgs(request, params, { remoteAddress: address }));
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

const lookup = (body: unknown, address?: string) => call(lookupAction, proxyRequest("POST", "/returns/lookup", { shop: SHOP, body }), {}, address);

async function lookupToken(orderNumber = "1001", email = "Alex@Example.com") {
  const response = await lookup({ orderNumber, email });
  expect(response.status).toBe(200);
  return response.body.lookupToken as string;
}

const submit = (body: unknown, headers: Record<string, string> = {}) => call(createAction, proxyRequest("POST", "/returns", { shop: SHOP, body, headers }));

async function rowCounts() {
  return { returns: await db().returnRequest.count(), items: await db().returnItem.count(), jobs: await db().jobOutbox.count(), evidence: await db().evidenceFile.count() };
}

describe("POST /proxy/returns/lookup", () => {
  it("finds the order by number and email and marks what can be returned, and why not", async () => {
    const { status, body } = await lookup({ orderNumber: "#1001", email: " ALEX@example.com " });
    expect(status).toBe(200);
    expect(body.order).toMatchObject({ name: "#1001", currency: "USD", totalPrice: "185.00" });
    const lines = Object.fromEntries(body.order.lineItems.map((l: { id: string }) => [l.id, l]));
    expect(lines.L1).toMatchObject({ returnable: true, returnableQuantity: 2, unitPrice: "49.00", notReturnableReason: null });
    expect(lines.L2).toMatchObject({ returnable: false, returnableQuantity: 0 });
    expect(lines.L2.notReturnableReason).toMatch(/final.sale/i);
    expect(body.policy).toMatchObject({ returnWindowDays: 30, allowedResolutions: ["refund", "store_credit", "exchange"], storeCreditBonusPercent: 10 });
    expect(body.policy).not.toHaveProperty("blockedEmails");
    expect(typeof body.lookupToken).toBe("string");
  });

  it("answers a wrong email exactly like a missing order", async () => {
    const wrongEmail = await lookup({ orderNumber: "1001", email: "sam@example.com" });
    const missing = await lookup({ orderNumber: "9999", email: "alex@example.com" });
    expect(wrongEmail.status).toBe(404);
    expect(wrongEmail.body).toEqual(missing.body);
    expect(wrongEmail.body.error.code).toBe("order_not_found");
  });

  it("throttles a client that keeps guessing (429 with Retry-After), and an order being guessed from many clients", async () => {
    for (let i = 0; i < 10; i++) expect((await lookup({ orderNumber: `${2000 + i}`, email: "x@example.com" }, "203.0.113.5")).status).toBe(404);
    const blocked = await lookup({ orderNumber: "1001", email: "alex@example.com" }, "203.0.113.5");
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("rate_limited");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another shopper is not affected by that client's guessing.
    expect((await lookup({ orderNumber: "1001", email: "alex@example.com" }, "203.0.113.6")).status).toBe(200);

    for (let i = 0; i < 5; i++) await lookup({ orderNumber: "1002", email: `guess${i}@example.com` }, `192.0.2.${i + 1}`);
    expect((await lookup({ orderNumber: "1002", email: "sam@example.com" }, "192.0.2.99")).status).toBe(429);
  });

  it("validates its input field by field", async () => {
    const { status, body } = await lookup({ orderNumber: "1001'; DROP TABLE shops; --", email: "not-an-email" });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "invalid_request", fields: { orderNumber: expect.any(String), email: expect.any(String) } });
  });

  it("refuses forged, stale and unsigned requests with 401 and does nothing", async () => {
    const forged = await call(lookupAction, proxyRequest("POST", "/returns/lookup", { shop: SHOP, body: { orderNumber: "1001", email: "alex@example.com" }, secret: "not-the-secret" }));
    const stale = await call(lookupAction, proxyRequest("POST", "/returns/lookup", { shop: SHOP, body: { orderNumber: "1001", email: "alex@example.com" }, timestamp: Math.floor(Date.now() / 1000) - 120 }));
    const unknownShop = await call(lookupAction, proxyRequest("POST", "/returns/lookup", { shop: "other-store.myshopify.com", body: { orderNumber: "1001", email: "alex@example.com" } }));
    for (const response of [forged, stale, unknownShop]) {
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe("invalid_signature");
    }
  });
});

describe("POST /proxy/returns", () => {
  it("records an in-policy return, approves it at once and queues its follow-up: triage, sync, the email and the rules' events", async () => {
    const token = await lookupToken();
    const { status, body } = await submit({ lookupToken: token, items: [{ lineItemId: "L1", quantity: 1, reason: "size_too_small", condition: "unworn" }], resolution: "store_credit" });
    expect(status).toBe(201);
    expect(body.return).toMatchObject({
      orderName: "#1001",
      status: "approved",
      resolution: "store_credit",
      items: [{ lineItemId: "L1", title: "Linen Shirt", quantity: 1, reason: "size_too_small", condition: "unworn" }],
      decision: { outcome: "approved", reasons: [{ code: "within_policy" }] },
      refundEstimate: { amount: "53.90", currency: "USD" },
    });
    expect(body.return.decision.explanation.length).toBeGreaterThan(10);
    const jobs = await db().jobOutbox.findMany({ select: { name: true, payload: true } });
    // One job follows the return; the merchant's rules hear of it twice: created, and decided.
    expect(jobs.map((j) => j.name)).toEqual(["returns.follow-up"]);
    expect(jobs[0]!.payload).toMatchObject({
      returnId: body.return.id,
      notify: "approved",
      events: [{ id: `return.created:${body.return.id}`, type: "return.created" }, { id: `return.decided:${body.return.id}:approved`, type: "return.decided" }],
    });
    const audit = await db().auditLog.findMany({ where: { entityId: body.return.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.actorType])).toEqual([["created", "shopper"], ["decided.approved", "rules"]]);

    // The jobs run: the decision is mirrored to the platform and the shopper is emailed.
    for (const job of await db().jobOutbox.findMany()) await waitForJob(job.id);
    const synced = await db().returnRequest.findUniqueOrThrow({ where: { id: body.return.id } });
    expect(synced).toMatchObject({ syncStatus: "synced", syncedActions: ["request", "approve"] });
    expect(synced.platformReturnId).toMatch(/^demo-return-/);
    const email = await db().emailMessage.findFirstOrThrow({ where: { relatedId: body.return.id } });
    expect(email).toMatchObject({ to: "alex@example.com", status: "captured", subject: "Your return for #1001 is approved" });
    expect(email.text).toContain("$53.90");

    // Status for the shopper with their token; nobody else's token opens it.
    const seen = await call(statusLoader, proxyRequest("GET", `/returns/${body.return.id}`, { shop: SHOP, query: { token: body.accessToken } }), { id: body.return.id });
    expect(seen.status).toBe(200);
    expect(seen.body.return.id).toBe(body.return.id);
  });

  it("records and denies a request that breaks a hard rule, with one reason per broken rule", async () => {
    const token = await lookupToken();
    // Store credit is allowed; the final-sale scarf is not returnable.
    const { status, body } = await submit({ lookupToken: token, items: [{ lineItemId: "L2", quantity: 1, reason: "changed_mind" }], resolution: "refund" });
    expect(status).toBe(201);
    expect(body.return.status).toBe("denied");
    expect(body.return.decision.reasons.map((r: { code: string }) => r.code)).toEqual(["non_returnable_tag"]);
    expect(await db().returnRequest.count()).toBe(1);
  });

  it("refuses malformed requests with 400 and the field, recording nothing", async () => {
    const token = await lookupToken();
    const before = await rowCounts();
    const cases: Array<[unknown, string]> = [
      [{ lookupToken: token, items: [{ lineItemId: "L1", quantity: 3, reason: "size_too_small" }], resolution: "refund" }, "items[0].quantity"],
      [{ lookupToken: token, items: [{ lineItemId: "NOPE", quantity: 1, reason: "other" }], resolution: "refund" }, "items[0].lineItemId"],
      [{ lookupToken: token, items: [{ lineItemId: "L1", quantity: 1, reason: "because" }], resolution: "refund" }, "items[0].reason"],
      [{ lookupToken: token, items: [{ lineItemId: "L1", quantity: 1.5, reason: "other" }], resolution: "refund" }, "items[0].quantity"],
      [{ lookupToken: token, items: [], resolution: "refund" }, "items"],
      [{ lookupToken: token, items: [{ lineItemId: "L1", quantity: 1, reason: "other" }, { lineItemId: "L1", quantity: 1, reason: "other" }], resolution: "refund" }, "items[1].lineItemId"],
      [{ lookupToken: token, items: [{ lineItemId: "L1", quantity: 1, reason: "other" }], resolution: "cash" }, "resolution"],
    ];
    for (const [body, field] of cases) {
      const response = await submit(body);
      expect(response.status, field).toBe(400);
      expect(response.body.error.code).toBe("invalid_request");
      expect(Object.keys(response.body.error.fields)).toContain(field);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses hostile bodies and tokens with the error body and writes nothing", async () => {
    const token = await lookupToken();
    const before = await rowCounts();
    const notJson = await call(createAction, proxyRequest("POST", "/returns", { shop: SHOP, rawBody: "{not json", headers: { "Content-Type": "application/json" } }));
    expect([notJson.status, notJson.body.error.code]).toEqual([400, "invalid_json"]);
    const form = await call(createAction, proxyRequest("POST", "/returns", { shop: SHOP, rawBody: "a=b", headers: { "Content-Type": "application/x-www-form-urlencoded" } }));
    expect([form.status, form.body.error.code]).toEqual([415, "unsupported_media_type"]);
    const huge = await call(createAction, proxyRequest("POST", "/returns", { shop: SHOP, rawBody: JSON.stringify({ lookupToken: token, note: "x".repeat(2 * 1024 * 1024) }), headers: { "Content-Type": "application/json" } }));
    expect([huge.status, huge.body.error.code]).toEqual([413, "payload_too_large"]);
    const tampered = await submit({ lookupToken: `${token.slice(0, -2)}xx`, items: [{ lineItemId: "L1", quantity: 1, reason: "other" }], resolution: "refund" });
    expect([tampered.status, tampered.body.error.code]).toEqual([401, "invalid_token"]);
    // A token for another order cannot return this order's items.
    const otherToken = await lookupToken("1002", "sam@example.com");
    const crossOrder = await submit({ lookupToken: otherToken, items: [{ lineItemId: "L1", quantity: 1, reason: "other" }], resolution: "refund" });
    expect(crossOrder.status).toBe(400);
    expect(crossOrder.body.error.fields["items[0].lineItemId"]).toBeDefined();
    const badKey = await submit({ lookupToken: token, items: [{ lineItemId: "L1", quantity: 1, reason: "other" }], resolution: "refund" }, { "Idempotency-Key": "has spaces\u0001" });
    expect(badKey.status).toBe(400);
    expect(await rowCounts()).toEqual(before);
  });

  it("keeps odd Unicode and SQL-looking text as text", async () => {
    const token = await lookupToken();
    const note = "Robert'); DROP TABLE return_requests;-- \u0000 naïve café 🙂 \ud800 ＜script＞";
    const { status, body } = await submit({ lookupToken: token, items: [{ lineItemId: "L1", quantity: 1, reason: "other", note }], resolution: "refund", note });
    expect(status).toBe(201);
    const stored = await db().returnRequest.findUniqueOrThrow({ where: { id: body.return.id }, include: { items: true } });
    expect(stored.note).toContain("DROP TABLE return_requests");
    expect(stored.note).toContain("naïve café 🙂");
    expect(stored.note).not.toContain("\u0000");
    expect(stored.items[0]!.note).toBe(stored.note);
  });

  it("makes one return from concurrent submits with one Idempotency-Key", async () => {
    const token = await lookupToken();
    const key = randomUUID();
    const body = { lookupToken: token, items: [{ lineItemId: "L1", quantity: 1, reason: "size_too_large" }], resolution: "refund" };
    const responses = await Promise.all(Array.from({ length: 5 }, () => submit(body, { "Idempotency-Key": key })));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.return.id)).size).toBe(1);
    expect(await db().returnRequest.count()).toBe(1);
    const again = await submit(body, { "Idempotency-Key": key });
    expect([again.status, again.body.return.id]).toEqual([200, responses[0]!.body.return.id]);
  });

  it("does not accept another store's lookup token", async () => {
    const token = await lookupToken();
    await seedDemoShop(db(), { domain: "second-store.myshopify.com", orders: ORDERS });
    const response = await call(createAction, proxyRequest("POST", "/returns", { shop: "second-store.myshopify.com", body: { lookupToken: token, items: [{ lineItemId: "L1", quantity: 1, reason: "other" }], resolution: "refund" } }));
    expect([response.status, response.body.error.code]).toEqual([401, "invalid_token"]);
    expect(await db().returnRequest.count()).toBe(0);
  });
});

describe("return status and photos", () => {
  async function createDamagedReturn() {
    const token = await lookupToken();
    const { body } = await submit({ lookupToken: token, items: [{ lineItemId: "L1", quantity: 1, reason: "damaged" }], resolution: "refund" });
    return body as { return: { id: string; status: string; decision: { reasons: Array<{ code: string }> } }; accessToken: string };
  }

  const upload = (id: string, token: string, bytes: Uint8Array, name = "photo.png", type = "image/png") => {
    const form = new FormData();
    form.set("file", new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
    return call(evidenceAction, proxyRequest("POST", `/returns/${id}/evidence`, { shop: SHOP, rawBody: form, query: { token } }), { id });
  };

  it("answers 404 for a wrong, foreign or malformed token or id", async () => {
    const first = await createDamagedReturn();
    const get = (id: string, token: string) => call(statusLoader, proxyRequest("GET", `/returns/${id}`, { shop: SHOP, query: { token } }), { id });
    const second = await createDamagedReturn().catch(() => null);
    expect((await get(first.return.id, "nonsense")).status).toBe(404);
    expect((await get("not-a-uuid", first.accessToken)).status).toBe(404);
    if (second) expect((await get(first.return.id, second.accessToken)).status).toBe(404);
    expect((await get(randomUUID(), first.accessToken)).status).toBe(404);
  });

  it("waits for photos when they are required, then approves once one arrives", async () => {
    const created = await createDamagedReturn();
    expect(created.return.decision.reasons.map((r) => r.code)).toContain("evidence_required");
    await waitForJob((await db().jobOutbox.findFirstOrThrow({ where: { name: "returns.follow-up" } })).id);
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id: created.return.id } })).status).toBe("pending_review");

    const uploaded = await upload(created.return.id, created.accessToken, PNG);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.evidence.url).toContain(`/apps/dokani/returns/${created.return.id}/evidence/`);
    await waitForJob((await db().jobOutbox.findFirstOrThrow({ where: { name: "returns.triage" }, orderBy: { createdAt: "desc" } })).id);
    const after = await call(statusLoader, proxyRequest("GET", `/returns/${created.return.id}`, { shop: SHOP, query: { token: created.accessToken } }), { id: created.return.id });
    expect(after.body.return).toMatchObject({ status: "approved", decision: { outcome: "approved" } });

    const evidenceId = uploaded.body.evidence.id as string;
    const photo = await photoLoader(routeArgs(proxyRequest("GET", `/returns/${created.return.id}/evidence/${evidenceId}`, { shop: SHOP, query: { token: created.accessToken } }), { id: created.return.id, evidenceId }));
    expect(photo.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await photo.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("refuses an 11 MB file, a script named .jpg and a missing file, storing nothing", async () => {
    const created = await createDamagedReturn();
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(PNG);
    const tooBig = await upload(created.return.id, created.accessToken, big);
    expect([tooBig.status, tooBig.body.error.code]).toEqual([413, "file_too_large"]);
    const script = await upload(created.return.id, created.accessToken, Buffer.from("<script>alert(1)</script>"), "photo.jpg", "image/jpeg");
    expect([script.status, script.body.error.code]).toEqual([415, "unsupported_media_type"]);
    const empty = await call(evidenceAction, proxyRequest("POST", `/returns/${created.return.id}/evidence`, { shop: SHOP, rawBody: new FormData(), query: { token: created.accessToken } }), { id: created.return.id });
    expect(empty.status).toBe(400);
    const wrongToken = await upload(created.return.id, "forged", PNG);
    expect(wrongToken.status).toBe(404);
    expect(await db().evidenceFile.count()).toBe(0);
  });
});
