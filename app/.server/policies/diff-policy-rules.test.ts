import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY_RULES } from "./default-policy";
import { diffPolicyRules } from "./diff-policy-rules";
import { parsePolicyRules, type PolicyRules } from "./policy-rules";

const base = (): PolicyRules => parsePolicyRules(structuredClone(DEFAULT_POLICY_RULES));
const texts = (from: PolicyRules, to: PolicyRules, currency?: string) => diffPolicyRules(from, to, { currency }).map((c) => c.text);

describe("diffPolicyRules", () => {
  it("says nothing about identical rules", () => {
    expect(diffPolicyRules(base(), base())).toEqual([]);
  });

  it("describes each kind of change in words, in the order of the form", () => {
    const to = base();
    to.returnWindowDays = 45;
    to.windowStartsFrom = "order";
    to.nonReturnableTags = ["clearance"];
    to.nonReturnableProductTypes = ["Gift Card", "Underwear"];
    to.overrides = [
      { match: { productType: "Swimwear" }, returnWindowDays: 21 },
      { match: { tag: "bulky" }, returnWindowDays: 7 },
    ];
    to.allowedResolutions = ["refund", "exchange"];
    to.storeCreditBonusPercent = 12.5;
    to.restockingFeePercent = 5;
    to.evidenceRequiredReasons = ["damaged", "defective", "wrong_item", "not_as_described"];
    to.autoApprove = { enabled: false, maxOrderValue: "150.00", maxRiskScore: 0.3 };
    to.customerLimits = { maxReturnsPerPeriod: 3, periodDays: 60 };
    to.blockedEmails = ["fraud@example.com"];
    expect(texts(base(), to)).toEqual([
      "Return window: 30 → 45 days",
      "Return window starts from: delivery → order date",
      "Added non-returnable tag: clearance",
      "Removed non-returnable tag: final-sale",
      "Added non-returnable product type: Underwear",
      "Override for Swimwear: 14 → 21 days",
      "Added override for items tagged bulky: 7 days",
      "Removed override for items tagged holiday (60 days)",
      "No longer allows: store credit",
      "Store-credit bonus: 10% → 12.5%",
      "Restocking fee: 0% → 5%",
      "Photo now required for: not as described",
      "Auto-approve: on → off",
      "Auto-approve max order value: $200.00 → $150.00",
      "Auto-approve max risk score: 0.4 → 0.3",
      "Returns allowed per customer: 5 → 3",
      "Customer limit period: 90 → 60 days",
      "Blocked email: fraud@example.com",
    ]);
  });

  it("reads the other way round as the opposite change", () => {
    const to = base();
    to.returnWindowDays = 1;
    to.allowedResolutions = ["refund"];
    to.blockedEmails = ["a@example.com"];
    expect(texts(to, base())).toEqual(["Return window: 1 → 30 days", "Now allows: store credit", "Now allows: exchange", "Unblocked email: a@example.com"]);
  });

  it("formats money limits in the shop's currency, exactly", () => {
    const to = base();
    to.autoApprove = { ...to.autoApprove, maxOrderValue: "1234567.89" };
    expect(texts(base(), to, "EUR")).toEqual(["Auto-approve max order value: €200.00 → €1,234,567.89"]);
  });

  it("notices when the same overrides change order, since the first match wins", () => {
    const to = base();
    to.overrides = [...to.overrides].reverse();
    expect(texts(base(), to)).toEqual(["Override order (first match wins): items tagged holiday, Swimwear"]);
  });

  it("summarises long lists instead of listing every entry", () => {
    const to = base();
    to.blockedEmails = Array.from({ length: 13 }, (_, i) => `b${i}@example.com`);
    const lines = texts(base(), to);
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toBe("Blocked email: …and 3 more");
  });
});

describe("diffPolicyRules, exchanges", () => {
  it("says each changed exchange rule in words", () => {
    const from = parsePolicyRules(structuredClone(DEFAULT_POLICY_RULES));
    const to = parsePolicyRules({
      ...structuredClone(DEFAULT_POLICY_RULES),
      exchanges: { scope: "any_product", lowerPriceDifference: "refund", higherPriceDifference: "refuse", instant: { enabled: false, maxRiskScore: 0.3, maxOrderValue: "80.00" } },
    });
    expect(diffPolicyRules(from, to).filter((c) => c.field.startsWith("exchanges")).map((c) => c.text)).toEqual([
      "Exchanges for: the same product only → any product up to the returned value",
      "Cheaper replacement: difference: as store credit → refunded",
      "Dearer replacement: shopper pays the difference → refused",
      "Instant exchanges: on → off",
      "Instant exchanges max order value: $150.00 → $80.00",
      "Instant exchanges max risk score: 0.2 → 0.3",
    ]);
  });
});
