import type { AuditLog, Policy, ReturnItem, ReturnRequest, Shop } from "../db.server";
import type { PolicyRules } from "../policies/policy-rules";
import { toReturnView } from "../returns/return-view";
import type { Recommendation, RiskFactor } from "../returns/types";
import type { MerchantReturn, MerchantReturnDetail, PolicyVersionView } from "./schemas";

type ReturnRow = ReturnRequest & { items: ReturnItem[] };

/** A stored return as the merchant API lists it. */
export function toMerchantReturn(row: ReturnRow, shop?: Pick<Shop, "settings" | "timezone">): MerchantReturn {
  return {
    ...toReturnView(row, shop),
    customerEmail: row.customerEmail,
    risk: { score: row.riskScore === null ? null : row.riskScore.toNumber(), factors: (row.riskFactors as RiskFactor[] | null) ?? [] },
    policyVersion: row.policyVersion,
  };
}

/** A stored return with its audit rows (oldest first) as `GET /api/v1/returns/{id}` answers it. */
export function toMerchantReturnDetail(row: ReturnRow, audit: AuditLog[], shop?: Pick<Shop, "settings" | "timezone">): MerchantReturnDetail {
  return {
    ...toMerchantReturn(row, shop),
    timeline: audit.map((entry) => {
      const data = (entry.data ?? {}) as { actorName?: unknown };
      return {
        at: entry.createdAt.toISOString(),
        action: entry.action,
        actor: { type: entry.actorType, id: entry.actorId, name: typeof data.actorName === "string" ? data.actorName : null },
        message: entry.message,
      };
    }),
    aiRecommendation: (row.aiRecommendation as Recommendation | null) ?? null,
    syncStatus: row.syncStatus,
    syncError: row.syncError,
    refunded: row.refundedAmount === null ? null : { amount: row.refundedAmount.toFixed(2), currency: row.currency },
    receivedAt: row.receivedAt?.toISOString() ?? null,
    refundLines:
      row.status === "completed" && row.items.some((i) => i.refundQuantity !== null)
        ? row.items.map((i) => ({
            lineItemId: i.lineItemId,
            quantity: i.quantity,
            refundQuantity: i.refundQuantity ?? i.quantity,
            amount: { amount: (i.refundAmount ?? i.unitPrice.mul(i.quantity)).toFixed(2), currency: row.currency },
            restock: i.restock,
          }))
        : null,
  };
}

/** A stored policy version as the merchant API shows it. */
export function toPolicyVersionView(row: Policy): PolicyVersionView {
  return {
    version: row.version,
    status: row.status,
    rules: row.rules as PolicyRules,
    createdAt: row.createdAt.toISOString(),
    activatedAt: row.activatedAt?.toISOString() ?? null,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    active: row.status === "active",
  };
}
