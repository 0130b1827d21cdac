import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCents, parseCents } from "../../money";
import type { DecisionInput, Replacement } from "../types";
import { parsePolicyRules } from "../../policies/policy-rules";
import { decideReturn } from "./decide-return";
import { makeHistory, makeInput, makeLine, makeOrder, makeRules } from "./test-fixtures";

const LINE = makeLine({ productId: "p-shirt", variantId: "v-shirt-m", unitPrice: "49.00" });
const ORDER = makeOrder({ lineItems: [LINE] });

function replacement(patch: Partial<Replacement> = {}): Replacement {
  return { productId: "p-shirt", variantId: "v-shirt-l", title: "Linen Shirt", variantTitle: "L", sku: "LS-L", price: "49.00", available: 5, ...patch };
}

function exchangeInput(patch: Partial<Replacement> = {}, rules = makeRules(), extra: Partial<DecisionInput> = {}): DecisionInput {
  return makeInput({
    rules,
    order: ORDER,
    resolution: "exchange",
    items: [{ lineItemId: LINE.id, quantity: 1, reason: "size_too_small", condition: "unworn", exchangeFor: replacement(patch) }],
    ...extra,
  });
}

const sameProductRules = (patch: Partial<ReturnType<typeof makeRules>["exchanges"]> = {}) =>
  makeRules({ exchanges: { scope: "same_product", lowerPriceDifference: "store_credit", higherPriceDifference: "collect", instant: { enabled: true, maxRiskScore: 0.2, maxOrderValue: "150.00" }, ...patch } });

describe("exchange rules", () => {
  it("approves another size of the same product, ships it at once under the instant thresholds, and settles nothing", () => {
    const decision = decideReturn(exchangeInput());
    expect(decision.outcome).toBe("approved");
    expect(decision.exchange).toMatchObject({ instant: true, difference: "0.00", settlement: "none" });
    expect(decision.exchange!.reasons[0]!.code).toBe("exchange_instant");
    expect(decision.refund.amount).toBe("0.00");
  });

  it("denies a different product when the policy allows only the same product, with its reason", () => {
    const decision = decideReturn(exchangeInput({ productId: "p-tee", title: "Organic Cotton Tee", price: "24.00" }, sameProductRules()));
    expect(decision.outcome).toBe("denied");
    expect(decision.reasons.map((r) => r.code)).toEqual(["exchange_other_product"]);
    expect(decision.explanation).toMatch(/same product/);
  });

  it("allows a different product up to the returned value and refuses one above it", () => {
    const rules = sameProductRules({ scope: "any_product" });
    const cheaper = decideReturn(exchangeInput({ productId: "p-tee", title: "Organic Cotton Tee", price: "24.00" }, rules));
    expect(cheaper.outcome).toBe("approved");
    expect(cheaper.exchange).toMatchObject({ difference: "25.00", settlement: "store_credit" });
    expect(cheaper.refund.amount).toBe("25.00");
    const dearer = decideReturn(exchangeInput({ productId: "p-jean", title: "Straight Leg Jean", price: "98.00" }, rules));
    expect(dearer.outcome).toBe("denied");
    expect(dearer.reasons[0]!.code).toBe("exchange_over_value");
    expect(dearer.reasons[0]!.message).toContain("98.00 USD");
  });

  it("settles a cheaper variant as money when the policy says refund", () => {
    const decision = decideReturn(exchangeInput({ price: "39.00" }, sameProductRules({ lowerPriceDifference: "refund" })));
    expect(decision.exchange).toMatchObject({ difference: "10.00", settlement: "refund" });
  });

  it("collects the difference for a dearer variant, or refuses it, as the policy says", () => {
    const collect = decideReturn(exchangeInput({ price: "55.00" }, sameProductRules()));
    expect(collect.outcome).toBe("approved");
    expect(collect.exchange).toMatchObject({ difference: "6.00", settlement: "collect" });
    const refuse = decideReturn(exchangeInput({ price: "55.00" }, sameProductRules({ higherPriceDifference: "refuse" })));
    expect(refuse.outcome).toBe("denied");
    expect(refuse.reasons[0]!.code).toBe("exchange_price_difference_refused");
  });

  it("denies a replacement out of stock in the quantity asked", () => {
    const decision = decideReturn(exchangeInput({ available: 0 }));
    expect(decision.outcome).toBe("denied");
    expect(decision.reasons[0]).toMatchObject({ code: "replacement_out_of_stock" });
    expect(decision.reasons[0]!.message).toContain("Linen Shirt (L)");
  });

  it("ships after receipt when instant exchanges are off, the risk is over the limit or the order is over the value", () => {
    const off = decideReturn(exchangeInput({}, sameProductRules({ instant: { enabled: false, maxRiskScore: 1, maxOrderValue: "9999.00" } })));
    expect(off.exchange).toMatchObject({ instant: false });
    const risky = decideReturn(exchangeInput({}, sameProductRules({ instant: { enabled: true, maxRiskScore: 0, maxOrderValue: "9999.00" } }), { history: makeHistory({ emailsFromSameClient: 4 }) }));
    expect(risky.outcome).toBe("approved");
    expect(risky.exchange).toMatchObject({ instant: false });
    expect(risky.exchange!.reasons[0]!.message).toMatch(/risk limit/);
    const big = decideReturn(exchangeInput({}, sameProductRules({ instant: { enabled: true, maxRiskScore: 1, maxOrderValue: "20.00" } })));
    expect(big.exchange).toMatchObject({ instant: false });
    expect(big.exchange!.reasons[0]!.message).toContain("20.00 USD");
  });

  it("keeps the old meaning of an exchange without a replacement", () => {
    const decision = decideReturn(makeInput({ resolution: "exchange" }));
    expect(decision.exchange).toBeNull();
    expect(decision.refund.amount).toBe("49.00");
  });

  it("reads documents written before exchange rules with the conservative defaults", () => {
    const { exchanges: _dropped, ...old } = makeRules();
    const rules = parsePolicyRules(old);
    expect(rules.exchanges).toEqual({ scope: "same_product", lowerPriceDifference: "store_credit", higherPriceDifference: "refuse", instant: { enabled: false, maxRiskScore: 0.2, maxOrderValue: "150.00" } });
  });
});

describe("exchange rules, properties", () => {
  const rulesArb = fc
    .record({
      scope: fc.constantFrom("same_product" as const, "any_product" as const),
      lowerPriceDifference: fc.constantFrom("store_credit" as const, "refund" as const),
      higherPriceDifference: fc.constantFrom("collect" as const, "refuse" as const),
      instant: fc.record({ enabled: fc.boolean(), maxRiskScore: fc.integer({ min: 0, max: 1000 }).map((t) => t / 1000), maxOrderValue: fc.integer({ min: 0, max: 500_00 }).map(formatCents) }),
    })
    .map((exchanges) => makeRules({ exchanges }));
  const caseArb = fc.record({
    rules: rulesArb,
    sameProduct: fc.boolean(),
    lineCents: fc.integer({ min: 1, max: 300_00 }),
    priceCents: fc.integer({ min: 0, max: 300_00 }),
    quantity: fc.integer({ min: 1, max: 3 }),
    available: fc.integer({ min: 0, max: 4 }),
    orderCents: fc.integer({ min: 1, max: 500_00 }),
    emails: fc.integer({ min: 1, max: 6 }),
  });

  type CaseValue = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;
  function run(c: CaseValue) {
    const line = makeLine({ productId: "p1", variantId: "v1", unitPrice: formatCents(c.lineCents), quantity: c.quantity, returnableQuantity: c.quantity });
    return decideReturn(
      makeInput({
        rules: c.rules,
        order: makeOrder({ lineItems: [line], totalPrice: formatCents(c.orderCents) }),
        resolution: "exchange",
        history: makeHistory({ emailsFromSameClient: c.emails }),
        items: [
          {
            lineItemId: line.id,
            quantity: c.quantity,
            reason: "size_too_small",
            condition: "unworn",
            exchangeFor: { productId: c.sameProduct ? "p1" : "p2", variantId: "v2", title: "X", variantTitle: null, sku: null, price: formatCents(c.priceCents), available: c.available },
          },
        ],
      }),
    );
  }

  it("never approves what the exchange rules refuse, and always says why", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const d = run(c);
        const codes = d.reasons.map((r) => r.code);
        if (c.available < c.quantity) expect(codes).toContain("replacement_out_of_stock");
        if (!c.sameProduct && c.rules.exchanges.scope === "same_product") expect(codes).toContain("exchange_other_product");
        if (!c.sameProduct && c.rules.exchanges.scope === "any_product" && c.priceCents > c.lineCents) expect(codes).toContain("exchange_over_value");
        if (c.sameProduct && c.priceCents > c.lineCents && c.rules.exchanges.higherPriceDifference === "refuse") expect(codes).toContain("exchange_price_difference_refused");
        if (codes.some((code) => code.startsWith("exchange_") || code === "replacement_out_of_stock")) expect(d.outcome).toBe("denied");
      }),
      { numRuns: 400 },
    );
  });

  it("settles exactly the price difference, in the direction the policy says", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const d = run(c);
        const diff = (c.priceCents - c.lineCents) * c.quantity;
        expect(parseCents(d.exchange!.difference)).toBe(Math.abs(diff));
        const expected = diff > 0 ? "collect" : diff < 0 ? c.rules.exchanges.lowerPriceDifference : "none";
        expect(d.exchange!.settlement).toBe(expected);
        expect(parseCents(d.refund.amount)).toBe(diff < 0 ? -diff : 0);
      }),
      { numRuns: 400 },
    );
  });

  it("ships instantly only when approved and under both of the merchant's thresholds", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const d = run(c);
        const { instant } = c.rules.exchanges;
        const allowed = d.outcome === "approved" && instant.enabled && d.risk.score <= instant.maxRiskScore && c.orderCents <= parseCents(instant.maxOrderValue);
        expect(d.exchange!.instant).toBe(allowed);
        expect(d.exchange!.reasons).toHaveLength(1);
      }),
      { numRuns: 400 },
    );
  });
});
