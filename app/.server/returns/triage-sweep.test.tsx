import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { merchantContext, shopperContext } from "../../../tests/support/contexts";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { ReturnDecisionCard } from "../../components/returns/ReturnDecisionCard";
import { db } from "../db.server";
import { seedDemoShop } from "../demo/seed-demo-shop";
import { AppError } from "../errors";
import { jobRegistry } from "../job-registry.server";
import { startJobRuntime, stopJobRuntime, waitForJob } from "../jobs/runtime.server";
import { approveReturn } from "./approve-return.server";
import { createReturn } from "./create-return.server";
import { getReturnDetail } from "./get-return-detail.server";
import { TRIAGE_SWEEP_EVERY_MS } from "./jobs";
import { lookupOrder } from "./lookup-order.server";
import { resetLookupLimiters } from "./lookup-limiter.server";
import { rerunTriage } from "./rerun-triage.server";
import { scheduleTriageSweep, sweepStuckTriage, TRIAGE_STUCK_AFTER_MS } from "./sweep-stuck-triage.server";
import { triageReturn } from "./triage-return.server";

setupTestDatabase();

const DAY = 24 * 3600 * 1000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
const DOMAIN = "sweep.myshopify.com";
const order = (n: number) => ({
  id: String(8200 + n),
  name: `#${5000 + n}`,
  email: `buyer${n}@example.com`,
  currency: "USD",
  processedAt: iso(8),
  deliveredAt: iso(5),
  // Over the automatic-approval limit: every return of these orders goes to review.
  lineItems: [{ id: `S${n}`, title: "Wool Coat", quantity: 1, unitPrice: "320.00", productType: "Coats", tags: [] }],
});

beforeEach(async () => {
  await clearDatabase();
  resetLookupLimiters();
  await seedDemoShop(db(), { domain: DOMAIN, orders: [1, 2, 3].map(order) });
});

afterEach(async () => {
  await stopJobRuntime();
});

async function requestReturn(n: number) {
  const shop = await db().shop.findFirstOrThrow({ where: { domain: DOMAIN } });
  const ctx = shopperContext(shop, `203.0.113.${n}`);
  const found = await lookupOrder(ctx, { orderNumber: String(5000 + n), email: `buyer${n}@example.com` });
  const created = await createReturn(ctx, { lookupToken: found.lookupToken, items: [{ lineItemId: `S${n}`, quantity: 1, reason: "changed_mind" }], resolution: "refund" });
  return { shop, id: created.view.id };
}

/** The follow-up job that triages a new return was lost (a crash before it ran): its outbox row is gone, and the return was last touched `ago` ms back. */
async function loseTriage(returnId: string, ago: number) {
  await db().jobOutbox.deleteMany({ where: { name: { in: ["returns.follow-up", "returns.triage"] }, payload: { path: ["returnId"], equals: returnId } } });
  await db().$executeRaw`UPDATE "return_requests" SET "updatedAt" = ${new Date(Date.now() - ago)} WHERE "id" = ${returnId}::uuid`;
}

const needsReviewEmails = (returnId: string) => db().emailMessage.count({ where: { relatedType: "merchant:return_needs_review", relatedId: returnId } });

describe("the triage sweep", () => {
  it("picks up a return that has waited for triage past the threshold, and only that one", async () => {
    const stuck = await requestReturn(1);
    const fresh = await requestReturn(2);
    await loseTriage(stuck.id, TRIAGE_STUCK_AFTER_MS + 60_000);
    await loseTriage(fresh.id, 30_000);

    const now = new Date();
    expect(await sweepStuckTriage(db(), now)).toEqual({ queued: 1 });
    // The same slot queues nothing twice.
    expect(await sweepStuckTriage(db(), now)).toEqual({ queued: 1 });
    const jobs = await db().jobOutbox.findMany({ where: { name: "returns.triage" } });
    expect(jobs.map((j) => j.payload)).toEqual([{ returnId: stuck.id }]);

    await startJobRuntime({ client: db(), registry: jobRegistry, pollMs: 50 });
    await waitForJob(jobs[0]!.id);
    const row = await db().returnRequest.findUniqueOrThrow({ where: { id: stuck.id } });
    expect(row.status).toBe("pending_review");
    expect(row.decisionOutcome).toBe("pending_review");
    expect(row.aiRecommendation).toMatchObject({ source: "rules" });
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id: fresh.id } })).status).toBe("pending_triage");

    // Triaged now: a later sweep leaves it alone (it takes only the other one, stuck by then too),
    // and triage running again (the lost job after all) sends nothing twice.
    await stopJobRuntime();
    expect(await sweepStuckTriage(db(), new Date(Date.now() + TRIAGE_STUCK_AFTER_MS + TRIAGE_SWEEP_EVERY_MS))).toEqual({ queued: 1 });
    const later = await db().jobOutbox.findMany({ where: { name: "returns.triage", NOT: { id: jobs[0]!.id } } });
    expect(later.map((j) => j.payload)).toEqual([{ returnId: fresh.id }]);
    await triageReturn(db(), stuck.id);
    expect(await needsReviewEmails(stuck.id)).toBe(1);
  });

  it("keeps itself scheduled, one run per slot", async () => {
    const at = new Date();
    const first = await scheduleTriageSweep(db(), at);
    expect(await scheduleTriageSweep(db(), at)).toBe(first);
    await startJobRuntime({ client: db(), registry: jobRegistry, pollMs: 50 });
    await waitForJob(first);
    const next = await db().jobOutbox.findMany({ where: { name: "returns.triage-sweep" }, orderBy: { runAt: "asc" } });
    expect(next).toHaveLength(2);
    expect(next[1]!.runAt.getTime() - next[0]!.runAt.getTime()).toBe(TRIAGE_SWEEP_EVERY_MS);
  });
});

describe("Run triage again", () => {
  it("triages a return that waits for it, says what came of it, and refuses a decided one", async () => {
    const { shop, id } = await requestReturn(3);
    const ctx = await merchantContext(shop);
    const result = await rerunTriage(ctx, { returnId: id });
    expect(result.status).toBe("pending_review");
    expect(result.message).toBe("Triage ran again: still needs your review; recommends to approve");
    expect(result.recommendation).toMatchObject({ action: "approve", source: "rules" });
    const audit = await db().auditLog.findMany({ where: { entityId: id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.actorType])).toEqual([
      ["created", "shopper"],
      ["queued_for_review", "rules"],
      ["triage_requested", "merchant"],
      ["triaged", "rules"],
    ]);

    // Again: the recommendation is refreshed, the merchant told once.
    await rerunTriage(ctx, { returnId: id });
    expect(await needsReviewEmails(id)).toBe(1);

    await approveReturn(ctx, { returnId: id });
    await expect(rerunTriage(ctx, { returnId: id })).rejects.toEqual(new AppError("invalid_transition", "Only a return waiting for a decision can be triaged again."));
  });
});

describe("the decision card", () => {
  const render = (detail: Parameters<typeof ReturnDecisionCard>[0]["detail"]) =>
    renderToStaticMarkup(
      <AppProvider i18n={en}>
        <ReturnDecisionCard detail={detail} />
      </AppProvider>,
    ).replace(/<[^>]+>/g, " ");

  it("never says a return is decided while it is not", async () => {
    const { shop, id } = await requestReturn(1);
    const queued = render(await getReturnDetail(await merchantContext(shop), id));
    expect(queued).toMatch(/Sent to review under\s+policy version 1/);
    expect(queued).not.toMatch(/Decided under/);

    // A return with no decision recorded yet (as the demo used to seed them) under a policy version.
    await db().returnRequest.update({ where: { id }, data: { decisionOutcome: "pending", decidedAt: null, decidedBy: null } });
    const waiting = await getReturnDetail(await merchantContext(shop), id);
    expect(waiting.decision.outcome).toBe("pending");
    const text = render(waiting);
    expect(text).toContain("Not decided");
    expect(text).not.toMatch(/Decided under/);
    expect(text).toMatch(/waiting for triage under\s+policy version 1/);

    await triageReturn(db(), id);
    const reviewing = render(await getReturnDetail(await merchantContext(shop), id));
    expect(reviewing).toMatch(/Sent to review under\s+policy version 1/);
    expect(reviewing).not.toContain("Not decided");

    await approveReturn(await merchantContext(shop), { returnId: id });
    const decided = render(await getReturnDetail(await merchantContext(shop), id));
    expect(decided).toMatch(/Decided under\s+policy version 1/);
    expect(decided).not.toContain("Not decided");
  });
});
