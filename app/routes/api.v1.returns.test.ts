import { beforeEach, describe, expect, it } from "vitest";
import { createReturn, createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { MerchantReturnDetailSchema, MerchantReturnSchema, ReturnListSchema } from "../.server/api/schemas";
import { createApiKey } from "../.server/api-keys/create-api-key";
import { db } from "../.server/db.server";
import type { ReturnStatus } from "../.server/returns/types";
import { action as approve, loader as getApprove } from "./api.v1.returns.$id.approve";
import { action as complete } from "./api.v1.returns.$id.complete";
import { action as deny } from "./api.v1.returns.$id.deny";
import { loader as getReturn } from "./api.v1.returns.$id";
import { action as postList, loader as list } from "./api.v1.returns";

setupTestDatabase();
beforeEach(async () => {
  await clearDatabase();
});

const BASE = "http://127.0.0.1";
const MISSING_ID = "00000000-0000-4000-8000-000000000000";

function get(path: string, key?: string, headers: Record<string, string> = {}) {
  return new Request(`${BASE}${path}`, { headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } });
}

function post(path: string, key: string, body?: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  return new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, ...(text === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: text,
  });
}

async function read(response: Response) {
  return { status: response.status, body: await response.json(), headers: response.headers };
}

async function merchant(name = "Warehouse") {
  const shop = await createShop();
  const { key, id } = await createApiKey(db(), shop.id, { name });
  return { shop, key, keyId: id };
}

/** A return of the factory's shape at a chosen time, status and refund estimate. */
async function returnAt(shopId: string, createdAt: Date, options: { status?: ReturnStatus; refundEstimate?: string } = {}) {
  const row = await createReturn(shopId, "alex@example.com");
  return db().returnRequest.update({
    where: { id: row.id },
    data: { createdAt, status: options.status ?? "pending_review", refundEstimate: options.refundEstimate ?? "49.00", riskScore: "0.250", policyVersion: 3 },
  });
}

const listPage = (key: string, query: string) => list(routeArgs(get(`/api/v1/returns${query}`, key)));
const returnById = (key: string, id: string) => getReturn(routeArgs(get(`/api/v1/returns/${id}`, key), { id }));
const approveById = (key: string, id: string, body?: unknown, headers?: Record<string, string>) =>
  approve(routeArgs(post(`/api/v1/returns/${id}/approve`, key, body, headers), { id }));
const denyById = (key: string, id: string, body?: unknown) => deny(routeArgs(post(`/api/v1/returns/${id}/deny`, key, body), { id }));
const completeById = (key: string, id: string, body?: unknown) => complete(routeArgs(post(`/api/v1/returns/${id}/complete`, key, body), { id }));

describe("API key authentication", () => {
  it("answers 401 with the error body for a missing, malformed, unknown or revoked key", async () => {
    const { shop, key, keyId } = await merchant();
    await returnAt(shop.id, new Date());

    const missing = await read(await list(routeArgs(get("/api/v1/returns"))));
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ error: { code: "unauthorized", message: expect.stringContaining("Authorization: Bearer") } });
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);

    const refused = [
      get("/api/v1/returns", undefined, { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` }),
      get("/api/v1/returns", undefined, { authorization: "Bearer" }),
      get("/api/v1/returns", "not-a-dokani-key"),
      get("/api/v1/returns", `dk_${"0".repeat(40)}`),
      get("/api/v1/returns", `${key}x`),
    ];
    await db().apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() } });
    refused.push(get("/api/v1/returns", key));

    const bodies = await Promise.all(refused.map(async (request) => read(await list(routeArgs(request)))));
    for (const answer of bodies) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: { code: "unauthorized", message: "This API key is not valid. Check it, or create a new one in the Dokani admin." } });
    }
  });

  it("refuses the key of a shop that uninstalled the app", async () => {
    const { shop, key } = await merchant();
    expect((await listPage(key, "")).status).toBe(200);
    await db().shop.update({ where: { id: shop.id }, data: { uninstalledAt: new Date() } });
    expect((await read(await listPage(key, ""))).body.error.code).toBe("unauthorized");
  });

  it("records when a key was last used, at most once a minute", async () => {
    const { key, keyId } = await merchant();
    const lastUsed = async () => (await db().apiKey.findUniqueOrThrow({ where: { id: keyId } })).lastUsedAt;
    expect(await lastUsed()).toBeNull();

    await listPage(key, "");
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);

    const recent = new Date(Date.now() - 30_000);
    await db().apiKey.update({ where: { id: keyId }, data: { lastUsedAt: recent } });
    await listPage(key, "");
    expect(await lastUsed()).toEqual(recent);

    const old = new Date(Date.now() - 120_000);
    await db().apiKey.update({ where: { id: keyId }, data: { lastUsedAt: old } });
    await listPage(key, "");
    expect((await lastUsed())!.getTime()).toBeGreaterThan(old.getTime() + 60_000);
  });

  it("answers another shop's return exactly like a missing one, and a non-UUID id the same way", async () => {
    const a = await merchant();
    const b = await merchant();
    const theirs = await returnAt(b.shop.id, new Date());

    const foreign = await read(await returnById(a.key, theirs.id));
    const missing = await read(await returnById(a.key, MISSING_ID));
    const malformed = await read(await returnById(a.key, "1%27%20OR%201=1"));
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect(malformed).toMatchObject({ status: 404, body: missing.body });
    expect(missing.body).toEqual({ error: { code: "not_found", message: "No such return." } });

    const list = await read(await listPage(a.key, ""));
    expect(list.body.data).toEqual([]);
  });
});

describe("GET /api/v1/returns", () => {
  it("pages through every return once, newest first, in pages of 7, ties broken by id", async () => {
    const { shop, key } = await merchant();
    const other = await merchant();
    await returnAt(other.shop.id, new Date("2026-11-10T12:00:00.000Z"));
    const shared = new Date("2026-11-10T12:00:00.000Z");
    const rows = [];
    for (let i = 0; i < 30; i += 1) {
      // Every third return shares one instant, so the id must break ties on page boundaries.
      const createdAt = i % 3 === 0 ? shared : new Date(shared.getTime() - (i + 1) * 60_000);
      rows.push(await returnAt(shop.id, createdAt));
    }
    const expected = rows
      .toSorted((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0))
      .map((r) => r.id);

    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await read(await listPage(key, `?limit=7${cursor ? `&cursor=${cursor}` : ""}`));
      expect(page.status).toBe(200);
      ReturnListSchema.parse(page.body);
      sizes.push(page.body.data.length);
      seen.push(...page.body.data.map((r: { id: string }) => r.id));
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(sizes).toEqual([7, 7, 7, 7, 2]);
    expect(seen).toEqual(expected);
  });

  it("answers each return as a ReturnView with the customer, risk and policy version", async () => {
    const { shop, key } = await merchant();
    const row = await returnAt(shop.id, new Date("2026-11-10T12:00:00.000Z"));
    const { body } = await read(await listPage(key, ""));
    expect(body.nextCursor).toBeNull();
    expect(body.data).toHaveLength(1);
    const item = MerchantReturnSchema.parse(body.data[0]);
    expect(item).toEqual({
      id: row.id,
      orderName: "#1001",
      status: "pending_review",
      resolution: "refund",
      items: [{ lineItemId: "9001", title: "Linen Shirt", quantity: 1, reason: "defective", condition: null, exchangeFor: null }],
      decision: { outcome: "pending", reasons: [], explanation: "" },
      exchange: null,
      refundEstimate: { amount: "49.00", currency: "USD" },
      reference: `R-${row.id.replace(/-/g, "").slice(0, 8).toUpperCase()}`,
      nextStep: null,
      createdAt: "2026-11-10T12:00:00.000Z",
      updatedAt: row.updatedAt.toISOString(),
      customerEmail: "alex@example.com",
      risk: { score: 0.25, factors: [] },
      policyVersion: 3,
    });
  });

  it("filters by status, paging within it", async () => {
    const { shop, key } = await merchant();
    const approved = [];
    for (let i = 0; i < 5; i += 1) {
      approved.push(await returnAt(shop.id, new Date(Date.UTC(2026, 10, 10, 12, i)), { status: "approved" }));
      await returnAt(shop.id, new Date(Date.UTC(2026, 10, 10, 13, i)), { status: "denied" });
    }
    const first = await read(await listPage(key, "?status=approved&limit=3"));
    const second = await read(await listPage(key, `?status=approved&limit=3&cursor=${first.body.nextCursor}`));
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.data, ...second.body.data].map((r: { id: string; status: string }) => [r.id, r.status]);
    expect(ids).toEqual(approved.toReversed().map((r) => [r.id, "approved"]));
  });

  it("filters by customer email in any case, by order name with or without its #, and pages within a filter", async () => {
    const { shop, key } = await merchant();
    const sam = [];
    for (let i = 0; i < 3; i += 1) {
      const row = await createReturn(shop.id, "sam@example.com");
      sam.push(await db().returnRequest.update({ where: { id: row.id }, data: { createdAt: new Date(Date.UTC(2026, 10, 10, 12, i)), orderName: `#20${i}` } }));
    }
    await returnAt(shop.id, new Date("2026-11-10T14:00:00.000Z"));
    const other = await merchant();
    await createReturn(other.shop.id, "sam@example.com");

    const first = await read(await listPage(key, "?email=Sam%40Example.COM&limit=2"));
    expect(first.status).toBe(200);
    const second = await read(await listPage(key, `?email=Sam%40Example.COM&limit=2&cursor=${first.body.nextCursor}`));
    expect([...first.body.data, ...second.body.data].map((r: { id: string }) => r.id)).toEqual(sam.toReversed().map((r) => r.id));
    expect(second.body.nextCursor).toBeNull();

    for (const order of ["%23201", "201"]) {
      const byOrder = await read(await listPage(key, `?order=${order}`));
      expect(byOrder.body.data.map((r: { id: string; orderName: string }) => [r.id, r.orderName])).toEqual([[sam[1]!.id, "#201"]]);
    }
    const both = await read(await listPage(key, "?order=1001&email=alex%40example.com"));
    expect(both.body.data).toHaveLength(1);
    expect((await read(await listPage(key, "?order=999"))).body.data).toEqual([]);
  });

  it("filters by a date range, whole UTC days or full ISO 8601 times with offsets, both ends included", async () => {
    const { shop, key } = await merchant();
    const at = async (iso: string) => (await returnAt(shop.id, new Date(iso))).id;
    const early = await at("2026-11-09T23:59:59.000Z");
    const morning = await at("2026-11-10T00:00:00.000Z");
    const noon = await at("2026-11-10T12:00:00.000Z");
    const lastMinute = await at("2026-11-11T23:59:00.000Z");
    const later = await at("2026-11-12T00:00:00.000Z");
    const ids = async (query: string) => {
      const answer = await read(await listPage(key, query));
      expect(answer.status, query).toBe(200);
      return answer.body.data.map((r: { id: string }) => r.id);
    };

    expect(await ids("?from=2026-11-10&to=2026-11-11")).toEqual([lastMinute, noon, morning]);
    expect(await ids("?from=2026-11-10")).toEqual([later, lastMinute, noon, morning]);
    expect(await ids("?to=2026-11-09")).toEqual([early]);
    expect(await ids("?from=2026-11-10T12:00:00Z&to=2026-11-11T23:59:00.000Z")).toEqual([lastMinute, noon]);
    // 13:00 in UTC+01:00 is noon UTC; a `+` the client did not escape arrives as a space and still counts.
    expect(await ids(`?from=${encodeURIComponent("2026-11-10T13:00:00+01:00")}&to=2026-11-10T13:00:00+01:00`)).toEqual([noon]);
    expect(await ids("?from=2026-11-09T23:00:00-01:00&to=2026-11-10T00:00:00Z")).toEqual([morning]);
  });

  it("answers 400 naming the field for a bound that is neither a date nor a full time, or a reversed range", async () => {
    const { key } = await merchant();
    const cases: Array<[string, string]> = [
      ["?from=yesterday", "from"],
      ["?to=2026-02-30", "to"],
      ["?from=2026-11-10T12:00", "from"],
      ["?to=2026-11-10T25:00:00Z", "to"],
      ["?from=2026-11-12&to=2026-11-10", "to"],
      ["?from=2026-11-10T12:00:00Z&to=2026-11-10T11:59:59Z", "to"],
      [`?email=${"a".repeat(400)}`, "email"],
      [`?order=${"1".repeat(101)}`, "order"],
    ];
    for (const [query, field] of cases) {
      const answer = await read(await listPage(key, query));
      expect(answer.status, query).toBe(400);
      expect(answer.body.error, query).toMatchObject({ code: "invalid_request", fields: { [field]: expect.any(String) } });
    }
  });

  it("answers 400 with the field for a bad limit, cursor or status, whatever their size", async () => {
    const { key } = await merchant();
    for (const limit of ["0", "101", "abc", "1.5", "-3", "", "99999999999999999999999"]) {
      const answer = await read(await listPage(key, `?limit=${encodeURIComponent(limit)}`));
      expect(answer.status).toBe(400);
      expect(answer.body.error).toEqual({ code: "invalid_request", message: expect.any(String), fields: { limit: "must be a whole number from 1 to 100" } });
    }
    const garbage = [
      "garbage!!",
      Buffer.from("2026-11-10T12:00:00.000Z|not-a-uuid").toString("base64url"),
      Buffer.from(`yesterday|${MISSING_ID}`).toString("base64url"),
      Buffer.from(`2026-02-30T12:00:00.000Z|${MISSING_ID}`).toString("base64url"),
      "A".repeat(5000),
    ];
    for (const cursor of garbage) {
      const answer = await read(await listPage(key, `?cursor=${encodeURIComponent(cursor)}`));
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: "invalid_request", fields: { cursor: expect.any(String) } });
    }
    const status = await read(await listPage(key, "?status=lost"));
    expect(status.status).toBe(400);
    expect(Object.keys(status.body.error.fields)).toEqual(["status"]);
  });

  it("serves only GET", async () => {
    const { key } = await merchant();
    const answer = await read(await postList(routeArgs(post("/api/v1/returns", key, {}))));
    expect(answer.status).toBe(405);
    expect(answer.body.error.code).toBe("method_not_allowed");
  });
});

describe("GET /api/v1/returns/{id}", () => {
  it("answers the return with its timeline, sync state and recommendation", async () => {
    const { shop, key } = await merchant();
    const row = await returnAt(shop.id, new Date("2026-11-10T12:00:00.000Z"));
    const recommendation = { action: "approve", reasoning: "Photo shows the defect", confidence: 0.8, source: "rules" };
    await db().returnRequest.update({ where: { id: row.id }, data: { aiRecommendation: recommendation, syncStatus: "failed", syncError: "Shopify timed out" } });

    const { status, body } = await read(await returnById(key, row.id.toUpperCase()));
    expect(status).toBe(200);
    const detail = MerchantReturnDetailSchema.parse(body);
    expect(detail).toMatchObject({ id: row.id, aiRecommendation: recommendation, syncStatus: "failed", syncError: "Shopify timed out", refunded: null });
    expect(detail.timeline).toEqual([
      { at: expect.any(String), action: "created", actor: { type: "shopper", id: "alex@example.com", name: null }, message: null },
    ]);
  });
});

describe("POST /api/v1/returns/{id}/approve, /deny, /complete", () => {
  it("approves once, then answers 409 invalid_transition, with the key as the actor in the timeline", async () => {
    const { shop, key, keyId } = await merchant("ERP sync");
    const row = await returnAt(shop.id, new Date());

    const approved = await read(await approveById(key, row.id, { note: "Photo checks out" }));
    expect(approved.status).toBe(200);
    const detail = MerchantReturnDetailSchema.parse(approved.body);
    expect(detail).toMatchObject({ id: row.id, status: "approved", decision: { outcome: "approved" }, syncStatus: "pending" });
    expect(detail.timeline.at(-1)).toMatchObject({ action: "decided.approved", actor: { type: "api", id: keyId, name: "ERP sync" }, message: "Photo checks out" });

    const again = await read(await approveById(key, row.id, {}));
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({ code: "invalid_transition", message: expect.stringContaining("approved") });
  });

  it("takes an empty body, with or without a content type, but refuses malformed JSON and changes nothing", async () => {
    const { shop, key } = await merchant();
    const first = await returnAt(shop.id, new Date());
    const second = await returnAt(shop.id, new Date());
    const third = await returnAt(shop.id, new Date());

    const malformed = await read(await approveById(key, first.id, "{not json"));
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
    const wrongType = await read(await approveById(key, first.id, "note=hi", { "content-type": "application/x-www-form-urlencoded" }));
    expect(wrongType).toMatchObject({ status: 415, body: { error: { code: "unsupported_media_type" } } });
    const wrongNote = await read(await approveById(key, first.id, { note: 42 }));
    expect(wrongNote).toMatchObject({ status: 400, body: { error: { code: "invalid_request", fields: { note: "must be text" } } } });
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("pending_review");

    expect((await approveById(key, first.id)).status).toBe(200);
    expect((await approveById(key, second.id, "", { "content-type": "application/json" })).status).toBe(200);
    expect((await approveById(key, third.id, "   ")).status).toBe(200);
  });

  it("denies with a reason the shopper sees, and requires that reason", async () => {
    const { shop, key } = await merchant();
    const row = await returnAt(shop.id, new Date());

    for (const body of [undefined, {}, { reason: "   " }, { note: "no reason" }]) {
      const refused = await read(await denyById(key, row.id, body));
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: "invalid_request", fields: { reason: "is required" } });
    }
    const tooLong = await read(await denyById(key, row.id, { reason: "x".repeat(501) }));
    expect(tooLong.body.error.fields).toEqual({ reason: "must be at most 500 characters" });

    const denied = await read(await denyById(key, row.id, { reason: "Worn after the return window", note: "checked with the warehouse" }));
    expect(denied.status).toBe(200);
    expect(denied.body).toMatchObject({
      status: "denied",
      decision: { outcome: "denied", explanation: "Worn after the return window", reasons: [{ code: "merchant_decision", message: "Worn after the return window" }] },
    });
    expect((await read(await approveById(key, row.id))).body.error.code).toBe("invalid_transition");
  });

  it("completes an approved return with the refund recorded, and refuses to complete one not approved", async () => {
    const { shop, key } = await merchant();
    const row = await returnAt(shop.id, new Date(), { refundEstimate: "44.10" });

    const early = await read(await completeById(key, row.id));
    expect(early).toMatchObject({ status: 409, body: { error: { code: "invalid_transition" } } });

    await approveById(key, row.id);
    const completed = await read(await completeById(key, row.id, { note: "Parcel received" }));
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: "completed", refunded: { amount: "44.10", currency: "USD" } });
    expect(completed.body.timeline.map((t: { action: string }) => t.action)).toEqual(["created", "decided.approved", "completed"]);
    const stored = await db().returnRequest.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.refundedAmount?.toFixed(2)).toBe("44.10");
    expect(stored.completedAt).toBeInstanceOf(Date);
  });

  it("answers 404 for another shop's return or a non-UUID id, and leaves that return alone", async () => {
    const a = await merchant();
    const b = await merchant();
    const theirs = await returnAt(b.shop.id, new Date());
    const missing = await read(await approveById(a.key, MISSING_ID));

    for (const answer of [await approveById(a.key, theirs.id), await denyById(a.key, theirs.id, { reason: "no" }), await completeById(a.key, theirs.id)]) {
      expect(await read(answer)).toMatchObject({ status: 404, body: missing.body });
    }
    expect(await read(await approveById(a.key, "123"))).toMatchObject({ status: 404, body: missing.body });
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("pending_review");
  });

  it("serves only POST", async () => {
    const { shop, key } = await merchant();
    const row = await returnAt(shop.id, new Date());
    const answer = await getApprove(routeArgs(get(`/api/v1/returns/${row.id}/approve`, key), { id: row.id }));
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("POST");
  });
});
