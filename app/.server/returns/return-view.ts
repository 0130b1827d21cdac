import type { ReturnItem, ReturnRequest, Shop } from "../db.server";
import { nextStepFor, nextStepOf } from "./methods";
import { returnReference } from "./return-reference";
import type { DecisionReason, ReturnView } from "./types";

/**
 * API.md's ReturnView of a stored return. With the shop at hand, a return approved before next
 * steps were kept gets one planned from its decision time; without, only a kept step shows.
 */
export function toReturnView(row: ReturnRequest & { items: ReturnItem[] }, shop?: Pick<Shop, "settings" | "timezone">): ReturnView {
  return {
    id: row.id,
    orderName: row.orderName,
    status: row.status,
    resolution: row.resolution,
    items: row.items.map((item) => ({
      lineItemId: item.lineItemId,
      title: item.title,
      quantity: item.quantity,
      reason: item.reason,
      condition: item.condition ?? null,
    })),
    decision: {
      outcome: row.decisionOutcome,
      reasons: (row.decisionReasons as DecisionReason[]) ?? [],
      explanation: row.decisionExplanation,
    },
    refundEstimate: { amount: row.refundEstimate.toFixed(2), currency: row.currency },
    reference: returnReference(row.id),
    nextStep: shop ? nextStepFor(shop, row) : row.status === "approved" ? nextStepOf(row.nextStep) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
