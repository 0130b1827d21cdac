import { describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import type { DecisionInput } from "../types";
import { decideReturn } from "./decide-return";
import { makeHistory, makeInput, makeLine, makeOrder, makeRules, priorReturns } from "./test-fixtures";

const codes = (input: DecisionInput) => decideReturn(input).reasons.map((r) => r.code);

describe("decideReturn: approval", () => {
  it("approves a plain request inside the window, saying so in words", () => {
    const decision = decideReturn(makeInput());
    expect(decision.outcome).toBe("approved");
    expect(decision.reasons).toEqual([{ code: "within_policy", message: "Every item is eligible and inside its return window." }]);
    expect(decision.explanation).toBe("Your return is approved: every item is eligible and inside its return window.");
    expect(decision.risk).toEqual({ score: 0, factors: [] });
    expect(decision.refund).toEqual({ amount: "49.00", itemsValue: "49.00", restockingFee: "0.00", storeCreditBonus: "0.00", currency: "USD" });
  });
});

describe("decideReturn: the return window in UTC days", () => {
  // Delivered 2026-11-04 10:00 UTC, a 30-day window: day 30 is 2026-12-04, the last day inside.
  it("still accepts the last instant of the last day of the window", () => {
    expect(decideReturn(makeInput({ now: new Date("2026-12-04T23:59:59.999Z") })).outcome).toBe("approved");
  });

  it("refuses from the first instant of the next day, naming the item and the day the window ended", () => {
    const decision = decideReturn(makeInput({ now: new Date("2026-12-05T00:00:00.000Z") }));
    expect(decision.outcome).toBe("denied");
    expect(decision.reasons).toEqual([{ code: "outside_window", message: "The 30-day return window for Linen Shirt ended on December 4, 2026." }]);
    expect(decision.explanation).toBe("We can't accept this return because the return window has closed for Linen Shirt.");
  });

  it("counts calendar days, so a late-evening delivery still gets the whole last day", () => {
    const order = makeOrder({ deliveredAt: new Date("2026-11-04T23:30:00.000Z") });
    expect(decideReturn(makeInput({ order, now: new Date("2026-12-04T00:10:00.000Z") })).outcome).toBe("approved");
    expect(decideReturn(makeInput({ order, now: new Date("2026-12-05T00:10:00.000Z") })).outcome).toBe("denied");
  });

  it("counts from the order date when there is no delivery date", () => {
    const order = makeOrder({ deliveredAt: null }); // processed 2026-11-01
    expect(decideReturn(makeInput({ order, now: new Date("2026-12-01T23:59:59.999Z") })).outcome).toBe("approved");
    expect(codes(makeInput({ order, now: new Date("2026-12-02T00:00:00.000Z") }))).toEqual(["outside_window"]);
  });

  it("counts from the order date when the policy says so, even with a delivery date", () => {
    const rules = makeRules({ windowStartsFrom: "order" });
    expect(decideReturn(makeInput({ rules, now: new Date("2026-12-01T12:00:00.000Z") })).outcome).toBe("approved");
    expect(codes(makeInput({ rules, now: new Date("2026-12-02T12:00:00.000Z") }))).toEqual(["outside_window"]);
  });

  it("treats a zero-day window as the delivery day only", () => {
    const rules = makeRules({ returnWindowDays: 0 });
    expect(decideReturn(makeInput({ rules, now: new Date("2026-11-04T22:00:00.000Z") })).outcome).toBe("approved");
    expect(codes(makeInput({ rules, now: new Date("2026-11-05T00:00:00.000Z") }))).toEqual(["outside_window"]);
  });
});

describe("decideReturn: overrides", () => {
  const swimsuit = makeLine({ id: "9002", title: "Sea Swimsuit", productType: "SWIMWEAR", tags: [] });
  const ornament = makeLine({ id: "9003", title: "Star Ornament", productType: "Decor", tags: ["Holiday"] });
  const holidaySwim = makeLine({ id: "9004", title: "Holiday Swimsuit", productType: "Swimwear", tags: ["holiday"] });
  const order = makeOrder({ lineItems: [makeLine(), swimsuit, ornament, holidaySwim], totalPrice: "196.00" });
  const ask = (lineItemId: string, now: string, rules = makeRules()) =>
    decideReturn(makeInput({ order, now: new Date(now), items: [{ lineItemId, quantity: 1, reason: "size_too_large" }], rules }));

  it("gives a product type its own window, matched without regard to case", () => {
    expect(ask("9002", "2026-11-18T23:00:00.000Z").outcome).toBe("approved");
    expect(ask("9002", "2026-11-19T00:00:00.000Z").reasons[0]!.message).toBe("The 14-day return window for Sea Swimsuit ended on November 18, 2026.");
    expect(ask("9001", "2026-11-19T00:00:00.000Z").outcome).toBe("approved");
  });

  it("gives a tag its own window, matched without regard to case", () => {
    expect(ask("9003", "2027-01-03T12:00:00.000Z").outcome).toBe("approved");
    expect(ask("9003", "2027-01-04T00:00:00.000Z").outcome).toBe("denied");
  });

  it("uses the first override that matches", () => {
    expect(ask("9004", "2026-11-19T00:00:00.000Z").outcome).toBe("denied");
    const tagFirst = makeRules({ overrides: [...makeRules().overrides].reverse() });
    expect(ask("9004", "2026-11-19T00:00:00.000Z", tagFirst).outcome).toBe("approved");
  });

  it("gives one outside_window reason per late item", () => {
    const decision = decideReturn(
      makeInput({
        order,
        now: new Date("2026-12-10T12:00:00.000Z"),
        items: ["9001", "9002", "9003"].map((lineItemId) => ({ lineItemId, quantity: 1, reason: "changed_mind" as const })),
      }),
    );
    expect(decision.reasons.map((r) => r.code)).toEqual(["outside_window", "outside_window"]);
    expect(decision.reasons.map((r) => r.message)).toEqual([
      "The 30-day return window for Linen Shirt ended on December 4, 2026.",
      "The 14-day return window for Sea Swimsuit ended on November 18, 2026.",
    ]);
    expect(decision.explanation).toBe("We can't accept this return because the return window has closed for Linen Shirt and Sea Swimsuit.");
  });
});

describe("decideReturn: hard rules deny", () => {
  it("denies a non-returnable tag, case-insensitively", () => {
    const order = makeOrder({ lineItems: [makeLine({ title: "Outlet Tee", tags: ["FINAL-SALE"] })] });
    const decision = decideReturn(makeInput({ order }));
    expect(decision.outcome).toBe("denied");
    expect(decision.reasons).toEqual([{ code: "non_returnable_tag", message: "Outlet Tee is marked FINAL-SALE and can't be returned." }]);
  });

  it("denies a non-returnable product type, case-insensitively", () => {
    const order = makeOrder({ lineItems: [makeLine({ title: "Gift Card $50", productType: "gift card" })] });
    expect(decideReturn(makeInput({ order })).reasons).toEqual([
      { code: "non_returnable_product_type", message: "Gift Card $50 can't be returned: the store doesn't take back gift card items." },
    ]);
  });

  it("denies a resolution the store does not offer and says what it does offer", () => {
    const rules = makeRules({ allowedResolutions: ["refund", "exchange"] });
    const decision = decideReturn(makeInput({ rules, resolution: "store_credit" }));
    expect(decision.reasons).toEqual([
      { code: "resolution_not_allowed", message: "This store doesn't offer store credit for returns; you can choose a refund or an exchange." },
    ]);
  });

  it("allows the return that reaches the customer limit and denies the one over it", () => {
    const now = makeInput().now;
    const atLimit = makeHistory({ orderCount: 20, priorReturns: priorReturns(4, now) });
    expect(codes(makeInput({ history: atLimit }))).not.toContain("customer_limit_reached");
    const overLimit = makeHistory({ orderCount: 20, priorReturns: priorReturns(5, now) });
    const decision = decideReturn(makeInput({ history: overLimit }));
    expect(decision.outcome).toBe("denied");
    expect(decision.reasons).toEqual([{ code: "customer_limit_reached", message: "You've reached this store's limit of 5 returns in 90 days." }]);
  });

  it("counts toward the limit only returns inside the period that were not denied or cancelled", () => {
    const now = makeInput().now;
    const history = makeHistory({
      orderCount: 30,
      priorReturns: [
        ...priorReturns(4, now, { daysAgo: 89 }),
        ...priorReturns(3, now, { daysAgo: 91 }),
        ...priorReturns(2, now, { status: "denied" }),
        ...priorReturns(2, now, { status: "cancelled" }),
      ],
    });
    expect(codes(makeInput({ history }))).not.toContain("customer_limit_reached");
    const plusOne = { ...history, priorReturns: [...history.priorReturns, ...priorReturns(1, now, { status: "pending_review" })] };
    expect(codes(makeInput({ history: plusOne }))).toContain("customer_limit_reached");
  });

  it("denies a blocked email whatever its case", () => {
    const rules = makeRules({ blockedEmails: ["alex@example.com"] });
    const decision = decideReturn(makeInput({ rules, order: makeOrder({ email: "Alex@Example.COM" }) }));
    expect(decision.reasons).toEqual([{ code: "blocked_email", message: "Returns for this email address can't be accepted online; please contact the store." }]);
  });

  it("gives one reason per broken rule and explains them together", () => {
    const rules = makeRules({ allowedResolutions: ["refund"], blockedEmails: ["alex@example.com"] });
    const order = makeOrder({
      totalPrice: "98.00",
      lineItems: [makeLine(), makeLine({ id: "9002", title: "Outlet Tee", tags: ["final-sale"] })],
    });
    const decision = decideReturn(
      makeInput({
        rules,
        order,
        resolution: "exchange",
        now: new Date("2026-12-20T00:00:00.000Z"),
        items: [
          { lineItemId: "9001", quantity: 1, reason: "changed_mind" },
          { lineItemId: "9002", quantity: 1, reason: "changed_mind" },
        ],
      }),
    );
    expect(decision.reasons.map((r) => r.code)).toEqual([
      "outside_window",
      "outside_window",
      "non_returnable_tag",
      "resolution_not_allowed",
      "blocked_email",
    ]);
    expect(decision.explanation).toBe(
      "We can't accept this return because the return window has closed for Linen Shirt and Outlet Tee, the store doesn't take back items marked final-sale, the store doesn't offer an exchange and returns for this email address can't be accepted online.",
    );
  });

  it("still estimates the refund of a denied request, as the portal shows it before submitting", () => {
    const decision = decideReturn(makeInput({ now: new Date("2027-02-01T00:00:00.000Z"), resolution: "store_credit" }));
    expect(decision.outcome).toBe("denied");
    expect(decision.refund.amount).toBe("53.90");
  });
});

describe("decideReturn: review", () => {
  const damaged = { lineItemId: "9001", quantity: 1, reason: "damaged" as const, condition: "damaged" as const };

  it("sends a fault with no photo to review, and approves it once a photo is attached", () => {
    const decision = decideReturn(makeInput({ items: [damaged] }));
    expect(decision.outcome).toBe("pending_review");
    expect(decision.reasons).toEqual([
      { code: "evidence_required", message: "A photo is needed for items reported as damaged; add one so the store can approve your return." },
    ]);
    expect(decision.explanation).toBe("The store will review your request before approving it, because a photo is needed for items reported as damaged.");
    expect(decideReturn(makeInput({ items: [damaged], evidenceCount: 1 })).outcome).toBe("approved");
    expect(decideReturn(makeInput({ items: [{ ...damaged, reason: "size_too_large" }] })).outcome).toBe("approved");
  });

  it("approves an order exactly at the auto-approval limit and reviews one a cent over", () => {
    const line = makeLine({ unitPrice: "100.00", quantity: 2, returnableQuantity: 2 });
    const atLimit = makeOrder({ totalPrice: "200.00", lineItems: [line] });
    expect(decideReturn(makeInput({ order: atLimit, history: makeHistory({ shopMedianOrderValue: "0.00" }) })).outcome).toBe("approved");
    const over = makeOrder({ totalPrice: "200.01", lineItems: [line] });
    expect(decideReturn(makeInput({ order: over, history: makeHistory({ shopMedianOrderValue: "0.00" }) })).reasons).toEqual([
      { code: "order_value_over_limit", message: "Returns on orders over 200.00 USD are checked by the store before they're approved." },
    ]);
  });

  it("reviews a request whose risk is over the limit without telling the shopper the score", () => {
    const now = makeInput().now;
    const history = makeHistory({ orderCount: 4, priorReturns: priorReturns(3, now) });
    const decision = decideReturn(makeInput({ history }));
    expect(decision.risk.score).toBeGreaterThan(0.4);
    expect(decision.outcome).toBe("pending_review");
    expect(decision.reasons).toEqual([{ code: "risk_over_limit", message: "This request needs a check by the store before it can be approved." }]);
    expect(decision.explanation).not.toMatch(/risk|score/i);
  });

  it("approves a risk exactly at the limit", () => {
    const now = makeInput().now;
    const history = makeHistory({ orderCount: 4, priorReturns: priorReturns(3, now) });
    const score = decideReturn(makeInput({ history })).risk.score;
    const rules = (maxRiskScore: number) => makeRules({ autoApprove: { enabled: true, maxOrderValue: "200.00", maxRiskScore } });
    expect(decideReturn(makeInput({ history, rules: rules(score) })).outcome).toBe("approved");
    expect(decideReturn(makeInput({ history, rules: rules(score - 0.001) })).outcome).toBe("pending_review");
  });

  it("reviews everything when auto-approval is off", () => {
    const rules = makeRules({ autoApprove: { enabled: false, maxOrderValue: "200.00", maxRiskScore: 0.4 } });
    expect(decideReturn(makeInput({ rules })).reasons).toEqual([{ code: "auto_approve_disabled", message: "This store reviews every return itself." }]);
  });

  it("gives one reason for each thing that needs review", () => {
    const rules = makeRules({ autoApprove: { enabled: false, maxOrderValue: "20.00", maxRiskScore: 0 } });
    const history = makeHistory({ requestsOnThisOrder: 1 });
    const decision = decideReturn(makeInput({ rules, history, items: [damaged] }));
    expect(decision.reasons.map((r) => r.code)).toEqual(["evidence_required", "order_value_over_limit", "risk_over_limit", "auto_approve_disabled"]);
    expect(decision.explanation).toBe(
      "The store will review your request before approving it, because a photo is needed for items reported as damaged, orders over 20.00 USD are checked by hand, some requests are checked by hand and the store reviews every return itself.",
    );
  });

  it("never reviews a request a hard rule denies", () => {
    const rules = makeRules({ autoApprove: { enabled: false, maxOrderValue: "0.00", maxRiskScore: 0 }, blockedEmails: ["alex@example.com"] });
    expect(codes(makeInput({ rules, items: [damaged] }))).toEqual(["blocked_email"]);
  });
});

describe("decideReturn: refund estimate", () => {
  const order = makeOrder({ totalPrice: "99.99", lineItems: [makeLine({ unitPrice: "33.33", quantity: 3, returnableQuantity: 3 })] });
  const items = [{ lineItemId: "9001", quantity: 3, reason: "size_too_small" as const }];
  const rules = makeRules({ restockingFeePercent: 15, storeCreditBonusPercent: 10 });

  it("takes the restocking fee off a refund, rounded half-up", () => {
    // 99.99 × 15% = 14.9985 → 15.00
    expect(decideReturn(makeInput({ rules, order, items, resolution: "refund" })).refund).toEqual({
      amount: "84.99",
      itemsValue: "99.99",
      restockingFee: "15.00",
      storeCreditBonus: "0.00",
      currency: "USD",
    });
  });

  it("adds the bonus to store credit, rounded half-up, with no fee", () => {
    // 99.99 × 10% = 9.999 → 10.00
    expect(decideReturn(makeInput({ rules, order, items, resolution: "store_credit" })).refund).toEqual({
      amount: "109.99",
      itemsValue: "99.99",
      restockingFee: "0.00",
      storeCreditBonus: "10.00",
      currency: "USD",
    });
  });

  it("exchanges at the items' value, no fee and no bonus", () => {
    expect(decideReturn(makeInput({ rules, order, items, resolution: "exchange" })).refund.amount).toBe("99.99");
  });

  it("counts only the requested quantity", () => {
    expect(decideReturn(makeInput({ rules, order, items: [{ ...items[0]!, quantity: 2 }], resolution: "exchange" })).refund.itemsValue).toBe("66.66");
  });
});

describe("decideReturn: malformed requests", () => {
  it("refuses a line that is not on the order, naming the field", () => {
    const call = () => decideReturn(makeInput({ items: [{ lineItemId: "nope", quantity: 1, reason: "other" }] }));
    expect(call).toThrow(AppError);
    expect(call).toThrow(expect.objectContaining({ code: "invalid_request", fields: { "items[0].lineItemId": "is not an item of this order" } }));
  });

  it("refuses more than the returnable quantity, zero, and a line listed twice", () => {
    const item = { lineItemId: "9001", reason: "other" as const };
    expect(() => decideReturn(makeInput({ items: [{ ...item, quantity: 2 }] }))).toThrow(
      expect.objectContaining({ fields: { "items[0].quantity": "must be at most 1" } }),
    );
    expect(() => decideReturn(makeInput({ items: [{ ...item, quantity: 0 }] }))).toThrow(expect.objectContaining({ code: "invalid_request" }));
    expect(() => decideReturn(makeInput({ items: [{ ...item, quantity: 1 }, { ...item, quantity: 1 }] }))).toThrow(
      expect.objectContaining({ fields: { "items[1].lineItemId": "appears more than once" } }),
    );
    expect(() => decideReturn(makeInput({ items: [] }))).toThrow(expect.objectContaining({ fields: { items: "must list at least one item" } }));
    const gone = makeOrder({ lineItems: [makeLine({ returnableQuantity: 0 })] });
    expect(() => decideReturn(makeInput({ order: gone }))).toThrow(
      expect.objectContaining({ message: "Linen Shirt has already been returned.", fields: { "items[0].quantity": "nothing is left to return" } }),
    );
  });
});
