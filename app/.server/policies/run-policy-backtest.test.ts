import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../../tests/support/factories";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { jobRegistry } from "../job-registry.server";
import { startJobRuntime, stopJobRuntime, waitForJob } from "../jobs/runtime.server";
import { readBacktestResult, rulesHash } from "./backtest-result";
import { toBacktestView } from "./describe-backtest";
import { parsePolicyRules } from "./policy-rules";
import { updatePolicyDraft } from "./update-policy-draft.server";
import { DEFAULT_POLICY_RULES } from "./default-policy";
import { runPolicyBacktest } from "./run-policy-backtest.server";
import { startPolicyBacktest } from "./start-policy-backtest.server";
import { actingContext } from "../../../tests/support/contexts";
import { seedDemoShop } from "../demo/seed-demo-shop";

setupTestDatabase();
beforeEach(async () => {
  await clearDatabase();
});
afterEach(async () => {
  await stopJobRuntime();
});

const DAY = 86_400_000;
const MERCHANT = { type: "merchant" as const, id: "staff-1", name: "Sam" };

async function policy(shopId: string, version: number, status: "draft" | "active" | "archived", patch: Record<string, unknown> = {}) {
  return db().policy.create({ data: { shopId, version, status, rules: { ...structuredClone(DEFAULT_POLICY_RULES), ...patch } } });
}

type Seed = {
  daysAgo: number;
  /** Days between delivery and the request. */
  daysAfterDelivery: number;
  outcome: "approved" | "denied" | "pending_review";
  decidedBy: string | null;
  items: Array<{ unitPrice: string; quantity: number; reason?: "size_too_small" | "damaged"; tags?: string[] }>;
  refundEstimate: string;
  orderName?: string;
};

/** A stored return made `daysAgo` days ago, its order delivered `daysAfterDelivery` days before that. */
async function storedReturn(shopId: string, seed: Seed) {
  const createdAt = new Date(Date.now() - seed.daysAgo * DAY);
  const deliveredAt = new Date(createdAt.getTime() - seed.daysAfterDelivery * DAY);
  const status = seed.outcome === "pending_review" ? "pending_review" : seed.outcome;
  return db().returnRequest.create({
    data: {
      shopId,
      platformOrderId: randomUUID(),
      orderName: seed.orderName ?? `#${Math.floor(Math.random() * 9000) + 1000}`,
      orderProcessedAt: new Date(deliveredAt.getTime() - 3 * DAY),
      orderDeliveredAt: deliveredAt,
      orderTotal: "80.00",
      currency: "USD",
      customerEmail: `${randomUUID().slice(0, 8)}@example.com`,
      status,
      resolution: "refund",
      decisionOutcome: seed.outcome,
      decidedBy: seed.decidedBy,
      refundEstimate: seed.refundEstimate,
      createdAt,
      items: {
        create: seed.items.map((item, i) => ({
          lineItemId: String(9000 + i),
          title: `Item ${i + 1}`,
          productType: "Shirts",
          tags: item.tags ?? [],
          quantity: item.quantity,
          unitPrice: item.unitPrice,
          reason: item.reason ?? "size_too_small",
          condition: "unworn" as const,
        })),
      },
    },
  });
}

/** Five returns of the last 90 days, one older and one of another shop. */
async function seedHistory(shopId: string, otherShopId: string) {
  const lateA = await storedReturn(shopId, { daysAgo: 10, daysAfterDelivery: 20, outcome: "approved", decidedBy: "rules", items: [{ unitPrice: "49.00", quantity: 1 }], refundEstimate: "49.00", orderName: "#2001" });
  const lateB = await storedReturn(shopId, { daysAgo: 20, daysAfterDelivery: 25, outcome: "approved", decidedBy: "rules", items: [{ unitPrice: "30.00", quantity: 2 }], refundEstimate: "60.00", orderName: "#2002" });
  const early = await storedReturn(shopId, { daysAgo: 30, daysAfterDelivery: 3, outcome: "approved", decidedBy: "rules", items: [{ unitPrice: "25.00", quantity: 1 }], refundEstimate: "25.00" });
  const finalSale = await storedReturn(shopId, { daysAgo: 40, daysAfterDelivery: 3, outcome: "denied", decidedBy: "rules", items: [{ unitPrice: "15.00", quantity: 1, tags: ["final-sale"] }], refundEstimate: "15.00" });
  const review = await storedReturn(shopId, { daysAgo: 50, daysAfterDelivery: 3, outcome: "pending_review", decidedBy: null, items: [{ unitPrice: "20.00", quantity: 1, reason: "damaged" }], refundEstimate: "20.00" });
  // Outside the 90 days, and another shop's: neither is looked at.
  await storedReturn(shopId, { daysAgo: 120, daysAfterDelivery: 20, outcome: "approved", decidedBy: "rules", items: [{ unitPrice: "99.00", quantity: 1 }], refundEstimate: "99.00" });
  await storedReturn(otherShopId, { daysAgo: 5, daysAfterDelivery: 20, outcome: "approved", decidedBy: "rules", items: [{ unitPrice: "99.00", quantity: 1 }], refundEstimate: "99.00" });
  return { lateA, lateB, early, finalSale, review };
}

describe("runPolicyBacktest", () => {
  it("shows a stricter window turning approvals into denials, with exact counts and refund values, and stores the result as impact", async () => {
    const shop = await createShop();
    const other = await createShop();
    await policy(shop.id, 1, "active");
    const draft = await policy(shop.id, 2, "draft", { returnWindowDays: 14 });
    const seeded = await seedHistory(shop.id, other.id);
    const backtest = await db().policyBacktest.create({ data: { shopId: shop.id, policyId: draft.id, days: 90 } });

    // Batches of two make the five returns take three pages of the keyset walk.
    expect(await runPolicyBacktest(db(), backtest.id, { batchSize: 2 })).toBe("completed");

    const stored = await db().policyBacktest.findUniqueOrThrow({ where: { id: backtest.id } });
    expect(stored).toMatchObject({ status: "completed", progress: 100, error: null });
    expect(stored.completedAt).toBeInstanceOf(Date);
    const result = readBacktestResult(stored.result)!;
    expect(result).toMatchObject({ version: 2, days: 90, total: 5, skipped: 0, flipCount: 2, undecided: 1 });
    // The return still in review has no decision to compare: it is counted apart, not in the matrix.
    expect(result.matrix).toEqual({
      approved: { approved: 1, denied: 2, review: 0 },
      denied: { approved: 0, denied: 1, review: 0 },
      review: { approved: 0, denied: 0, review: 0 },
    });
    expect(result.newlyDenied).toEqual({ count: 2, refunds: [{ currency: "USD", amount: "109.00" }] });
    expect(result.windowChange).toEqual({ from: 30, to: 14 });
    expect(toBacktestView(stored, rulesHash(parsePolicyRules(draft.rules))).result!.headline).toBe(
      "A 14-day window would have denied 2 of the last 4 returns ($109.00 in refunds). 1 return still waiting for a decision is left out.",
    );
    expect(result.refunds).toEqual([{ currency: "USD", before: "134.00", after: "25.00", delta: "-109.00" }]);
    expect(result.flips.map((f) => [f.id, f.orderName, f.from, f.to])).toEqual([
      [seeded.lateB.id, "#2002", "approved", "denied"],
      [seeded.lateA.id, "#2001", "approved", "denied"],
    ]);
    expect(result.flips[0]!.reasons.map((r) => r.code)).toEqual(["outside_window"]);

    const impact = (await db().policy.findUniqueOrThrow({ where: { id: draft.id } })).impact;
    expect(readBacktestResult(impact)).toEqual(result);
  });

  it("gives the same result when run again, and leaves a completed backtest alone", async () => {
    const shop = await createShop();
    const other = await createShop();
    const draft = await policy(shop.id, 1, "draft", { returnWindowDays: 14, restockingFeePercent: 10 });
    await seedHistory(shop.id, other.id);
    const backtest = await db().policyBacktest.create({ data: { shopId: shop.id, policyId: draft.id, days: 90 } });
    await runPolicyBacktest(db(), backtest.id);
    const first = (await db().policyBacktest.findUniqueOrThrow({ where: { id: backtest.id } })).result;
    // A 10% restocking fee on the one return still approved: 25.00 - 2.50.
    expect(readBacktestResult(first)!.refunds).toEqual([{ currency: "USD", before: "134.00", after: "22.50", delta: "-111.50" }]);

    // A retry after a crash mid-run starts from nothing and reaches the same totals.
    await db().policyBacktest.update({ where: { id: backtest.id }, data: { status: "running", progress: 40 } });
    await runPolicyBacktest(db(), backtest.id);
    expect((await db().policyBacktest.findUniqueOrThrow({ where: { id: backtest.id } })).result).toEqual(first);
    // A late new return does not change a finished backtest's set.
    await storedReturn(shop.id, { daysAgo: 0, daysAfterDelivery: 20, outcome: "approved", decidedBy: "rules", items: [{ unitPrice: "10.00", quantity: 1 }], refundEstimate: "10.00" });
    await db().policyBacktest.update({ where: { id: backtest.id }, data: { status: "running" } });
    await runPolicyBacktest(db(), backtest.id);
    expect((await db().policyBacktest.findUniqueOrThrow({ where: { id: backtest.id } })).result).toEqual(first);
  });

  it("counts a merchant's decision as a review the rules sent them, and a return with no items as skipped", async () => {
    const shop = await createShop();
    const draft = await policy(shop.id, 1, "draft");
    await storedReturn(shop.id, { daysAgo: 5, daysAfterDelivery: 3, outcome: "approved", decidedBy: "merchant:staff-1", items: [{ unitPrice: "20.00", quantity: 1, reason: "damaged" }], refundEstimate: "20.00" });
    await storedReturn(shop.id, { daysAgo: 6, daysAfterDelivery: 3, outcome: "approved", decidedBy: "rules", items: [], refundEstimate: "0.00" });
    const backtest = await db().policyBacktest.create({ data: { shopId: shop.id, policyId: draft.id, days: 30 } });
    await runPolicyBacktest(db(), backtest.id);
    const result = readBacktestResult((await db().policyBacktest.findUniqueOrThrow({ where: { id: backtest.id } })).result)!;
    expect(result).toMatchObject({ total: 2, skipped: 1, flipCount: 0 });
    expect(result.matrix.review.review).toBe(1);
  });

  it("marks the result stale and clears the impact once the draft's rules change", async () => {
    const shop = await createShop();
    const draft = await policy(shop.id, 1, "draft");
    await storedReturn(shop.id, { daysAgo: 5, daysAfterDelivery: 3, outcome: "approved", decidedBy: "rules", items: [{ unitPrice: "20.00", quantity: 1 }], refundEstimate: "20.00" });
    const backtest = await db().policyBacktest.create({ data: { shopId: shop.id, policyId: draft.id, days: 30 } });
    await runPolicyBacktest(db(), backtest.id);
    const rules = parsePolicyRules(structuredClone(DEFAULT_POLICY_RULES));
    const fresh = await db().policyBacktest.findUniqueOrThrow({ where: { id: backtest.id } });
    expect(toBacktestView(fresh, rulesHash(rules)).stale).toBe(false);

    // The same rules saved again keep the impact; changed rules clear it and make the result stale.
    await updatePolicyDraft(await actingContext(shop, MERCHANT), { version: 1, rules, notes: null });
    expect((await db().policy.findUniqueOrThrow({ where: { id: draft.id } })).impact).not.toBeNull();
    const changed = { ...rules, returnWindowDays: 7 };
    await updatePolicyDraft(await actingContext(shop, MERCHANT), { version: 1, rules: changed, notes: null });
    expect((await db().policy.findUniqueOrThrow({ where: { id: draft.id } })).impact).toBeNull();
    expect(toBacktestView(fresh, rulesHash(changed)).stale).toBe(true);
  });
});

describe("the policies.backtest job", () => {
  it("runs through the job runtime after startPolicyBacktest, one at a time per version", async () => {
    const shop = await createShop();
    const other = await createShop();
    await policy(shop.id, 1, "active");
    await policy(shop.id, 2, "draft", { returnWindowDays: 14 });
    await seedHistory(shop.id, other.id);

    const backtest = await startPolicyBacktest(await actingContext(shop, MERCHANT), { version: 2, days: 90 });
    await expect(startPolicyBacktest(await actingContext(shop, MERCHANT), { version: 2, days: 90 })).rejects.toMatchObject({ code: "conflict" });
    expect(await db().policyBacktest.count()).toBe(1);
    const job = await db().jobOutbox.findUniqueOrThrow({ where: { dedupKey: `policies.backtest:${backtest.id}` } });
    expect(job).toMatchObject({ name: "policies.backtest", shopId: shop.id });

    await startJobRuntime({ client: db(), registry: jobRegistry, pollMs: 50 });
    await waitForJob(job.id);
    const done = await db().policyBacktest.findUniqueOrThrow({ where: { id: backtest.id } });
    expect(done).toMatchObject({ status: "completed", progress: 100 });
    expect(readBacktestResult(done.result)).toMatchObject({ total: 5, flipCount: 2 });
    const audit = await db().auditLog.findMany({ where: { shopId: shop.id, action: "backtest.started" } });
    expect(audit.map((a) => [a.actorType, a.actorId])).toEqual([["merchant", "staff-1"]]);

    // Finished, so a new one may start.
    await expect(startPolicyBacktest(await actingContext(shop, MERCHANT), { version: 2, days: 30 })).resolves.toMatchObject({ days: 30, status: "queued" });
  });

  it("marks the backtest failed with the error when the version's rules cannot be read", async () => {
    const shop = await createShop();
    const broken = await db().policy.create({ data: { shopId: shop.id, version: 1, status: "draft", rules: { returnWindowDays: "soon" } } });
    const backtest = await startPolicyBacktest(await actingContext(shop, MERCHANT), { version: 1, days: 30 });
    const job = await db().jobOutbox.findUniqueOrThrow({ where: { dedupKey: `policies.backtest:${backtest.id}` } });
    await startJobRuntime({ client: db(), registry: jobRegistry, pollMs: 50 });
    await expect(waitForJob(job.id)).rejects.toThrow(/failed/);
    const failed = await db().policyBacktest.findUniqueOrThrow({ where: { id: backtest.id } });
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/policy rules/i);
    expect((await db().policy.findUniqueOrThrow({ where: { id: broken.id } })).impact).toBeNull();
  });

  it("refuses a number of days that is not offered, and another shop's version, writing nothing", async () => {
    const shop = await createShop();
    const other = await createShop();
    await policy(other.id, 1, "draft");
    await policy(shop.id, 2, "draft");
    await expect(startPolicyBacktest(await actingContext(shop, MERCHANT), { version: 2, days: 45 })).rejects.toMatchObject({ code: "invalid_request", fields: { days: expect.any(String) } });
    await expect(startPolicyBacktest(await actingContext(shop, MERCHANT), { version: 1, days: 30 })).rejects.toMatchObject({ code: "not_found" });
    expect(await db().policyBacktest.count()).toBe(0);
    expect(await db().jobOutbox.count()).toBe(0);
  });
});

describe("a backtest of the demo's history", () => {
  it("shows what a 21-day window would have denied, in the merchant's words", async () => {
    const now = new Date();
    const seeded = await seedDemoShop(db(), { domain: "backtest-demo.myshopify.com", now });
    const active = await db().policy.findFirstOrThrow({ where: { shopId: seeded.shopId, status: "active" } });
    const draft = await policy(seeded.shopId, active.version + 1, "draft", { returnWindowDays: 21 });
    const backtest = await db().policyBacktest.create({ data: { shopId: seeded.shopId, policyId: draft.id, days: 90 } });
    await runPolicyBacktest(db(), backtest.id);
    const stored = await db().policyBacktest.findUniqueOrThrow({ where: { id: backtest.id } });
    const result = readBacktestResult(stored.result)!;

    // The demo's late-but-inside-30-days returns, approved and refunded, each denied by the shorter window.
    const late = await db().returnRequest.findMany({
      where: { shopId: seeded.shopId, decisionOutcome: "approved", createdAt: { gte: new Date(now.getTime() - 90 * DAY) } },
      select: { id: true, createdAt: true, orderDeliveredAt: true, refundEstimate: true, items: { select: { productType: true, lineItemId: true } } },
    });
    expect(result.newlyDenied.count).toBeGreaterThanOrEqual(5);
    const denied = result.flips.filter((f) => f.to === "denied");
    expect(denied).toHaveLength(result.newlyDenied.count);
    for (const flip of denied) expect(flip.reasons.map((r) => r.code)).toContain("outside_window");
    const deniedCents = late.filter((r) => denied.some((f) => f.id === r.id)).reduce((sum, r) => sum + Math.round(Number(r.refundEstimate) * 100), 0);
    expect(result.newlyDenied.refunds).toEqual([{ currency: "USD", amount: (deniedCents / 100).toFixed(2) }]);

    // Returns still waiting for a decision are counted apart, never compared.
    const waiting = await db().returnRequest.count({ where: { shopId: seeded.shopId, status: { in: ["pending_triage", "pending_review"] }, createdAt: { gte: new Date(now.getTime() - 90 * DAY) } } });
    expect(result.undecided).toBe(waiting);
    const compared = result.total - result.undecided - result.skipped;
    expect(Object.values(result.matrix).reduce((sum, row) => sum + row.approved + row.denied + row.review, 0)).toBe(compared);

    const headline = toBacktestView(stored, rulesHash(parsePolicyRules(draft.rules))).result!.headline;
    expect(headline).toBe(
      `A 21-day window would have denied ${result.newlyDenied.count} of the last ${compared} returns ($${Number(result.newlyDenied.refunds[0]!.amount).toLocaleString("en-US", { minimumFractionDigits: 2 })} in refunds). ${waiting} returns still waiting for a decision are left out.`,
    );
  });
});
