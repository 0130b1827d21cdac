import { describe, expect, it } from "vitest";
import { decideReturn } from "./decide-return";
import { riskBandOf } from "../risk-bands";
import { recommendFromRules } from "./recommend-from-rules";
import { makeHistory, makeInput, makeRules, priorReturns } from "./test-fixtures";

const now = makeInput().now;
const risky = makeHistory({ orderCount: 4, priorReturns: priorReturns(3, now) });

describe("recommendFromRules", () => {
  it("asks for a photo when a fault is reported without one", () => {
    const input = makeInput({ items: [{ lineItemId: "9001", quantity: 1, reason: "defective" }] });
    expect(recommendFromRules(input, decideReturn(input))).toEqual({
      action: "request_info",
      reasoning: "The shopper reports the item as defective and attached no photo. Ask for one and approve when it matches the description.",
      confidence: 0.8,
      source: "rules",
    });
  });

  it("recommends denying a risky request for a worn item returned without a fault", () => {
    const input = makeInput({ history: risky, items: [{ lineItemId: "9001", quantity: 1, reason: "changed_mind", condition: "worn" }] });
    const recommendation = recommendFromRules(input, decideReturn(input));
    expect(recommendation).toMatchObject({ action: "deny", source: "rules", confidence: 0.7 });
    expect(recommendation.reasoning).toMatch(/^Medium risk \(score 0\.49\), over this shop's limit: 3 earlier returns across 4 orders; 3 returns in the last 90 days; an item reported as worn/);
  });

  it("asks for more when the risk is over the limit but the item is unworn", () => {
    const input = makeInput({ history: risky });
    expect(recommendFromRules(input, decideReturn(input))).toMatchObject({ action: "request_info", confidence: 0.6 });
  });

  it("names the risk with the band the admin's badge shows for the same score", () => {
    const cases = [
      makeInput(),
      makeInput({ history: risky }),
      makeInput({ history: makeHistory({ orderCount: 3, priorReturns: priorReturns(6, now) }), items: [{ lineItemId: "9001", quantity: 1, reason: "changed_mind", condition: "worn" }] }),
      makeInput({ rules: makeRules({ autoApprove: { enabled: false, maxOrderValue: "200.00", maxRiskScore: 0.4 } }) }),
    ];
    const bands = new Set<string>();
    for (const input of cases) {
      const decision = decideReturn(input);
      const band = riskBandOf(decision.risk.score)!;
      bands.add(band);
      const reasoning = recommendFromRules(input, decision).reasoning.toLowerCase();
      if (!reasoning.includes("risk")) continue;
      expect(reasoning, `score ${decision.risk.score}`).toContain(`${band} risk (score ${decision.risk.score.toFixed(2)})`);
      for (const other of ["low", "medium", "high"].filter((b) => b !== band)) expect(reasoning).not.toContain(`${other} risk`);
    }
    expect(bands.size).toBeGreaterThan(1);
  });

  it("recommends approving when only the order value or the store's setting held it back", () => {
    const rules = makeRules({ autoApprove: { enabled: false, maxOrderValue: "200.00", maxRiskScore: 0.4 } });
    const input = makeInput({ rules });
    const recommendation = recommendFromRules(input, decideReturn(input));
    expect(recommendation).toMatchObject({ action: "approve", source: "rules" });
    expect(recommendation.reasoning).toContain("automatic approval is off");
  });

  it("follows the rules for settled decisions", () => {
    const approved = makeInput();
    expect(recommendFromRules(approved, decideReturn(approved))).toMatchObject({ action: "approve", confidence: 0.95 });
    const denied = makeInput({ now: new Date("2027-03-01T00:00:00.000Z") });
    expect(recommendFromRules(denied, decideReturn(denied))).toMatchObject({ action: "deny", confidence: 1 });
  });
});
