import type { Actor } from "../audit/record-audit";
import { transitionReturn } from "./transition-return.server";

/** A merchant denies a return awaiting triage or review; the reason is shown to the shopper. */
export async function denyReturn(shopId: string, returnId: string, options: { actor: Actor; reason: string; note?: string }) {
  return transitionReturn(shopId, returnId, "denied", {
    actor: options.actor,
    action: "decided.denied",
    message: options.note ?? options.reason,
    notify: "denied",
    changes: {
      decisionOutcome: "denied",
      decisionReasons: [{ code: "merchant_decision", message: options.reason }],
      decisionExplanation: options.reason,
      decidedAt: new Date(),
      decidedBy: `${options.actor.type}:${options.actor.id ?? ""}`,
    },
  });
}
