import type { ReturnItem, ReturnRequest } from "../db.server";
import type { DecisionReason, ReturnView } from "./types";

/** API.md's ReturnView of a stored return. */
export function toReturnView(row: ReturnRequest & { items: ReturnItem[] }): ReturnView {
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
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
