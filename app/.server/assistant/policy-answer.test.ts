import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY_RULES } from "../policies/default-policy";
import { parsePolicyRules, publicPolicySummary } from "../policies/policy-rules";
import { describePolicy, findPolicyTopics } from "./policy-answer";

const summary = publicPolicySummary(parsePolicyRules(structuredClone(DEFAULT_POLICY_RULES)));

describe("policy questions", () => {
  it.each([
    ["How long do I have to return swimwear?", ["swimwear", "window"]],
    ["Can I return a swimsuit?", ["swimwear", "general"]],
    ["what is your return policy?", ["general"]],
    ["Quelle est votre politique de retour ?", ["general"]],
    ["¿Puedo devolver un artículo de venta final?", ["final_sale", "general"]],
    ["Kann ich eine Geschenkkarte zurückgeben?", ["gift_card", "general"]],
    ["Do you charge a restocking fee on returns?", ["fees"]],
  ])("reads %s as a question about %j", (text, topics) => {
    expect(findPolicyTopics(text)).toEqual(expect.arrayContaining(topics));
  });

  it.each(["I want to return my order", "How much is shipping to Canada?", "When will I get my refund?", "Do you accept credit cards?", "¿Puedo cambiar la dirección de envío?", "Combien coûte la livraison ?"])(
    "leaves %s to the flow or the articles",
    (text) => expect(findPolicyTopics(text)).toEqual([]),
  );

  it("states the active policy's figures in the shopper's language", () => {
    expect(describePolicy(summary, ["swimwear"], "en")).toBe("Swimwear: **14 days from delivery**.");
    expect(describePolicy(summary, ["swimwear"], "fr")).toBe("Maillots de bain : **14 jours après la livraison**.");
    expect(describePolicy(summary, ["store_credit"], "es")).toContain("**bono del 10 %**");
    expect(describePolicy(summary, ["gift_card"], "de")).toBe("Geschenkkarten sind von der Rückgabe ausgeschlossen.");
    const general = describePolicy(summary, ["general"], "en").replace(/\*\*/g, "");
    for (const figure of ["30 days from delivery", "Swimwear: 14 days", "Holiday edit items: 60 days", "Final sale items", "10% bonus", "no restocking fee"]) expect(general).toContain(figure);
  });

  it("follows a changed policy: no final-sale tag, no exchanges, a fee", () => {
    const changed = publicPolicySummary(parsePolicyRules({ ...structuredClone(DEFAULT_POLICY_RULES), nonReturnableTags: [], allowedResolutions: ["refund", "store_credit"], restockingFeePercent: 5 }));
    expect(describePolicy(changed, ["final_sale"], "en")).toMatch(/Sale items can be returned like any other item/);
    expect(describePolicy(changed, ["exchange"], "en")).toBe("Exchanges aren't offered at the moment; you can choose a refund or store credit.");
    expect(describePolicy(changed, ["fees"], "en")).toContain("**5% restocking fee**");
  });
});
