import type { PolicyRules } from "../../policies/policy-rules";
import { AppError } from "../../errors";
import type { Money, RefundEstimate, Resolution } from "../types";
import { type CompiledRules, compileRules } from "./compile-rules";
import { formatCents, parseCents, percentOfCents } from "../../money";

/*
 * What a return is worth to the shopper, in exact cents. A refund loses the restocking fee; store
 * credit gains the bonus and pays no fee (the fee exists to discourage refunds, not credit); an
 * exchange is the items' value, no fee and no bonus. Fee and bonus are rounded half-up to the cent.
 * The estimate does not look at whether the return is allowed: the portal shows it before the
 * shopper submits, and a denied return keeps the figure it was asked for.
 */

/** The estimate for an items value already in cents (the engine's own path). */
export function refundFromCents(rules: CompiledRules, valueCents: number, resolution: Resolution, currency: string): RefundEstimate {
  let fee = 0;
  let bonus = 0;
  if (resolution === "refund") fee = percentOfCents(valueCents, rules.restockingFeeBp);
  else if (resolution === "store_credit") bonus = percentOfCents(valueCents, rules.storeCreditBonusBp);
  return {
    amount: formatCents(valueCents - fee + bonus),
    itemsValue: formatCents(valueCents),
    restockingFee: formatCents(fee),
    storeCreditBonus: formatCents(bonus),
    currency,
  };
}

/** What the shopper gets back for these lines (unit price × quantity) under `rules` and `resolution`. */
export function estimateRefund(
  rules: PolicyRules,
  lines: ReadonlyArray<{ unitPrice: Money; quantity: number }>,
  resolution: Resolution,
  currency: string,
): RefundEstimate {
  let value = 0;
  for (const line of lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 0) {
      throw new AppError("invalid_request", `A quantity of ${line.quantity} can't be returned.`);
    }
    value += parseCents(line.unitPrice) * line.quantity;
  }
  return refundFromCents(compileRules(rules), value, resolution, currency);
}
