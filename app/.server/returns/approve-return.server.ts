import type { ShopContext } from "../shops/shop-context";
import { transitionReturn } from "./transition-return.server";

/** A merchant (or their integration) approves a return awaiting triage or review. */
export async function approveReturn(ctx: ShopContext, input: { returnId: string; note?: string }) {
  const now = new Date();
  return transitionReturn(ctx.shop.id, input.returnId, "approved", {
    actor: ctx.actor,
    action: "decided.approved",
    message: input.note,
    notify: "approved",
    changes: {
      decisionOutcome: "approved",
      decisionReasons: [{ code: "merchant_decision", message: "Approved by the store." }],
      decisionExplanation: "The store has approved your return.",
      decidedAt: now,
      decidedBy: `${ctx.actor.type}:${ctx.actor.id ?? ""}`,
    },
  });
}
