import { DEFAULT_POLICY_RULES } from "../../policies/default-policy";
import { type PolicyRules, parsePolicyRules } from "../../policies/policy-rules";
import type { CustomerHistory, DecisionInput, OrderLine, OrderSnapshot } from "../types";

/** Builders of engine inputs for tests and the engine benchmark: sensible defaults, override what a case is about. */

/** The default policy, parsed, with some fields replaced. */
export function makeRules(patch: Partial<PolicyRules> = {}): PolicyRules {
  return parsePolicyRules({ ...structuredClone(DEFAULT_POLICY_RULES), ...patch });
}

/** An order line: one "Linen Shirt" at 49.00, returnable. */
export function makeLine(patch: Partial<OrderLine> = {}): OrderLine {
  return {
    id: "9001",
    title: "Linen Shirt",
    variantTitle: "M",
    sku: "LS-M",
    quantity: 1,
    returnableQuantity: 1,
    unitPrice: "49.00",
    productType: "Shirts",
    tags: ["summer"],
    ...patch,
  };
}

/** An order placed 2026-11-01 and delivered 2026-11-04 (10:00 UTC), with one default line. */
export function makeOrder(patch: Partial<OrderSnapshot> = {}): OrderSnapshot {
  return {
    id: "5001",
    name: "#1001",
    email: "alex@example.com",
    currency: "USD",
    totalPrice: "49.00",
    processedAt: new Date("2026-11-01T10:00:00.000Z"),
    deliveredAt: new Date("2026-11-04T10:00:00.000Z"),
    lineItems: [makeLine()],
    ...patch,
  };
}

/** A first-time customer with no history at a shop whose median order is 60.00. */
export function makeHistory(patch: Partial<CustomerHistory> = {}): CustomerHistory {
  return { orderCount: 1, priorReturns: [], requestsOnThisOrder: 0, emailsFromSameClient: 1, shopMedianOrderValue: "60.00", ...patch };
}

/** A request for the default line, size too small, refund, ten days after delivery. */
export function makeInput(patch: Partial<DecisionInput> = {}): DecisionInput {
  return {
    rules: makeRules(),
    policyVersion: 1,
    now: new Date("2026-11-14T12:00:00.000Z"),
    order: makeOrder(),
    items: [{ lineItemId: "9001", quantity: 1, reason: "size_too_small", condition: "unworn" }],
    resolution: "refund",
    evidenceCount: 0,
    history: makeHistory(),
    ...patch,
  };
}

/** `n` earlier returns, `daysAgo` days before `now`, approved unless told otherwise. */
export function priorReturns(
  n: number,
  now: Date,
  options: { daysAgo?: number; status?: CustomerHistory["priorReturns"][number]["status"]; reasons?: CustomerHistory["priorReturns"][number]["reasons"] } = {},
): CustomerHistory["priorReturns"] {
  return Array.from({ length: n }, (_, i) => ({
    createdAt: new Date(now.getTime() - (options.daysAgo ?? 10) * 86_400_000 - i * 1000),
    orderId: `p${i}`,
    status: options.status ?? "approved",
    reasons: options.reasons ?? ["size_too_small"],
    value: "30.00",
  }));
}
