import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createReturn, createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { db } from "../.server/db.server";
import { parseEnv, resetEnv } from "../.server/env.server";
import { sendReturnEmail } from "../.server/notifications/send-return-email.server";
import { DEMO_SHOP_DOMAIN } from "../.server/shops/demo-shop";
import { action, loader } from "./app.returns.$id";
import { loader as evidence } from "./app.returns.$id.evidence.$evidenceId";
import { queueReturn } from "./app.returns.test-support.server";

setupTestDatabase();
beforeAll(() => resetEnv(parseEnv({ ...process.env, DOKANI_DEMO: "1" })));
afterAll(() => resetEnv());
beforeEach(async () => {
  await clearDatabase();
});

const MISSING = "00000000-0000-4000-8000-000000000000";
const url = (id: string) => `http://127.0.0.1/app/returns/${id}`;
const load = (id: string) => loader(routeArgs(new Request(url(id)), { id }));
/** The action's answer, a failure's banner text read as `message` like a success's toast. */
async function act(id: string, fields: Record<string, string>) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  const result = await action(routeArgs(new Request(url(id), { method: "POST", body }), { id }));
  if (result.ok) return result;
  const { error, ...rest } = result;
  return { ...rest, message: error };
}

/** What a loader or action threw, or null when it answered. */
async function thrown(promise: Promise<unknown>): Promise<Response | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

async function notFoundAnswer(promise: Promise<unknown>) {
  const response = await thrown(promise);
  expect(response).toBeInstanceOf(Response);
  return { status: response!.status, body: await response!.text() };
}

const demoShop = () => createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });
const timeline = async (id: string) => (await db().auditLog.findMany({ where: { entityId: id }, orderBy: { createdAt: "asc" } })).map((r) => [r.action, r.actorType, r.message]);

const INTENTS: Array<Record<string, string>> = [
  { intent: "approve" },
  { intent: "deny", reason: "Worn" },
  { intent: "request_info", question: "Could you send a photo of the label?" },
  { intent: "mark_received" },
  { intent: "complete", confirmedAmount: "49.00" },
  { intent: "add_note", note: "Called the shopper" },
];

describe("/app/returns/:id loader", () => {
  it("shows the return: items with prices, photos, decision, risk factors, advice, policy, history and timeline", async () => {
    const shop = await demoShop();
    const row = await createReturn(shop.id, "alex@example.com", { withPhoto: true });
    await db().returnRequest.update({
      where: { id: row.id },
      data: {
        riskScore: "0.455",
        riskFactors: [{ code: "return_rate", label: "Returns often", contribution: 0.3, detail: "4 of 5 orders returned" }, { code: "late", label: "Late in the window", contribution: 0.155 }],
        aiRecommendation: { action: "request_info", reasoning: "The photo does not show the seam.", confidence: 0.7, source: "rules" },
        policyVersion: 3,
        decisionReasons: [{ code: "evidence_required", message: "Photos are needed for defects." }],
      },
    });
    const past = await queueReturn(shop.id, { orderName: "#900", email: "alex@example.com", createdAt: new Date("2026-01-01T00:00:00Z"), status: "completed" });
    await queueReturn(shop.id, { orderName: "#901", email: "someone@example.com" });
    await db().customerRiskProfile.create({ data: { shopId: shop.id, email: "alex@example.com", orderCount: 5, returnCount: 2, deniedCount: 0, returnedValue: "49.00", riskScore: "0.455", flags: ["serial_returner"] } });
    const { detail } = await load(row.id);
    expect(detail.items).toEqual([expect.objectContaining({ title: "Linen Shirt", quantity: 1, unitPrice: "49.00", reason: "defective", note: "see photo" })]);
    expect(detail.note).toBe("The seams came apart after one wash");
    expect(detail.evidence).toHaveLength(1);
    expect(detail.risk).toMatchObject({ score: "0.455", band: "medium" });
    expect(detail.risk.factors.map((f) => [f.label, f.contribution])).toEqual([["Returns often", 0.3], ["Late in the window", 0.155]]);
    expect(detail.recommendation).toMatchObject({ action: "request_info", reasoning: "The photo does not show the seam." });
    expect(detail.policyVersion).toBe(3);
    expect(detail.decision.reasons).toEqual([{ code: "evidence_required", message: "Photos are needed for defects." }]);
    expect(detail.history.pastReturns.map((r) => r.id)).toEqual([past.id]);
    expect(detail.history.profile).toMatchObject({ returnCount: 2, orderCount: 5, returnedValue: "49.00", flags: ["serial_returner"] });
    expect(detail.timeline.map((e) => [e.action, e.actor.type])).toEqual([["created", "shopper"]]);
  });

  it("answers 404 alike for another shop's return, a missing one and a malformed id", async () => {
    await demoShop();
    const other = await createShop();
    const theirs = await createReturn(other.id, "sam@example.com");
    const foreign = await notFoundAnswer(load(theirs.id));
    expect(foreign).toEqual({ status: 404, body: "No such return." });
    expect(await notFoundAnswer(load(MISSING))).toEqual(foreign);
    expect(await notFoundAnswer(load("1; DROP TABLE return_requests"))).toEqual(foreign);
  });
});

describe("/app/returns/:id actions", () => {
  it("approves a return in review, with the timeline entry, the platform sync and the shopper's email queued", async () => {
    const shop = await demoShop();
    const row = await createReturn(shop.id, "alex@example.com");
    expect(await act(row.id, { intent: "approve", note: "" })).toEqual({ ok: true, intent: "approve", message: "Return approved" });
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("approved");
    expect(await timeline(row.id)).toEqual([
      ["created", "shopper", null],
      ["decided.approved", "merchant", null],
    ]);
    expect((await db().jobOutbox.findMany({ where: { name: { startsWith: "returns." } }, orderBy: { name: "asc" } })).map((j) => j.name)).toEqual(["returns.notify", "returns.sync"]);
    // Approving twice is refused with the state machine's words, for the critical banner.
    const again = await act(row.id, { intent: "approve" });
    expect(again).toMatchObject({ ok: false, intent: "approve", message: expect.stringMatching(/can't move from approved to approved/) });
  });

  it("denies only with a reason: without one it is a field error and nothing is written", async () => {
    const shop = await demoShop();
    const row = await createReturn(shop.id, "alex@example.com");
    for (const fields of [{ intent: "deny" }, { intent: "deny", reason: "   " }] as Array<Record<string, string>>) {
      expect(await act(row.id, fields)).toEqual({ ok: false, intent: "deny", message: "Some fields are missing or invalid.", fields: { reason: "Give the reason the shopper will read." } });
    }
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("pending_review");
    expect(await db().auditLog.count({ where: { action: { not: "created" } } })).toBe(0);
    expect(await db().jobOutbox.count()).toBe(0);

    expect(await act(row.id, { intent: "deny", reason: "The item was worn." })).toMatchObject({ ok: true });
    const denied = await db().returnRequest.findUniqueOrThrow({ where: { id: row.id } });
    expect(denied).toMatchObject({ status: "denied", decisionExplanation: "The item was worn." });
    expect((await timeline(row.id)).at(-1)).toEqual(["decided.denied", "merchant", "The item was worn."]);
  });

  it("asks the shopper a question by email, records it, and leaves the return in review", async () => {
    const shop = await demoShop();
    const row = await createReturn(shop.id, "alex@example.com");
    expect(await act(row.id, { intent: "request_info", question: "" })).toMatchObject({ ok: false, fields: { question: "Write the question for the shopper." } });
    expect(await act(row.id, { intent: "request_info", question: "Could you send a photo of the label?" })).toMatchObject({ ok: true, message: "Question sent to the shopper" });
    expect(await act(row.id, { intent: "request_info", question: "And the receipt?" })).toMatchObject({ ok: true });
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("pending_review");
    expect((await timeline(row.id)).slice(1)).toEqual([
      ["info_requested", "merchant", "Could you send a photo of the label?"],
      ["info_requested", "merchant", "And the receipt?"],
    ]);
    // The notify jobs carry each question; running them emails each once, however often they run.
    const jobs = await db().jobOutbox.findMany({ where: { name: "returns.notify" }, orderBy: { createdAt: "asc" } });
    expect(jobs).toHaveLength(2);
    for (const job of [...jobs, ...jobs]) {
      const payload = job.payload as { returnId: string; event: "info_requested"; question: { id: string; text: string } };
      await sendReturnEmail(db(), payload.returnId, payload.event, payload.question);
    }
    const emails = await db().emailMessage.findMany({ orderBy: { createdAt: "asc" } });
    expect(emails.map((e) => [e.to, e.subject])).toEqual([
      ["alex@example.com", "A question about your return for #1001"],
      ["alex@example.com", "A question about your return for #1001"],
    ]);
    expect(emails[0]!.text).toContain("Could you send a photo of the label?");
    expect(emails[1]!.text).toContain("And the receipt?");

    await db().returnRequest.update({ where: { id: row.id }, data: { status: "denied" } });
    expect(await act(row.id, { intent: "request_info", question: "Too late?" })).toMatchObject({ ok: false, message: expect.stringMatching(/already denied/) });
  });

  it("marks items received on an approved return, then completes it with the refund, keeping the day they arrived", async () => {
    const shop = await demoShop();
    const row = await createReturn(shop.id, "alex@example.com");
    expect(await act(row.id, { intent: "mark_received" })).toMatchObject({ ok: false, message: expect.stringMatching(/Only an approved return/) });
    await act(row.id, { intent: "approve" });
    await db().returnRequest.update({ where: { id: row.id }, data: { refundEstimate: "49.00" } });
    expect(await act(row.id, { intent: "mark_received" })).toMatchObject({ ok: true, message: "Items marked received" });
    const received = await db().returnRequest.findUniqueOrThrow({ where: { id: row.id } });
    expect(received.status).toBe("approved");
    expect(received.receivedAt).toBeInstanceOf(Date);
    expect(await act(row.id, { intent: "mark_received" })).toMatchObject({ ok: false, message: "The items of this return are already marked received." });

    expect(await act(row.id, { intent: "complete" })).toMatchObject({ ok: false, fields: { confirmedAmount: "Confirm the amount to refund." } });
    expect(await act(row.id, { intent: "complete", confirmedAmount: "49.00" })).toMatchObject({ ok: true, message: "Return completed: $49.00 refunded" });
    const completed = await db().returnRequest.findUniqueOrThrow({ where: { id: row.id } });
    expect(completed.status).toBe("completed");
    expect(completed.refundedAmount?.toFixed(2)).toBe("49.00");
    expect(completed.receivedAt?.getTime()).toBe(received.receivedAt!.getTime());
    expect((await timeline(row.id)).map((e) => e[0])).toEqual(["created", "decided.approved", "items_received", "completed"]);
  });

  it("completes only the reviewed refund: part of a line, restock per line, store credit, and the confirmed amount must match", async () => {
    const shop = await demoShop();
    const row = await queueReturn(shop.id, { status: "approved", reasons: ["defective", "changed_mind"], refundEstimate: "98.00" });
    const { detail } = await load(row.id);
    expect(detail.items.map((i) => [i.lineItemId, i.quantity, i.unitPrice, i.restock])).toEqual([["9000", 1, "49.00", true], ["9001", 1, "49.00", true]]);
    const review = JSON.stringify({ resolution: "store_credit", lines: [{ lineItemId: "9000", quantity: 1, amount: "30.00", restock: false }, { lineItemId: "9001", quantity: 0, amount: "0.00", restock: true }] });

    // A confirmation naming another amount moves nothing.
    const mismatch = await act(row.id, { intent: "complete", review, confirmedAmount: "98.00" });
    expect(mismatch).toMatchObject({ ok: false, message: "The review comes to $30.00, not the $98.00 confirmed. Review the amount again." });
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("approved");
    expect(await act(row.id, { intent: "complete", review: "{nope", confirmedAmount: "30.00" })).toMatchObject({ ok: false, message: expect.stringMatching(/could not be read/) });

    expect(await act(row.id, { intent: "complete", review, confirmedAmount: "30.00" })).toMatchObject({ ok: true, message: "Return completed: $30.00 store credit issued" });
    const done = await db().returnRequest.findUniqueOrThrow({ where: { id: row.id }, include: { items: { orderBy: { lineItemId: "asc" } } } });
    expect(done).toMatchObject({ status: "completed", resolution: "store_credit" });
    expect(done.refundedAmount?.toFixed(2)).toBe("30.00");
    expect(done.items.map((i) => [i.refundQuantity, i.refundAmount?.toFixed(2), i.restock])).toEqual([[1, "30.00", false], [0, "0.00", true]]);
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: row.id, action: "completed" } });
    expect(audit.data).toMatchObject({ amount: "30.00", resolution: "store_credit" });
  });

  it("adds an internal note to the timeline, and refuses an empty one", async () => {
    const shop = await demoShop();
    const row = await createReturn(shop.id, "alex@example.com");
    expect(await act(row.id, { intent: "add_note", note: "" })).toMatchObject({ ok: false, fields: { note: "Write the note." } });
    expect(await act(row.id, { intent: "add_note", note: "Shopper called, label is in the box." })).toMatchObject({ ok: true, message: "Note added" });
    expect((await timeline(row.id)).at(-1)).toEqual(["note_added", "merchant", "Shopper called, label is in the box."]);
    expect(await db().jobOutbox.count()).toBe(0);
    const { detail } = await load(row.id);
    expect(detail.timeline.at(-1)).toMatchObject({ action: "note_added", actor: { type: "merchant", name: "Demo merchant" } });
  });

  it("refuses an unknown intent without writing anything", async () => {
    const shop = await demoShop();
    const row = await createReturn(shop.id, "alex@example.com");
    expect(await act(row.id, { intent: "refund_twice" })).toMatchObject({ ok: false, message: "That action is not one this page offers." });
    expect(await act(row.id, {})).toMatchObject({ ok: false });
    expect(await db().auditLog.count({ where: { action: { not: "created" } } })).toBe(0);
  });

  it("answers every intent on another shop's return exactly like a missing one, and changes nothing", async () => {
    await demoShop();
    const other = await createShop();
    const theirs = await createReturn(other.id, "sam@example.com");
    await db().returnRequest.update({ where: { id: theirs.id }, data: { status: "approved" } });
    for (const fields of INTENTS) {
      const foreign = await notFoundAnswer(act(theirs.id, fields));
      expect(foreign).toEqual({ status: 404, body: "No such return." });
      expect(await notFoundAnswer(act(MISSING, fields))).toEqual(foreign);
      expect(await notFoundAnswer(act("../../etc/passwd", fields))).toEqual(foreign);
    }
    const after = await db().returnRequest.findUniqueOrThrow({ where: { id: theirs.id } });
    expect(after).toMatchObject({ status: "approved", receivedAt: null });
    expect(await db().auditLog.count({ where: { entityId: theirs.id, action: { not: "created" } } })).toBe(0);
    expect(await db().jobOutbox.count()).toBe(0);
  });
});

describe("/app/returns/:id/evidence/:evidenceId", () => {
  it("serves the shop's photo bytes, and 404s another shop's photo like a missing one", async () => {
    const shop = await demoShop();
    const other = await createShop();
    const mine = await createReturn(shop.id, "alex@example.com", { withPhoto: true });
    const theirs = await createReturn(other.id, "sam@example.com", { withPhoto: true });
    const [myPhoto] = await db().evidenceFile.findMany({ where: { returnId: mine.id } });
    const [theirPhoto] = await db().evidenceFile.findMany({ where: { returnId: theirs.id } });
    const get = (id: string, evidenceId: string) => evidence(routeArgs(new Request(`${url(id)}/evidence/${evidenceId}`), { id, evidenceId }));

    const ok = await get(mine.id, myPhoto!.id);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/jpeg");
    expect(ok.headers.get("x-content-type-options")).toBe("nosniff");
    expect([...new Uint8Array(await ok.arrayBuffer())]).toEqual([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

    const read = async (response: Response) => ({ status: response.status, body: await response.json() });
    const foreign = await read(await get(theirs.id, theirPhoto!.id));
    expect(foreign).toEqual({ status: 404, body: { error: { code: "not_found", message: "No such photo." } } });
    expect(await read(await get(mine.id, theirPhoto!.id))).toEqual(foreign);
    expect(await read(await get(theirs.id, myPhoto!.id))).toEqual(foreign);
    expect(await read(await get(mine.id, MISSING))).toEqual(foreign);
    expect(await read(await get("nope", myPhoto!.id))).toEqual(foreign);
    expect(await read(await get(mine.id, "..%2F..%2Fsecret"))).toEqual(foreign);
  });
});
