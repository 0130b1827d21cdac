import type { ShopContext } from "../shops/shop-context";
import { transitionReturn } from "./transition-return.server";

/** A merchant denies a return awaiting triage or review; the reason is shown to the shopper. */
export async function denyReturn(ctx: ShopContext, input: { returnId: string; reason: string; note?: string }) {
  return transitionReturn(ctx.shop.id, input.returnId, "denied", {
    actor: ctx.actor,
    action: "decided.denied",
    message: input.note ?? input.reason,
    notify: "denied",
    changes: {
      decisionOutcome: "denied",
      decisionReasons: [{ code: "merchant_decision", message: input.reason }],
      decisionExplanation: input.reason,
      decidedAt: new Date(),
      decidedBy: `${ctx.actor.type}:${ctx.actor.id ?? ""}`,
    },
  });
}
