import { decideReturn, recommendFromRules } from "../../app/.server/returns/engine";
import type { DecisionInput, DecisionReason, OrderSnapshot, Recommendation, RiskFactor } from "../../app/.server/returns/types";

/** An order of the demo (generated or read back from `demo_orders`) as the engine reads it, every line still returnable. */
export function demoOrderSnapshot(order: {
  platformOrderId: string;
  name: string;
  email: string;
  currency: string;
  totalPrice: string;
  processedAt: Date;
  deliveredAt: Date | null;
  lineItems: ReadonlyArray<{ id: string; title: string; variantTitle?: string | null; sku?: string | null; quantity: number; unitPrice: string; productType?: string | null; tags?: string[] }>;
}): OrderSnapshot {
  return {
    id: order.platformOrderId,
    name: order.name,
    email: order.email,
    currency: order.currency,
    totalPrice: order.totalPrice,
    processedAt: order.processedAt,
    deliveredAt: order.deliveredAt,
    lineItems: order.lineItems.map((line) => ({
      id: line.id,
      title: line.title,
      variantTitle: line.variantTitle ?? null,
      sku: line.sku ?? null,
      quantity: line.quantity,
      returnableQuantity: line.quantity,
      unitPrice: line.unitPrice,
      productType: line.productType ?? null,
      tags: line.tags ?? [],
    })),
  };
}

/** What the rules wrote for a demo return, wherever it is kept: its columns, or the rules' audit entry once a merchant decided. */
export type RulesRecord = {
  outcome: string;
  reasons: DecisionReason[];
  explanation: string;
  riskScore: string | null;
  riskFactors: RiskFactor[];
  aiRecommendation: Recommendation | null;
};

/** The record the engine itself gives for these inputs; a return still waiting for triage shows no outcome yet (`pending`). */
export function engineRecord(input: DecisionInput, waitingForTriage: boolean): RulesRecord {
  const decision = decideReturn(input);
  return {
    outcome: waitingForTriage ? "pending" : decision.outcome,
    reasons: decision.reasons,
    explanation: decision.explanation,
    riskScore: decision.risk.score.toFixed(3),
    riskFactors: decision.risk.factors,
    aiRecommendation: decision.outcome === "pending_review" && !waitingForTriage ? recommendFromRules(input, decision) : null,
  };
}
