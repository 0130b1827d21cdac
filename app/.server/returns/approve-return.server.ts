import type { Actor } from "../audit/record-audit";
import { transitionReturn } from "./transition-return.server";

/** A merchant (or their integration) approves a return awaiting triage or review. */
export async function approveReturn(shopId: string, returnId: string, options: { actor: Actor; note?: string }) {
  const now = new Date();
  return transitionReturn(shopId, returnId, "approved", {
    actor: options.actor,
    action: "decided.approved",
    message: options.note,
    notify: "approved",
    changes: {
      decisionOutcome: "approved",
      decisionReasons: [{ code: "merchant_decision", message: "Approved by the store." }],
      decisionExplanation: "The store has approved your return.",
      decidedAt: now,
      decidedBy: `${options.actor.type}:${options.actor.id ?? ""}`,
    },
  });
}
