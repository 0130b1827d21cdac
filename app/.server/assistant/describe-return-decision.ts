import type { Resolution, ReturnReason } from "../returns/types";
import { phrase, type Language } from "./phrases";
import type { ReturnDecision } from "./tools/tool";

/** How the guided flow and the decision sentence name reasons, resolutions and statuses to a shopper. */
export const REASON_LABELS: Record<ReturnReason, string> = {
  size_too_small: "Too small",
  size_too_large: "Too large",
  not_as_described: "Not as described",
  damaged: "Arrived damaged",
  defective: "Defective",
  wrong_item: "Wrong item sent",
  changed_mind: "Changed my mind",
  arrived_late: "Arrived late",
  other: "Something else",
};
export const RESOLUTION_LABELS: Record<Resolution, string> = { refund: "a refund", store_credit: "store credit", exchange: "an exchange" };
export const STATUS_WORDS: Record<string, string> = {
  approved: "approved",
  denied: "declined",
  pending_triage: "waiting for a review by the team",
  pending_review: "waiting for a review by the team",
  completed: "complete",
  cancelled: "cancelled",
};

/** A shopper-readable sentence for a return the policy decided. */
export function describeReturnDecision(decision: ReturnDecision, language: Language): string {
  const result = phrase(language, "returnResult", { order: decision.orderName, status: STATUS_WORDS[decision.status] ?? decision.status, explanation: decision.explanation });
  if (decision.status === "denied") return result;
  return `${result} ${phrase(language, "returnEstimate", { resolution: RESOLUTION_LABELS[decision.resolution as Resolution] ?? decision.resolution, amount: decision.amount, currency: decision.currency })}`;
}

