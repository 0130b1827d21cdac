import type { PolicyRules } from "./policy-rules";

/**
 * The figures a help article states about the return policy (windows, the store-credit bonus, the
 * restocking fee), read from its sentences, and where they disagree with a policy version. The
 * policy is what the engine applies; an article that says otherwise misleads shoppers.
 */

/** One figure an article states that the policy contradicts. */
export type PolicyDisagreement = {
  topic: "return_window" | "override_window" | "store_credit_bonus" | "restocking_fee";
  /** What the figure is about, in words ("Swimwear", "most items"). */
  subject: string;
  articleSays: number;
  policySays: number;
  /** The sentence of the article that states it. */
  excerpt: string;
};

function fold(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

function sentences(body: string): string[] {
  return body
    // Headings name a section without saying what it applies to: the sentences under them do.
    .replace(/^#+ .*$/gm, "")
    .replace(/\*\*|__|`/g, "")
    .replace(/\n(?![-*\d#|])/g, " ")
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/^(?:[-*]\s+|\d+\.\s+|#+\s*)/, "").trim())
    .filter(Boolean);
}

type WindowRule = { subject: string; days: number; words: RegExp };

function windowRules(rules: PolicyRules): WindowRule[] {
  return rules.overrides.map((o) => {
    const name = "productType" in o.match ? o.match.productType : o.match.tag;
    const stemWord = fold(name).replace(/[^a-z0-9]+/g, " ").trim().split(" ")[0]!.slice(0, 5);
    return { subject: name, days: o.returnWindowDays, words: new RegExp(`\\b${stemWord.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) };
  });
}

// A figure counts as a return window only in a sentence about returning, measured from delivery or
// the order, or called a window; "drop it off within 14 days" or "contact us within 30 days" is not one.
const WINDOW_FIGURE = /(\d{1,3})[- ](?:days?|day)\b(?:\s+(?:from|of|after)\s+(?:delivery|the order|purchase|ordering))?(?:[- ](?:return )?window)?/g;
const IS_WINDOW = /(\d{1,3})[- ]days?\s+(?:from|of|after)\s+(?:delivery|the order|purchase)|(\d{1,3})[- ]day (?:return )?window|(?:within|for|up to)\s+(\d{1,3})\s+days\b[^.]*\breturn|\breturn\w*\b[^.]*(?:within|for|up to)\s+(\d{1,3})\s+days/;
const NOT_A_WINDOW = /\b(contact us|label|drop|business days?|expire|refund(s)? (take|appear)|arrive|ship|repair|hem)\b/;
const INSTEAD = /(?:rather than|instead of)\s+(\d{1,3})/;

/** The disagreements between an article's text and `rules`; empty when it agrees or states no figure. */
export function compareArticleToPolicy(body: string, rules: PolicyRules): PolicyDisagreement[] {
  const out: PolicyDisagreement[] = [];
  const overrides = windowRules(rules);
  const seen = new Set<string>();
  const push = (d: PolicyDisagreement) => {
    const key = `${d.topic}:${d.subject}:${d.articleSays}`;
    if (seen.has(key) || d.articleSays === d.policySays) return;
    seen.add(key);
    out.push(d);
  };
  for (const sentence of sentences(body)) {
    const text = fold(sentence);
    const excerpt = sentence.slice(0, 240);
    const bonus = /(\d{1,3}(?:\.\d+)?)\s?% (?:store[- ]credit )?bonus|bonus of (\d{1,3}(?:\.\d+)?)\s?%/.exec(text);
    if (bonus) push({ topic: "store_credit_bonus", subject: "store credit", articleSays: Number(bonus[1] ?? bonus[2]), policySays: rules.storeCreditBonusPercent, excerpt });
    const fee = /(\d{1,3}(?:\.\d+)?)\s?% restocking fee|restocking fee of (\d{1,3}(?:\.\d+)?)\s?%/.exec(text);
    if (fee) push({ topic: "restocking_fee", subject: "refunds", articleSays: Number(fee[1] ?? fee[2]), policySays: rules.restockingFeePercent, excerpt });
    else if (/\b(no|don'?t charge a|never charge a) restocking fee/.test(text)) push({ topic: "restocking_fee", subject: "refunds", articleSays: 0, policySays: rules.restockingFeePercent, excerpt });

    if (!IS_WINDOW.test(text) || NOT_A_WINDOW.test(text)) continue;
    const instead = INSTEAD.exec(text);
    if (instead) push({ topic: "return_window", subject: "most items", articleSays: Number(instead[1]), policySays: rules.returnWindowDays, excerpt });
    const withoutInstead = text.replace(INSTEAD, " ");
    const override = overrides.find((o) => o.words.test(withoutInstead));
    for (const match of withoutInstead.matchAll(WINDOW_FIGURE)) {
      const days = Number(match[1]);
      // A sentence that names an override speaks of it unless it says "most items"; a list line of its own names it directly.
      const named = overrides.find((o) => o.words.test(withoutInstead.slice(Math.max(0, match.index - 60), match.index + match[0].length + 60)));
      const rule = named ?? override;
      if (rule && !/\bmost items\b/.test(withoutInstead)) push({ topic: "override_window", subject: rule.subject, articleSays: days, policySays: rule.days, excerpt });
      else push({ topic: "return_window", subject: "most items", articleSays: days, policySays: rules.returnWindowDays, excerpt });
    }
  }
  return out;
}
