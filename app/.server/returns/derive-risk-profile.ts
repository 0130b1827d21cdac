import { formatCents, parseCents } from "../money";
import type { ReturnStatus } from "./types";

/** What a risk profile reads of one return. */
export type ProfileReturn = {
  status: ReturnStatus;
  refundEstimate: string;
  riskScore: string | null;
  createdAt: Date;
  platformOrderId: string;
  /** A photo of the return is the same picture as one sent on another return. */
  reusedPhoto?: boolean;
};

/** The columns of a customer's risk profile. */
export type RiskProfileColumns = {
  orderCount: number;
  returnCount: number;
  deniedCount: number;
  returnedValue: string;
  riskScore: string;
  flags: string[];
  lastReturnAt: Date;
};

/**
 * A customer's risk profile from their returns at the shop, newest first and cancelled ones left
 * out, and the orders the shop knows of; null without returns. Pure, so that the demo's profiles are
 * derived by the same rule as the app's.
 */
export function deriveRiskProfile(returns: readonly ProfileReturn[], knownOrders: number): RiskProfileColumns | null {
  const latest = returns[0];
  if (!latest) return null;
  let returnedCents = 0;
  for (const r of returns) if (r.status === "approved" || r.status === "completed") returnedCents += parseCents(r.refundEstimate);
  const orderCount = Math.max(knownOrders, new Set(returns.map((r) => r.platformOrderId)).size);
  const returnCount = returns.length;
  return {
    orderCount,
    returnCount,
    deniedCount: returns.filter((r) => r.status === "denied").length,
    returnedValue: formatCents(returnedCents),
    riskScore: latest.riskScore ?? "0",
    flags: [
      ...(returnCount >= 5 && returnCount / Math.max(orderCount, 1) > 0.5 ? ["serial_returner"] : []),
      ...(returns.some((r) => r.reusedPhoto) ? ["reused_photo"] : []),
    ],
    lastReturnAt: latest.createdAt,
  };
}
