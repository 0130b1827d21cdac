import { Prisma } from "../db.server";
import type { Decision } from "./types";

/** The columns of `return_requests` that record a rules decision: outcome, reasons, risk and refund. */
export function decisionColumns(decision: Decision) {
  return {
    decisionOutcome: decision.outcome,
    decisionReasons: decision.reasons,
    decisionExplanation: decision.explanation,
    // Decimal(4,3) in the database; the score is whole thousandths, so this is exact.
    riskScore: decision.risk.score.toFixed(3),
    riskFactors: decision.risk.factors,
    refundEstimate: decision.refund.amount,
    restockingFee: decision.refund.restockingFee,
    storeCreditBonus: decision.refund.storeCreditBonus,
    // Prisma's JSON null: a column written by a later decision must lose an earlier exchange.
    exchange: decision.exchange === null ? Prisma.DbNull : (decision.exchange as unknown as Prisma.InputJsonValue),
  };
}
