import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePolicyRules } from "../../policies/policy-rules";
import { type CustomerHistory, type DecisionInput, type OrderLine, RESOLUTIONS, RETURN_REASONS, RETURN_STATUSES, ITEM_CONDITIONS } from "../types";
import { decideReturn } from "./decide-return";
import { formatCents } from "../../money";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 12);
const SEVERITY = { approved: 0, pending_review: 1, denied: 2 } as const;

const money = fc.integer({ min: 0, max: 500_00 }).map(formatCents);
// Weighted so that every outcome is common: mostly ordinary lines, sometimes a blocked one.
const productType = fc.constantFrom("Shirts", "Shirts", "Swimwear", "Shoes", "Shoes", null, "Gift Card");
const lineTags = fc.oneof({ weight: 5, arbitrary: fc.subarray(["summer", "Holiday", "new"]) }, { weight: 1, arbitrary: fc.subarray(["final-sale", "clearance", "summer"]) });

const rulesArb = fc
  .record({
    returnWindowDays: fc.oneof(fc.constantFrom(30, 60, 90), fc.integer({ min: 0, max: 365 })),
    windowStartsFrom: fc.constantFrom("delivery" as const, "order" as const),
    nonReturnableTags: fc.subarray(["final-sale", "clearance"]),
    nonReturnableProductTypes: fc.subarray(["Gift Card"]),
    overrides: fc.array(
      fc.record({
        match: fc.oneof(fc.record({ productType: fc.constantFrom("Swimwear", "Shoes") }), fc.record({ tag: fc.constantFrom("holiday", "summer") })),
        returnWindowDays: fc.integer({ min: 0, max: 365 }),
      }),
      { maxLength: 3 },
    ),
    allowedResolutions: fc.subarray([...RESOLUTIONS], { minLength: 1 }),
    storeCreditBonusPercent: fc.integer({ min: 0, max: 10000 }).map((bp) => bp / 100),
    restockingFeePercent: fc.integer({ min: 0, max: 10000 }).map((bp) => bp / 100),
    evidenceRequiredReasons: fc.subarray([...RETURN_REASONS]),
    autoApprove: fc.record({ enabled: fc.constantFrom(true, true, true, false), maxOrderValue: money, maxRiskScore: fc.integer({ min: 0, max: 1000 }).map((t) => t / 1000) }),
    customerLimits: fc.record({ maxReturnsPerPeriod: fc.integer({ min: 1, max: 20 }), periodDays: fc.integer({ min: 1, max: 365 }) }),
    blockedEmails: fc.subarray(["sam@example.com", "lee@example.com"]),
  })
  .map((raw) => parsePolicyRules(raw));

const priorArb = fc.record({
  createdAt: fc.integer({ min: NOW - 400 * DAY, max: NOW }).map((ms) => new Date(ms)),
  orderId: fc.constantFrom("a", "b", "c"),
  status: fc.constantFrom(...RETURN_STATUSES),
  reasons: fc.subarray([...RETURN_REASONS], { minLength: 1, maxLength: 2 }),
  value: money,
});

const historyArb: fc.Arbitrary<CustomerHistory> = fc.record({
  orderCount: fc.integer({ min: 0, max: 30 }),
  priorReturns: fc.array(priorArb, { maxLength: 8 }),
  requestsOnThisOrder: fc.integer({ min: 0, max: 4 }),
  emailsFromSameClient: fc.integer({ min: 0, max: 6 }),
  shopMedianOrderValue: money,
});

const inputArb: fc.Arbitrary<DecisionInput> = fc
  .record({
    rules: rulesArb,
    lines: fc.array(
      fc.record({ unitPrice: money, returnableQuantity: fc.integer({ min: 1, max: 3 }), productType, tags: lineTags }),
      { minLength: 1, maxLength: 4 },
    ),
    pick: fc.array(fc.record({ reason: fc.constantFrom(...RETURN_REASONS), condition: fc.option(fc.constantFrom(...ITEM_CONDITIONS), { nil: undefined }), all: fc.boolean() }), {
      minLength: 4,
      maxLength: 4,
    }),
    count: fc.integer({ min: 1, max: 4 }),
    processedDaysAgo: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 40 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 400 }) }),
    deliveryDelay: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
    email: fc.constantFrom("alex@example.com", "SAM@example.com", "kim@example.com"),
    totalPrice: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 200_00 }).map(formatCents) }, { weight: 1, arbitrary: money }),
    resolution: fc.constantFrom(...RESOLUTIONS),
    offeredResolution: fc.constantFrom(true, true, true, false),
    evidenceCount: fc.integer({ min: 0, max: 2 }),
    history: historyArb,
  })
  .map((g) => {
    const lineItems: OrderLine[] = g.lines.map((l, i) => ({
      id: `L${i}`,
      title: `Item ${i}`,
      variantTitle: null,
      sku: null,
      quantity: l.returnableQuantity,
      returnableQuantity: l.returnableQuantity,
      unitPrice: l.unitPrice,
      productType: l.productType,
      tags: l.tags,
    }));
    const processedAt = NOW - g.processedDaysAgo * DAY;
    const count = Math.min(g.count, lineItems.length);
    return {
      rules: g.rules,
      policyVersion: 1,
      now: new Date(NOW),
      order: {
        id: "o1",
        name: "#1001",
        email: g.email,
        currency: "USD",
        totalPrice: g.totalPrice,
        processedAt: new Date(processedAt),
        deliveredAt: g.deliveryDelay === null ? null : new Date(processedAt + g.deliveryDelay * DAY),
        lineItems,
      },
      items: lineItems.slice(0, count).map((line, i) => ({
        lineItemId: line.id,
        quantity: g.pick[i]!.all ? line.returnableQuantity : 1,
        reason: g.pick[i]!.reason,
        ...(g.pick[i]!.condition ? { condition: g.pick[i]!.condition } : {}),
      })),
      resolution: g.offeredResolution ? g.rules.allowedResolutions[0]! : g.resolution,
      evidenceCount: g.evidenceCount,
      history: g.history,
    };
  });

const withHistory = (input: DecisionInput, history: CustomerHistory): DecisionInput => ({ ...input, history });

describe("decideReturn properties", () => {
  it("gives the same decision for the same input, also through a fresh copy of the rules", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const first = decideReturn(input);
        expect(decideReturn(input)).toEqual(first);
        expect(decideReturn(structuredClone(input))).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps the risk score within [0, 1], in whole thousandths", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { score } = decideReturn(input).risk;
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        expect(Number.isInteger(Math.round(score * 1000)) && Math.abs(score * 1000 - Math.round(score * 1000)) < 1e-9).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("never lowers the risk score, nor softens the outcome, when one more prior return is added", () => {
    fc.assert(
      fc.property(inputArb, priorArb, (input, extra) => {
        const before = decideReturn(input);
        const after = decideReturn(withHistory(input, { ...input.history, priorReturns: [extra, ...input.history.priorReturns] }));
        expect(after.risk.score).toBeGreaterThanOrEqual(before.risk.score);
        expect(SEVERITY[after.outcome]).toBeGreaterThanOrEqual(SEVERITY[before.outcome]);
      }),
      { numRuns: 300 },
    );
  });

  it("never turns a denial into an approval by any change of history, unless the denial was the history's own limit", () => {
    fc.assert(
      fc.property(inputArb, historyArb, (input, other) => {
        const before = decideReturn(input);
        fc.pre(before.outcome === "denied" && before.reasons.some((r) => r.code !== "customer_limit_reached"));
        expect(decideReturn(withHistory(input, other)).outcome).toBe("denied");
      }),
      { numRuns: 300 },
    );
  });

  it("keeps a denial denied when history only grows", () => {
    fc.assert(
      fc.property(inputArb, fc.array(priorArb, { maxLength: 5 }), fc.nat(3), fc.nat(3), (input, more, requests, emails) => {
        fc.pre(decideReturn(input).outcome === "denied");
        const grown: CustomerHistory = {
          ...input.history,
          orderCount: input.history.orderCount,
          priorReturns: [...more, ...input.history.priorReturns],
          requestsOnThisOrder: input.history.requestsOnThisOrder + requests,
          emailsFromSameClient: input.history.emailsFromSameClient + emails,
        };
        expect(decideReturn(withHistory(input, grown)).outcome).toBe("denied");
      }),
      { numRuns: 300 },
    );
  });
});
