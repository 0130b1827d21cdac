import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { DEFAULT_POLICY_RULES } from "./default-policy";
import { formFieldOf, parsePolicyForm } from "./parse-policy-form";

/** The form as the editor submits the default policy. */
function defaultForm(): FormData {
  const form = new FormData();
  const r = DEFAULT_POLICY_RULES;
  form.set("returnWindowDays", String(r.returnWindowDays));
  form.set("windowStartsFrom", r.windowStartsFrom);
  r.nonReturnableTags.forEach((t) => form.append("nonReturnableTags", t));
  r.nonReturnableProductTypes.forEach((t) => form.append("nonReturnableProductTypes", t));
  r.overrides.forEach((o, i) => {
    form.set(`overrides[${i}].matchBy`, "productType" in o.match ? "productType" : "tag");
    form.set(`overrides[${i}].value`, "productType" in o.match ? o.match.productType! : o.match.tag!);
    form.set(`overrides[${i}].returnWindowDays`, String(o.returnWindowDays));
  });
  r.allowedResolutions.forEach((v) => form.append("allowedResolutions", v));
  form.set("storeCreditBonusPercent", String(r.storeCreditBonusPercent));
  form.set("restockingFeePercent", String(r.restockingFeePercent));
  r.evidenceRequiredReasons.forEach((v) => form.append("evidenceRequiredReasons", v));
  form.set("autoApprove.enabled", "on");
  form.set("autoApprove.maxOrderValue", "200");
  form.set("autoApprove.maxRiskScore", "0.4");
  form.set("customerLimits.maxReturnsPerPeriod", "5");
  form.set("customerLimits.periodDays", "90");
  form.set("blockedEmails", "");
  form.set("exchanges.scope", r.exchanges.scope);
  form.set("exchanges.lowerPriceDifference", r.exchanges.lowerPriceDifference);
  form.set("exchanges.higherPriceDifference", r.exchanges.higherPriceDifference);
  if (r.exchanges.instant.enabled) form.set("exchanges.instant.enabled", "on");
  form.set("exchanges.instant.maxOrderValue", "150");
  form.set("exchanges.instant.maxRiskScore", String(r.exchanges.instant.maxRiskScore));
  return form;
}

function fieldsOf(form: FormData): Record<string, string> {
  try {
    parsePolicyForm(form);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).fields ?? {};
  }
  throw new Error("the form was accepted");
}

describe("parsePolicyForm", () => {
  it("reads the editor's fields into the published rules", () => {
    expect(parsePolicyForm(defaultForm())).toEqual({ rules: DEFAULT_POLICY_RULES, notes: null });
  });

  it("keeps a tag typed but not added, reads one blocked email a line, an unticked box as off, and whole amounts as money", () => {
    const form = defaultForm();
    form.set("nonReturnableTags__pending", " clearance ");
    form.set("blockedEmails", "Fraud@Example.com\n\n  other@example.com ");
    form.delete("autoApprove.enabled");
    form.set("autoApprove.maxOrderValue", "150.5");
    form.set("notes", "  Summer rules ");
    const { rules, notes } = parsePolicyForm(form);
    expect(rules.nonReturnableTags).toEqual(["final-sale", "clearance"]);
    expect(rules.blockedEmails).toEqual(["fraud@example.com", "other@example.com"]);
    expect(rules.autoApprove).toEqual({ enabled: false, maxOrderValue: "150.50", maxRiskScore: 0.4 });
    expect(notes).toBe("Summer rules");
  });

  it("puts every error on the form field that shows it", () => {
    const form = defaultForm();
    form.set("returnWindowDays", "400");
    form.set("overrides[1].value", "  ");
    form.set("overrides[0].returnWindowDays", "abc");
    form.delete("allowedResolutions");
    form.append("evidenceRequiredReasons", "scratched");
    form.set("autoApprove.maxOrderValue", "lots");
    form.set("autoApprove.maxRiskScore", "1.5");
    form.set("blockedEmails", "ok@example.com\nnot-an-email");
    form.set("restockingFeePercent", "");
    form.set("notes", "x".repeat(2001));
    expect(fieldsOf(form)).toEqual({
      returnWindowDays: "must be at most 365 days",
      "overrides[0].returnWindowDays": "must be a number of days",
      "overrides[1].value": "must not be empty",
      allowedResolutions: "must allow at least one resolution",
      restockingFeePercent: "must be a percentage",
      evidenceRequiredReasons: expect.stringMatching(/^"scratched" must be one of/),
      "autoApprove.maxOrderValue": 'must be an amount like "200.00"',
      "autoApprove.maxRiskScore": "must be between 0 and 1",
      blockedEmails: '"not-an-email" must be an email address',
      notes: "must be at most 2000 characters",
    });
  });

  it("refuses a hostile match kind and an override index that is not a number", () => {
    const form = defaultForm();
    form.set("overrides[0].matchBy", "__proto__");
    form.set("overrides[abc].value", "x");
    expect(fieldsOf(form)).toEqual({ "overrides[0].value": expect.any(String) });
  });

  it("maps schema paths to form fields", () => {
    expect(formFieldOf("overrides[2].match.tag")).toBe("overrides[2].value");
    expect(formFieldOf("overrides[2].match")).toBe("overrides[2].value");
    expect(formFieldOf("overrides[2].returnWindowDays")).toBe("overrides[2].returnWindowDays");
    expect(formFieldOf("nonReturnableTags[3]")).toBe("nonReturnableTags");
    expect(formFieldOf("customerLimits.periodDays")).toBe("customerLimits.periodDays");
  });
});
