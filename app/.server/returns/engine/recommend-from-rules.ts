import { riskBandOf } from "../risk-bands";
import type { Decision, Recommendation, ReturnReason } from "../types";
import { REASON_WORDS, distinct, sentenceList } from "./wording";

/*
 * The recommendation a merchant sees when no model is configured or the model fails. It reads only
 * the decision and the items, never the shopper's words, and it is advice: the decision stands.
 */

/** The part of a request the fallback looks at; a DecisionInput fits. */
export type RecommendationInput = { items: ReadonlyArray<{ reason: ReturnReason }> };

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function factorList(decision: Decision): string {
  const labels = decision.risk.factors.map((f) => f.label.charAt(0).toLowerCase() + f.label.slice(1));
  return labels.length ? labels.join("; ") : "no single large factor";
}

/**
 * The risk in the words of the admin's risk badge: "medium risk (score 0.49)". The band comes from
 * the same cut-offs as the badge, so the sentence and the badge beside it always agree.
 */
function riskWords(decision: Decision): string {
  return `${riskBandOf(decision.risk.score) ?? "low"} risk (score ${decision.risk.score.toFixed(2)})`;
}

/**
 * A rules-only recommendation for a decided request (source "rules"). Its `confidence` is a fixed
 * value per rule, kept for the API's shape; the admin shows a confidence only for a model's advice.
 */
export function recommendFromRules(input: RecommendationInput, decision: Decision): Recommendation {
  const risk = riskWords(decision);
  if (decision.outcome === "denied") {
    return {
      action: "deny",
      reasoning: `The policy declines this return: ${decision.reasons.map((r) => r.message).join(" ")}`,
      confidence: 1,
      source: "rules",
    };
  }
  if (decision.outcome === "approved") {
    return { action: "approve", reasoning: `Within policy, ${risk}; no rule asks for a review.`, confidence: 0.95, source: "rules" };
  }
  const codes = new Set(decision.reasons.map((r) => r.code));
  if (codes.has("evidence_reused")) {
    return {
      action: "request_info",
      reasoning: `A photo the shopper sent is the same picture as one sent on another return (${risk}). Compare the two returns, and ask for a new photo of this item before approving.`,
      confidence: 0.75,
      source: "rules",
    };
  }
  if (codes.has("risk_over_limit")) {
    const wornWithoutFault = decision.risk.factors.some((f) => f.code === "worn_without_fault");
    return wornWithoutFault
      ? {
          action: "deny",
          reasoning: `${capitalised(risk)}, over this shop's limit: ${factorList(decision)}. An item is reported worn for a reason that is not a fault: this looks like wear-and-return.`,
          confidence: 0.7,
          source: "rules",
        }
      : {
          action: "request_info",
          reasoning: `${capitalised(risk)}, over this shop's limit: ${factorList(decision)}. Ask for photos showing the item's condition, tags attached, before approving.`,
          confidence: 0.6,
          source: "rules",
        };
  }
  if (codes.has("evidence_unusable")) {
    return {
      action: "request_info",
      reasoning: `The shopper reports the item as ${sentenceList(distinct(input.items.map((i) => REASON_WORDS[i.reason])), "or")}, but the photo sent is blank or too small to show it. Ask for a clear photo and approve when it matches the description.`,
      confidence: 0.8,
      source: "rules",
    };
  }
  if (codes.has("evidence_required")) {
    return {
      action: "request_info",
      reasoning: `The shopper reports the item as ${sentenceList(distinct(input.items.map((i) => REASON_WORDS[i.reason])), "or")} and attached no photo. Ask for one and approve when it matches the description.`,
      confidence: 0.8,
      source: "rules",
    };
  }
  return {
    action: "approve",
    reasoning: `Every item is eligible and the risk, ${risk}, is under the automatic-approval limit; the request waits only because ${
      codes.has("auto_approve_disabled") ? "automatic approval is off" : "the order value is over the automatic-approval limit"
    }.`,
    confidence: 0.8,
    source: "rules",
  };
}
