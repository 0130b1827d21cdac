import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createReturn, createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { db } from "../.server/db.server";
import { parseEnv, resetEnv } from "../.server/env.server";
import { DEMO_SHOP_DOMAIN } from "../.server/shops/demo-shop";
import { action as detailAction, loader as detailLoader } from "./app.customers.$profileId";
import { action, loader } from "./app.customers._index";
import type { ResolveResult } from "../components/customers/ResolveEventModal";

setupTestDatabase();
// The demo merchant needs no Shopify login, which lets these run the real loaders and actions.
beforeAll(() => resetEnv(parseEnv({ ...process.env, DOKANI_DEMO: "1" })));
afterAll(() => resetEnv());
beforeEach(async () => {
  await clearDatabase();
});

const MISSING = "00000000-0000-4000-8000-000000000000";

function profile(shopId: string, email: string, riskScore: string, extra: { returnCount?: number; flags?: string[] } = {}) {
  return db().customerRiskProfile.create({
    data: { shopId, email, riskScore, orderCount: 4, returnCount: extra.returnCount ?? 2, deniedCount: 1, returnedValue: "123.45", flags: extra.flags ?? [], lastReturnAt: new Date("2026-11-10T10:00:00Z") },
  });
}

function securityEvent(shopId: string, email: string, options: { returnId?: string; resolved?: boolean; createdAt?: Date } = {}) {
  return db().securityEvent.create({
    data: {
      shopId,
      kind: "high_risk_return",
      severity: "high",
      customerEmail: email,
      returnId: options.returnId ?? null,
      details: { riskScore: 0.81 },
      createdAt: options.createdAt,
      ...(options.resolved ? { resolvedAt: new Date(), resolvedBy: "Someone", resolution: "legitimate" } : {}),
    },
  });
}

const get = (url: string) => loader(routeArgs(new Request(`http://127.0.0.1${url}`)));

function resolve(fields: Record<string, string>, url = "http://127.0.0.1/app/customers?index") {
  const body = new FormData();
  body.set("intent", "resolve");
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  return { url, body };
}
/** An action's answer read as the resolved event's id, or its error and field errors. */
function read(result: ResolveResult) {
  return result.ok ? { resolved: result.resolved } : { error: result.error, ...(result.fields ? { fields: result.fields } : {}) };
}
const post = async (fields: Record<string, string>) => {
  const { url, body } = resolve(fields);
  return read(await action(routeArgs(new Request(url, { method: "POST", body }))));
};

async function demoAndOther() {
  const demo = await createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });
  const other = await createShop();
  return { demo, other };
}

describe("/app/customers", () => {
  it("lists the shop's risk profiles riskiest first, with exact money, and none of another shop's", async () => {
    const { demo, other } = await demoAndOther();
    await profile(demo.id, "low@example.com", "0.100");
    await profile(demo.id, "high@example.com", "0.910", { flags: ["serial_returner"] });
    await profile(demo.id, "mid@example.com", "0.450");
    await profile(other.id, "theirs@example.com", "0.990");

    const data = await get("/app/customers");
    expect(data.tab).toBe("customers");
    expect(data.customers!.profiles.map((p) => [p.email, p.riskScore])).toEqual([
      ["high@example.com", 0.91],
      ["mid@example.com", 0.45],
      ["low@example.com", 0.1],
    ]);
    expect(data.customers!.profiles[0]).toMatchObject({ returnedValue: "123.45", flags: ["serial_returner"], orderCount: 4, deniedCount: 1 });
    expect(data.customers!.total).toBe(3);
  });

  it("searches by part of the email, case-insensitively, and treats LIKE wildcards as text", async () => {
    const { demo, other } = await demoAndOther();
    await profile(demo.id, "alex.doe@example.com", "0.2");
    await profile(demo.id, "sam@shop.test", "0.3");
    await profile(other.id, "alex.other@example.com", "0.9");

    expect((await get("/app/customers?q=ALEX")).customers!.profiles.map((p) => p.email)).toEqual(["alex.doe@example.com"]);
    expect((await get("/app/customers?q=%25")).customers!.profiles).toEqual([]);
    expect((await get("/app/customers?q=_")).customers!.profiles).toEqual([]);
    expect((await get("/app/customers?q=x.doe")).customers!.profiles.map((p) => p.email)).toEqual(["alex.doe@example.com"]);
    expect((await get("/app/customers?q=nobody")).customers!.total).toBe(0);
  });

  it("pages through 25 at a time, and a malformed page falls back to the first", async () => {
    const { demo } = await demoAndOther();
    for (let i = 0; i < 27; i++) await profile(demo.id, `c${String(i).padStart(2, "0")}@example.com`, (i / 100).toFixed(3));

    const first = await get("/app/customers");
    expect(first.customers!.profiles).toHaveLength(25);
    expect(first.customers!).toMatchObject({ page: 1, pageCount: 2, hasNext: true, hasPrevious: false });
    expect(first.customers!.profiles[0]!.email).toBe("c26@example.com");

    const second = await get("/app/customers?page=2");
    expect(second.customers!.profiles.map((p) => p.email)).toEqual(["c01@example.com", "c00@example.com"]);
    expect(second.customers!).toMatchObject({ hasNext: false, hasPrevious: true });

    expect((await get("/app/customers?page=-3")).customers!.page).toBe(1);
    expect((await get("/app/customers?page=abc")).customers!.page).toBe(1);
  });

  it("lists security events open, resolved or all, newest first, with the customer's profile linked, and none of another shop's", async () => {
    const { demo, other } = await demoAndOther();
    const known = await profile(demo.id, "risky@example.com", "0.8");
    const older = await securityEvent(demo.id, "risky@example.com", { createdAt: new Date("2026-11-01T00:00:00Z") });
    const newer = await securityEvent(demo.id, "someone@example.com", { createdAt: new Date("2026-11-02T00:00:00Z") });
    const resolved = await securityEvent(demo.id, "risky@example.com", { resolved: true });
    await securityEvent(other.id, "risky@example.com");

    const open = await get("/app/customers?tab=events");
    expect(open.openEvents).toBe(2);
    expect(open.events!.events.map((e) => e.id)).toEqual([newer.id, older.id]);
    expect(open.events!.events[1]).toMatchObject({ customerProfileId: known.id, severity: "high", kind: "high_risk_return" });
    expect(open.events!.events[0]!.customerProfileId).toBeNull();

    expect((await get("/app/customers?tab=events&status=resolved")).events!.events.map((e) => e.id)).toEqual([resolved.id]);
    expect((await get("/app/customers?tab=events&status=all")).events!.total).toBe(3);
    expect((await get("/app/customers?tab=events&status=bogus")).events!.status).toBe("open");
  });
});

describe("resolving a security event", () => {
  it("records when, by whom and how, with an audit row", async () => {
    const { demo } = await demoAndOther();
    const event = await securityEvent(demo.id, "risky@example.com");

    expect(await post({ eventId: event.id, resolution: "fraud_confirmed", note: "  Same photos as last month  " })).toEqual({ resolved: event.id });
    const row = await db().securityEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(row).toMatchObject({ resolution: "fraud_confirmed", resolvedBy: "Demo merchant" });
    expect(row.resolvedAt).toBeInstanceOf(Date);
    expect(row.details).toMatchObject({ riskScore: 0.81, resolutionNote: "Same photos as last month" });
    const audit = await db().auditLog.findMany({ where: { entityType: "security_event", entityId: event.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "resolved", actorType: "merchant", actorId: "demo", data: { resolution: "fraud_confirmed", note: "Same photos as last month" } });

    const listed = await get("/app/customers?tab=events&status=resolved");
    expect(listed.events!.events[0]).toMatchObject({ resolution: "fraud_confirmed", resolutionNote: "Same photos as last month" });
  });

  it("refuses a second resolution without touching the first", async () => {
    const { demo } = await demoAndOther();
    const event = await securityEvent(demo.id, "risky@example.com");
    await post({ eventId: event.id, resolution: "legitimate" });
    const first = await db().securityEvent.findUniqueOrThrow({ where: { id: event.id } });

    expect(await post({ eventId: event.id, resolution: "fraud_confirmed" })).toEqual({ error: "This security event is already resolved." });
    expect(await db().securityEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(first);
    expect(await db().auditLog.count({ where: { entityId: event.id } })).toBe(1);
  });

  it("gives field errors for a missing or unknown resolution or an overlong note, and writes nothing", async () => {
    const { demo } = await demoAndOther();
    const event = await securityEvent(demo.id, "risky@example.com");

    const missing = await post({ eventId: event.id });
    expect(missing).toMatchObject({ fields: { resolution: "Choose how this event was resolved." } });
    const unknown = await post({ eventId: event.id, resolution: "delete_everything" });
    expect(unknown).toMatchObject({ fields: { resolution: expect.any(String) } });
    const long = await post({ eventId: event.id, resolution: "legitimate", note: "x".repeat(1001) });
    expect(long).toMatchObject({ fields: { note: "must be at most 1000 characters" } });
    expect(await post({ eventId: "not-a-uuid", resolution: "legitimate" })).toEqual({ error: "No such security event." });

    expect((await db().securityEvent.findUniqueOrThrow({ where: { id: event.id } })).resolvedAt).toBeNull();
    expect(await db().auditLog.count()).toBe(0);
  });

  it("answers another shop's event exactly like a missing one, and leaves it open", async () => {
    const { other } = await demoAndOther();
    const theirs = await securityEvent(other.id, "risky@example.com");

    const foreign = await post({ eventId: theirs.id, resolution: "legitimate" });
    expect(foreign).toEqual(await post({ eventId: MISSING, resolution: "legitimate" }));
    expect(foreign).toEqual({ error: "No such security event." });
    expect((await db().securityEvent.findUniqueOrThrow({ where: { id: theirs.id } })).resolvedAt).toBeNull();
    expect(await db().auditLog.count()).toBe(0);
  });
});

describe("/app/customers/:profileId", () => {
  it("shows the profile, the customer's returns at this shop only, and their security events", async () => {
    const { demo, other } = await demoAndOther();
    const mine = await profile(demo.id, "alex@example.com", "0.720");
    const ret = await createReturn(demo.id, "alex@example.com");
    await createReturn(demo.id, "someone-else@example.com");
    await createReturn(other.id, "alex@example.com");
    const event = await securityEvent(demo.id, "alex@example.com", { returnId: ret.id });
    await securityEvent(other.id, "alex@example.com");

    const data = await detailLoader(routeArgs(new Request(`http://127.0.0.1/app/customers/${mine.id}`), { profileId: mine.id }));
    expect(data.profile).toMatchObject({ email: "alex@example.com", riskScore: 0.72, returnedValue: "123.45" });
    expect(data.returns.map((r) => [r.id, r.orderName, r.refundEstimate])).toEqual([[ret.id, "#1001", "0.00"]]);
    expect(data.events.map((e) => [e.id, e.returnId, e.returnOrderName])).toEqual([[event.id, ret.id, "#1001"]]);
  });

  it("answers 404 for another shop's profile, a missing one and a malformed id alike", async () => {
    const { other } = await demoAndOther();
    const theirs = await profile(other.id, "alex@example.com", "0.5");
    for (const id of [theirs.id, MISSING, "../../etc"]) {
      const thrown = await detailLoader(routeArgs(new Request(`http://127.0.0.1/app/customers/${id}`), { profileId: id })).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(404);
      expect(await (thrown as Response).text()).toBe("No such customer.");
    }
  });

  it("resolves only this customer's events from the profile page", async () => {
    const { demo } = await demoAndOther();
    const mine = await profile(demo.id, "alex@example.com", "0.5");
    const own = await securityEvent(demo.id, "alex@example.com");
    const someoneElses = await securityEvent(demo.id, "sam@example.com");
    const post = (eventId: string) => {
      const body = new FormData();
      body.set("intent", "resolve");
      body.set("eventId", eventId);
      body.set("resolution", "legitimate");
      return detailAction(routeArgs(new Request(`http://127.0.0.1/app/customers/${mine.id}`, { method: "POST", body }), { profileId: mine.id })).then(read);
    };
    expect(await post(someoneElses.id)).toEqual({ error: "No such security event." });
    expect(await post(own.id)).toEqual({ resolved: own.id });
    expect((await db().securityEvent.findUniqueOrThrow({ where: { id: someoneElses.id } })).resolvedAt).toBeNull();
  });
});
