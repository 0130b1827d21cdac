import type { RiskFactor } from "../types";
import { formatCentsWithCode } from "../../money";

/**
 * Layer 2 of a decision: a 0..1 risk score as the sum of named factors, each capped, the total
 * capped at 1. Contributions are whole thousandths so the score is exact to store (DECIMAL(4,3))
 * and the same on every machine. Every factor grows with the history it counts, so more history
 * can only raise the score.
 */

/**
 * How far the emails seen from one client are counted. The history reads the client's latest
 * SAME_CLIENT_RETURNS_READ returns of 30 days, so a shared network address (a carrier's, a store's
 * kiosk) costs a bounded read; the factor's weight is at its most from five emails on.
 */
export const SAME_CLIENT_EMAILS_COUNTED = 50;
export const SAME_CLIENT_RETURNS_READ = 200;

/** What the score is computed from, already counted by the engine. */

export type RiskSignals = {
  /** Earlier return requests of the customer at the shop, cancelled ones left out. */
  priorReturns: number;
  orderCount: number;
  /** Of those, the ones inside the customer-limit period. */
  recentReturns: number;
  periodDays: number;
  orderCents: number;
  medianOrderCents: number;
  currency: string;
  /** How far into its window the latest item is, in percent (over 100 when past it). */
  windowUsedPercent: number;
  priorNotAsDescribed: number;
  requestsNotAsDescribed: boolean;
  /** An item reported worn and returned for a reason that is not a fault of the item. */
  wornWithoutFault: boolean;
  requestsOnThisOrder: number;
  emailsFromSameClient: number;
  /** Photos of this request that repeat a picture sent on another return of the shop. */
  reusedPhotos?: number;
};

/** The score (0..1), the same in whole thousandths, and the factors that make it up. */
export type RiskScore = { score: number; thousandths: number; factors: RiskFactor[] };

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

// Module-level helpers rather than closures: some TypeScript runners (tsx) wrap every closure in a
// naming call at each creation, which costs more than the whole score.
function factor(factors: RiskFactor[], code: string, label: string, thousandths: number): number {
  factors.push({ code, label, contribution: thousandths / 1000 });
  return thousandths;
}

/** Scores a request's risk from its signals; factors that add nothing are left out. */
export function scoreRisk(s: RiskSignals): RiskScore {
  const factors: RiskFactor[] = [];
  let total = 0;

  if (s.priorReturns > 0) {
    const orders = s.orderCount > 0 ? s.orderCount : 1;
    total += factor(
      factors,
      "return_rate",
      `${s.priorReturns} earlier ${plural(s.priorReturns, "return", "returns")} across ${orders} ${plural(orders, "order", "orders")}`,
      Math.min(250, Math.floor((250 * s.priorReturns) / orders)),
    );
  }
  if (s.recentReturns > 0) {
    total += factor(factors, "recent_returns", `${s.recentReturns} ${plural(s.recentReturns, "return", "returns")} in the last ${s.periodDays} days`, Math.min(300, 75 * s.recentReturns));
  }
  if (s.medianOrderCents > 0 && s.orderCents >= 2 * s.medianOrderCents) {
    const triple = s.orderCents >= 3 * s.medianOrderCents;
    total += factor(
      factors,
      "high_order_value",
      `Order of ${formatCentsWithCode(s.orderCents, s.currency)} is over ${triple ? "three times" : "twice"} the store's median order (${formatCentsWithCode(s.medianOrderCents, s.currency)})`,
      triple ? 150 : 80,
    );
  }
  if (s.windowUsedPercent >= 90) total += factor(factors, "late_in_window", "Requested in the last tenth of the return window", 80);
  else if (s.windowUsedPercent >= 75) total += factor(factors, "late_in_window", "Requested in the last quarter of the return window", 40);
  const notAsDescribed = s.priorNotAsDescribed + (s.requestsNotAsDescribed ? 1 : 0);
  if (notAsDescribed >= 2) {
    total += factor(factors, "repeated_not_as_described", `Reported "not as described" ${notAsDescribed} times`, Math.min(250, 100 * (notAsDescribed - 1)));
  }
  if (s.wornWithoutFault) total += factor(factors, "worn_without_fault", "An item reported as worn, returned for a reason that is not a fault", 80);
  if (s.requestsOnThisOrder > 0) {
    total += factor(
      factors,
      "repeat_request_on_order",
      `${s.requestsOnThisOrder} earlier ${plural(s.requestsOnThisOrder, "request", "requests")} on this order`,
      Math.min(200, 100 * s.requestsOnThisOrder),
    );
  }
  if (s.emailsFromSameClient >= 3) {
    const emails = s.emailsFromSameClient >= SAME_CLIENT_EMAILS_COUNTED ? `${SAME_CLIENT_EMAILS_COUNTED} or more` : String(s.emailsFromSameClient);
    total += factor(
      factors,
      "shared_client",
      `${emails} different emails asked for returns from the same device or network in 30 days`,
      Math.min(300, 100 * (s.emailsFromSameClient - 2)),
    );
  }
  if (s.reusedPhotos && s.reusedPhotos > 0) {
    total += factor(
      factors,
      "reused_photo",
      s.reusedPhotos === 1 ? "A photo is the same picture as one sent on another return" : `${s.reusedPhotos} photos are the same pictures as ones sent on other returns`,
      Math.min(450, 300 + 75 * (s.reusedPhotos - 1)),
    );
  }
  const thousandths = total > 1000 ? 1000 : total;
  return { score: thousandths / 1000, thousandths, factors };
}
