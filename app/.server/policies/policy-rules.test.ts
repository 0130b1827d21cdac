import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { DEFAULT_POLICY_RULES } from "./default-policy";
import { PolicyRulesSchema, parsePolicyRules, publicPolicySummary } from "./policy-rules";

function withPatch(patch: Record<string, unknown>): Record<string, unknown> {
  return { ...structuredClone(DEFAULT_POLICY_RULES), ...patch };
}

function fieldsOf(json: unknown): Record<string, string> {
  try {
    parsePolicyRules(json);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe("invalid_rules");
    expect(appError.status).toBe(422);
    return appError.fields ?? {};
  }
  throw new Error("the rules were accepted");
}

describe("parsePolicyRules", () => {
  it("accepts the default policy exactly as published", () => {
    expect(parsePolicyRules(DEFAULT_POLICY_RULES)).toEqual(DEFAULT_POLICY_RULES);
  });

  it("accepts the rules as JSON text and refuses text that is not JSON", () => {
    expect(parsePolicyRules(JSON.stringify(DEFAULT_POLICY_RULES))).toEqual(DEFAULT_POLICY_RULES);
    expect(() => parsePolicyRules("{not json")).toThrow(expect.objectContaining({ code: "invalid_rules", message: "The policy rules are not valid JSON." }));
  });

  it("drops unknown top-level fields", () => {
    expect(parsePolicyRules(withPatch({ futureField: true }))).not.toHaveProperty("futureField");
  });

  it("names a missing field", () => {
    const rules = withPatch({});
    delete rules.restockingFeePercent;
    expect(fieldsOf(rules)).toHaveProperty("restockingFeePercent");
  });

  it("bounds windows to 0..365 whole days, overrides included, naming the override", () => {
    expect(parsePolicyRules(withPatch({ returnWindowDays: 0 })).returnWindowDays).toBe(0);
    expect(parsePolicyRules(withPatch({ returnWindowDays: 365 })).returnWindowDays).toBe(365);
    expect(fieldsOf(withPatch({ returnWindowDays: 366 }))).toEqual({ returnWindowDays: "must be at most 365 days" });
    expect(fieldsOf(withPatch({ returnWindowDays: 7.5 }))).toEqual({ returnWindowDays: "must be a whole number of days" });
    const overrides = [
      { match: { productType: "Swimwear" }, returnWindowDays: 14 },
      { match: { tag: "holiday" }, returnWindowDays: -1 },
    ];
    expect(fieldsOf(withPatch({ overrides }))).toEqual({ "overrides[1].returnWindowDays": "must be 0 or more days" });
  });

  it("takes an override that matches by exactly one of productType or tag", () => {
    const both = [{ match: { productType: "Swimwear", tag: "holiday" }, returnWindowDays: 14 }];
    expect(Object.keys(fieldsOf(withPatch({ overrides: both })))).toEqual(["overrides[0].match"]);
    const neither = [{ match: {}, returnWindowDays: 14 }];
    expect(Object.keys(fieldsOf(withPatch({ overrides: neither })))).toEqual(["overrides[0].match"]);
    const blank = [{ match: { tag: "  " }, returnWindowDays: 14 }];
    expect(fieldsOf(withPatch({ overrides: blank }))).toEqual({ "overrides[0].match.tag": "must not be empty" });
  });

  it("needs a non-empty set of known resolutions", () => {
    expect(fieldsOf(withPatch({ allowedResolutions: [] }))).toEqual({ allowedResolutions: "must allow at least one resolution" });
    expect(fieldsOf(withPatch({ allowedResolutions: ["refund", "cash"] }))).toHaveProperty("allowedResolutions[1]");
    expect(fieldsOf(withPatch({ allowedResolutions: ["refund", "refund"] }))).toEqual({ allowedResolutions: "must not repeat a resolution" });
    expect(parsePolicyRules(withPatch({ allowedResolutions: ["exchange"] })).allowedResolutions).toEqual(["exchange"]);
  });

  it("bounds percentages to 0..100 with at most two decimals", () => {
    expect(parsePolicyRules(withPatch({ restockingFeePercent: 12.5, storeCreditBonusPercent: 100 })).restockingFeePercent).toBe(12.5);
    expect(fieldsOf(withPatch({ restockingFeePercent: 101 }))).toEqual({ restockingFeePercent: "must be between 0 and 100" });
    expect(fieldsOf(withPatch({ storeCreditBonusPercent: -1 }))).toEqual({ storeCreditBonusPercent: "must be between 0 and 100" });
    expect(fieldsOf(withPatch({ restockingFeePercent: 12.345 }))).toEqual({ restockingFeePercent: "must have at most two decimals" });
  });

  it("takes the auto-approval limit as a decimal string and the risk limit within 0..1", () => {
    const autoApprove = (patch: Record<string, unknown>) => withPatch({ autoApprove: { ...DEFAULT_POLICY_RULES.autoApprove, ...patch } });
    expect(fieldsOf(autoApprove({ maxOrderValue: 200 }))).toEqual({ "autoApprove.maxOrderValue": 'must be an amount like "200.00"' });
    expect(fieldsOf(autoApprove({ maxOrderValue: "200" }))).toEqual({ "autoApprove.maxOrderValue": 'must be an amount like "200.00"' });
    expect(fieldsOf(autoApprove({ maxOrderValue: "-1.00" }))).toHaveProperty("autoApprove.maxOrderValue");
    expect(fieldsOf(autoApprove({ maxRiskScore: 1.5 }))).toEqual({ "autoApprove.maxRiskScore": "must be between 0 and 1" });
    expect(fieldsOf(autoApprove({ enabled: "yes" }))).toEqual({ "autoApprove.enabled": "must be true or false" });
    expect(parsePolicyRules(autoApprove({ maxOrderValue: "0.00", maxRiskScore: 0 })).autoApprove).toEqual({ enabled: true, maxOrderValue: "0.00", maxRiskScore: 0 });
  });

  it("bounds the customer limits", () => {
    expect(fieldsOf(withPatch({ customerLimits: { maxReturnsPerPeriod: 0, periodDays: 90 } }))).toEqual({ "customerLimits.maxReturnsPerPeriod": "must be at least 1" });
    expect(fieldsOf(withPatch({ customerLimits: { maxReturnsPerPeriod: 5, periodDays: 400 } }))).toEqual({ "customerLimits.periodDays": "must be at most 365 days" });
  });

  it("lowercases blocked emails and names the one that is not an email", () => {
    expect(parsePolicyRules(withPatch({ blockedEmails: ["Fraud@Example.COM"] })).blockedEmails).toEqual(["fraud@example.com"]);
    expect(fieldsOf(withPatch({ blockedEmails: ["fraud@example.com", "not-an-email"] }))).toEqual({ "blockedEmails[1]": "must be an email address" });
  });

  it("takes evidence reasons from the reason codes only", () => {
    expect(fieldsOf(withPatch({ evidenceRequiredReasons: ["damaged", "scratched"] }))).toHaveProperty("evidenceRequiredReasons[1]");
    expect(parsePolicyRules(withPatch({ evidenceRequiredReasons: [] })).evidenceRequiredReasons).toEqual([]);
  });

  it("reports every bad field at once", () => {
    const fields = fieldsOf(withPatch({ returnWindowDays: -3, restockingFeePercent: 200, windowStartsFrom: "shipping" }));
    expect(Object.keys(fields).sort()).toEqual(["restockingFeePercent", "returnWindowDays", "windowStartsFrom"]);
  });

  it("can be written out as JSON Schema for the API documentation", () => {
    const schema = PolicyRulesSchema.toJSONSchema() as { required: string[] };
    expect(schema.required).toContain("autoApprove");
  });
});

describe("publicPolicySummary", () => {
  it("shows shoppers windows, overrides in words, what can't be returned, resolutions, fees and bonus, and nothing else", () => {
    const rules = parsePolicyRules(withPatch({ blockedEmails: ["fraud@example.com"], restockingFeePercent: 5 }));
    expect(publicPolicySummary(rules)).toEqual({
      returnWindowDays: 30,
      windowStartsFrom: "delivery",
      overrides: [
        { appliesTo: "Swimwear", returnWindowDays: 14 },
        { appliesTo: "items tagged holiday", returnWindowDays: 60 },
      ],
      allowedResolutions: ["refund", "store_credit", "exchange"],
      storeCreditBonusPercent: 10,
      restockingFeePercent: 5,
      evidenceRequiredReasons: ["damaged", "defective", "wrong_item"],
      nonReturnableTags: ["final-sale"],
      nonReturnableProductTypes: ["Gift Card"],
      exchanges: { scope: "same_product", lowerPriceDifference: "store_credit", higherPriceDifference: "collect", instant: true },
    });
    const text = JSON.stringify(publicPolicySummary(rules));
    expect(text).not.toContain("fraud@example.com");
    expect(text).not.toContain("maxRiskScore");
    expect(text).not.toContain("maxReturnsPerPeriod");
  });
});
