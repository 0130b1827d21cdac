import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { db } from "../.server/db.server";
import { parseEnv, resetEnv } from "../.server/env.server";
import { DEMO_SHOP_DOMAIN } from "../.server/shops/demo-shop";
import { action, loader } from "./app.returns._index";
import { queueReturn } from "./app.returns.test-support.server";

setupTestDatabase();
beforeAll(() => resetEnv(parseEnv({ ...process.env, DOKANI_DEMO: "1" })));
afterAll(() => resetEnv());
beforeEach(async () => {
  await clearDatabase();
});

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 12, 0) - minutes * 60_000);
const load = (query = "") => loader(routeArgs(new Request(`http://127.0.0.1/app/returns${query}`)));
const orders = (data: Awaited<ReturnType<typeof load>>) => data.rows.map((r) => r.orderName);

/** The bulk action's answer, a failure read as its message and field errors together. */
async function post(fields: Record<string, string | string[]>) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  const result = await action(routeArgs(new Request("http://127.0.0.1/app/returns", { method: "POST", body })));
  return result.ok ? result : { ok: false as const, error: { message: result.error, fields: result.fields } };
}

async function demoShop() {
  return createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });
}

describe("/app/returns queue", () => {
  it("lists the shop's returns newest first with their queue columns, and none of another shop's", async () => {
    const shop = await demoShop();
    const other = await createShop();
    await queueReturn(shop.id, { orderName: "#1", createdAt: at(30), riskScore: "0.812", refundEstimate: "12.50", resolution: "store_credit" });
    await queueReturn(shop.id, { orderName: "#2", createdAt: at(10), riskScore: null });
    await queueReturn(other.id, { orderName: "#theirs", createdAt: at(5) });
    const data = await load();
    expect(data.problems).toBeNull();
    expect(orders(data)).toEqual(["#2", "#1"]);
    expect(data.rows[1]).toMatchObject({ riskScore: "0.812", riskBand: "high", refundEstimate: "12.50", currency: "USD", resolution: "store_credit", reasons: ["defective"], itemCount: 1 });
    expect(data.rows[0]).toMatchObject({ riskScore: null, riskBand: null });
  });

  it("filters by status, risk band, reason (any item), resolution and date range, and combines them", async () => {
    const shop = await demoShop();
    await queueReturn(shop.id, { orderName: "#low", riskScore: "0.399", createdAt: at(1), status: "approved" });
    await queueReturn(shop.id, { orderName: "#mid", riskScore: "0.400", createdAt: at(2), resolution: "exchange" });
    await queueReturn(shop.id, { orderName: "#high", riskScore: "0.700", createdAt: at(3), reasons: ["changed_mind", "damaged"] });
    await queueReturn(shop.id, { orderName: "#old", riskScore: "0.950", createdAt: new Date("2026-10-01T09:00:00Z"), reasons: ["damaged"], status: "denied" });

    expect(orders(await load("?status=approved"))).toEqual(["#low"]);
    expect(orders(await load("?risk=low"))).toEqual(["#low"]);
    expect(orders(await load("?risk=medium"))).toEqual(["#mid"]);
    expect(orders(await load("?risk=high"))).toEqual(["#high", "#old"]);
    expect(orders(await load("?reason=damaged"))).toEqual(["#high", "#old"]);
    expect(orders(await load("?reason=wrong_item"))).toEqual([]);
    expect(orders(await load("?resolution=exchange"))).toEqual(["#mid"]);
    expect(orders(await load("?from=2026-09-30&to=2026-10-01"))).toEqual(["#old"]);
    expect(orders(await load("?from=2026-11-20"))).toEqual(["#low", "#mid", "#high"]);
    // Full ISO 8601 times bound at the instant, both ends kept; an offset moves the instant.
    expect(orders(await load(`?from=2026-10-01T09:00:00Z&to=${encodeURIComponent("2026-10-01T10:00:00+01:00")}`))).toEqual(["#old"]);
    expect(orders(await load("?from=2026-10-01T09:00:00.001Z&to=2026-10-31T23:59:59Z"))).toEqual([]);
    expect(orders(await load("?risk=high&reason=damaged&status=denied"))).toEqual(["#old"]);
  });

  it("has saved views: needs review, high risk, and approved returns whose items are not back", async () => {
    const shop = await demoShop();
    await queueReturn(shop.id, { orderName: "#review", status: "pending_review", createdAt: at(1) });
    await queueReturn(shop.id, { orderName: "#risky", status: "denied", riskScore: "0.900", createdAt: at(2) });
    await queueReturn(shop.id, { orderName: "#waiting", status: "approved", createdAt: at(3) });
    await queueReturn(shop.id, { orderName: "#back", status: "approved", receivedAt: at(1), createdAt: at(4) });
    expect(orders(await load("?view=needs_review"))).toEqual(["#review"]);
    expect(orders(await load("?view=high_risk"))).toEqual(["#risky"]);
    expect(orders(await load("?view=awaiting_items"))).toEqual(["#waiting"]);
    // A view and a filter that disagree select nothing rather than either one.
    expect(orders(await load("?view=needs_review&status=approved"))).toEqual([]);
  });

  it("searches by exact order name (with or without #) or by email prefix, treating wildcards literally", async () => {
    const shop = await demoShop();
    await queueReturn(shop.id, { orderName: "#1001", email: "alex@example.com", createdAt: at(1) });
    await queueReturn(shop.id, { orderName: "#10010", email: "sam_b@example.com", createdAt: at(2) });
    await queueReturn(shop.id, { orderName: "#2002", email: "samuel@example.com", createdAt: at(3) });
    expect(orders(await load("?q=%231001"))).toEqual(["#1001"]);
    expect(orders(await load("?q=1001"))).toEqual(["#1001"]);
    expect(orders(await load("?q=SAM"))).toEqual(["#10010", "#2002"]);
    expect(orders(await load("?q=sam_"))).toEqual(["#10010"]);
    expect(orders(await load("?q=%25"))).toEqual([]);
    expect(orders(await load("?q=example.com"))).toEqual([]);
  });

  it("pages by keyset without overlap or gaps, forwards and back, even when times tie", async () => {
    const shop = await demoShop();
    const created = [];
    // 60 returns, every pair sharing a timestamp, so the id breaks ties.
    for (let i = 0; i < 60; i++) created.push(await queueReturn(shop.id, { orderName: `#${i}`, createdAt: at(Math.floor(i / 2)) }));
    const seen: string[] = [];
    let data = await load();
    const pages = [data];
    seen.push(...data.rows.map((r) => r.id));
    expect(data.prevCursor).toBeNull();
    while (data.nextCursor) {
      data = await load(`?after=${data.nextCursor}`);
      pages.push(data);
      seen.push(...data.rows.map((r) => r.id));
    }
    expect(pages.map((p) => p.rows.length)).toEqual([25, 25, 10]);
    expect(new Set(seen).size).toBe(60);
    const expected = [...created].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : 1)).map((r) => r.id);
    expect(seen).toEqual(expected);

    // Back from the last page gives exactly the middle page, then the first.
    const back = await load(`?before=${pages[2]!.prevCursor}`);
    expect(back.rows.map((r) => r.id)).toEqual(pages[1]!.rows.map((r) => r.id));
    const first = await load(`?before=${back.prevCursor}`);
    expect(first.rows.map((r) => r.id)).toEqual(pages[0]!.rows.map((r) => r.id));
    expect(first.prevCursor).toBeNull();
  });

  it("keeps filters across pages", async () => {
    const shop = await demoShop();
    for (let i = 0; i < 60; i++) await queueReturn(shop.id, { orderName: `#${i}`, createdAt: at(i), status: i % 2 ? "approved" : "denied" });
    const first = await load("?status=approved");
    expect(first.nextCursor).not.toBeNull();
    const second = await load(`?status=approved&after=${first.nextCursor}`);
    expect(second.problems).toBeNull();
    expect([...first.rows, ...second.rows].every((r) => r.status === "approved")).toBe(true);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(30);
    expect(second.nextCursor).toBeNull();
  });

  it("explains invalid filter values and cursors in a banner and still answers, ignoring only what was wrong", async () => {
    const shop = await demoShop();
    await queueReturn(shop.id, { orderName: "#a", status: "approved", createdAt: at(1) });
    await queueReturn(shop.id, { orderName: "#b", status: "denied", createdAt: at(2) });
    const bad = await load("?status=lost&risk=extreme&reason=boredom&resolution=cash&from=2026-13-45&to=yesterday&view=mine");
    expect(Object.keys(bad.problems ?? {}).sort()).toEqual(["from", "reason", "resolution", "risk", "status", "to", "view"]);
    expect(bad.problems!.status).toMatch(/must be one of pending_triage/);
    expect(orders(bad)).toEqual(["#a", "#b"]);

    const partly = await load("?status=denied&risk=extreme");
    expect(Object.keys(partly.problems ?? {})).toEqual(["risk"]);
    expect(orders(partly)).toEqual(["#b"]);

    const backwards = await load("?from=2026-11-20&to=2026-11-01");
    expect(backwards.problems).toEqual({ to: "must be on or after the start date" });

    const cursor = await load("?after=not-a-cursor!");
    expect(cursor.problems).toEqual({ after: "is not a page position this queue gave out" });
    expect(orders(cursor)).toEqual(["#a", "#b"]);
    const forged = await load(`?after=${Buffer.from("2026-01-01T00:00:00.000Z|'; DROP TABLE x;--").toString("base64url")}`);
    expect(forged.problems).toHaveProperty("after");
  });
});

describe("/app/returns bulk actions", () => {
  it("approves the chosen returns, reporting each one, and leaves those that cannot move unchanged", async () => {
    const shop = await demoShop();
    const other = await createShop();
    const a = await queueReturn(shop.id, { orderName: "#a", status: "pending_review" });
    const b = await queueReturn(shop.id, { orderName: "#b", status: "pending_triage" });
    const done = await queueReturn(shop.id, { orderName: "#done", status: "denied" });
    const theirs = await queueReturn(other.id, { orderName: "#theirs", status: "pending_review" });
    const result = await post({ intent: "bulk_approve", ids: [a.id, b.id, done.id, theirs.id] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.outcomes.map((o) => [o.orderName, o.ok])).toEqual([
      ["#a", true],
      ["#b", true],
      ["#done", false],
      [null, false],
    ]);
    expect(result.outcomes[2]!.message).toMatch(/can't move from denied to approved/);
    expect(result.outcomes[3]!.message).toBe("No such return.");
    const statuses = await db().returnRequest.findMany({ where: { id: { in: [a.id, b.id, done.id, theirs.id] } }, select: { id: true, status: true } });
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [a.id]: "approved", [b.id]: "approved", [done.id]: "denied", [theirs.id]: "pending_review" });
    // Each approval wrote its timeline entry; the refused ones wrote nothing.
    const audit = await db().auditLog.findMany({ where: { action: "decided.approved" }, select: { entityId: true, actorType: true } });
    expect(audit.map((r) => r.entityId).sort()).toEqual([a.id, b.id].sort());
    expect(audit.every((r) => r.actorType === "merchant")).toBe(true);
    expect(await db().auditLog.count({ where: { entityId: { in: [done.id, theirs.id] } } })).toBe(0);
  });

  it("denies with the reason the shopper reads, and refuses a bulk deny without one, writing nothing", async () => {
    const shop = await demoShop();
    const a = await queueReturn(shop.id, { orderName: "#a" });
    const refused = await post({ intent: "bulk_deny", ids: [a.id], reason: "   " });
    expect(refused).toEqual({ ok: false, error: { message: "The bulk action could not be applied.", fields: { reason: "Give the reason the shopper will read." } } });
    const missing = await post({ intent: "bulk_deny", ids: [a.id] });
    expect(missing.ok).toBe(false);
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("pending_review");
    expect(await db().auditLog.count()).toBe(0);
    expect(await db().jobOutbox.count()).toBe(0);

    const denied = await post({ intent: "bulk_deny", ids: [a.id], reason: "Worn items cannot be returned." });
    expect(denied).toMatchObject({ ok: true, outcomes: [{ id: a.id, ok: true }] });
    const row = await db().returnRequest.findUniqueOrThrow({ where: { id: a.id } });
    expect(row).toMatchObject({ status: "denied", decisionExplanation: "Worn items cannot be returned." });
    expect(await db().jobOutbox.count({ where: { name: "returns.notify" } })).toBe(1);
  });

  it("refuses malformed bulk requests with a clear error and changes nothing", async () => {
    const shop = await demoShop();
    const a = await queueReturn(shop.id);
    for (const fields of [{ intent: "bulk_approve" }, { intent: "bulk_approve", ids: ["not-a-uuid"] }, { intent: "bulk_delete", ids: [a.id] }, { ids: [a.id] }] as Array<Record<string, string | string[]>>) {
      const result = await post(fields);
      expect(result.ok).toBe(false);
    }
    expect(await post({ intent: "bulk_approve", ids: Array.from({ length: 101 }, () => a.id) })).toMatchObject({ ok: false, error: { fields: { ids: "Choose at most 100 returns at a time." } } });
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("pending_review");
    expect(await db().auditLog.count()).toBe(0);
  });
});
