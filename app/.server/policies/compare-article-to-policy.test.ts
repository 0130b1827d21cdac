import { describe, expect, it } from "vitest";
import { DEMO_ARTICLES } from "../demo/catalog";
import { compareArticleToPolicy } from "./compare-article-to-policy";
import { DEFAULT_POLICY_RULES } from "./default-policy";
import { parsePolicyRules } from "./policy-rules";

const rules = (patch: Record<string, unknown> = {}) => parsePolicyRules({ ...structuredClone(DEFAULT_POLICY_RULES), ...patch });

describe("articles against the policy", () => {
  it("finds no disagreement between the demo's articles and its own policy", () => {
    for (const article of DEMO_ARTICLES) expect(compareArticleToPolicy(article.body, rules()), article.title).toEqual([]);
  });

  it("names the figures a changed policy contradicts, and only return windows, bonus and fee", () => {
    const changed = rules({ returnWindowDays: 21, storeCreditBonusPercent: 15, overrides: [{ match: { productType: "Swimwear" }, returnWindowDays: 7 }] });
    const disagreeing: Record<string, string[] | undefined> = Object.fromEntries(
      DEMO_ARTICLES.map((a) => [a.title, compareArticleToPolicy(a.body, changed).map((d) => `${d.subject}: ${d.articleSays} → ${d.policySays}`)]).filter(([, d]) => (d as string[]).length),
    );
    expect(disagreeing["Our return policy"]).toEqual(expect.arrayContaining(["most items: 30 → 21", "Swimwear: 14 → 7", "store credit: 10 → 15"]));
    expect(disagreeing["Swimwear returns"]).toEqual(expect.arrayContaining(["Swimwear: 14 → 7", "most items: 30 → 21"]));
    expect(disagreeing["Store credit"]).toEqual(["store credit: 10 → 15"]);
    // Label deadlines, refund times and damage claims are not return windows.
    expect(disagreeing["How to start a return"]).toEqual(["store credit: 10 → 15"]);
    expect(disagreeing["Final sale items"]).toBeUndefined();
    expect(disagreeing["When will I get my refund?"]).toBeUndefined();
  });
});
