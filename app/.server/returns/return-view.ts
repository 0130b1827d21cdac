import type { ReturnItem, ReturnRequest, Shop } from "../db.server";
import { nextStepFor, nextStepOf } from "./methods";
import { returnReference } from "./return-reference";
import type { DecisionReason, ExchangeDecision, ExchangeForView, ReturnView } from "./types";

/** A stored replacement as ReturnView shows it (null when none, or when the stored JSON is not one). */
export function exchangeForOf(value: unknown): ExchangeForView | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  if (typeof v.productId !== "string" || typeof v.variantId !== "string" || typeof v.title !== "string" || typeof v.price !== "string") return null;
  return {
    productId: v.productId,
    variantId: v.variantId,
    title: v.title,
    variantTitle: typeof v.variantTitle === "string" ? v.variantTitle : null,
    sku: typeof v.sku === "string" ? v.sku : null,
    price: v.price,
  };
}

/** The stored exchange decision of a return, or null. */
export function exchangeOf(value: unknown): ExchangeDecision | null {
  if (!value || typeof value !== "object") return null;
  const v = value as ExchangeDecision;
  return typeof v.instant === "boolean" && typeof v.difference === "string" ? v : null;
}

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
      exchangeFor: exchangeForOf(item.exchangeFor),
    })),
    decision: {
      outcome: row.decisionOutcome,
      reasons: (row.decisionReasons as DecisionReason[]) ?? [],
      explanation: row.decisionExplanation,
    },
    refundEstimate: { amount: row.refundEstimate.toFixed(2), currency: row.currency },
    reference: returnReference(row.id),
    nextStep: shop ? nextStepFor(shop, row) : row.status === "approved" ? nextStepOf(row.nextStep) : null,
    exchange: exchangeOf(row.exchange),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
