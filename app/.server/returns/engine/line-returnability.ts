import type { PolicyRules } from "../../policies/policy-rules";
import type { DecisionReasonCode, OrderLine, OrderSnapshot } from "../types";
import { compileRules } from "./compile-rules";
import { DAY_MS, inspectLine, utcDay, windowStartMs } from "./window";
import { formatDay } from "./wording";

/** Whether a shopper may pick a line in the portal, and why not. */
export type LineReturnability = {
  returnable: boolean;
  /** The policy rule that blocks the line; null when returnable, or when nothing is left to return. */
  reason: DecisionReasonCode | null;
  /** A sentence for the shopper; null when returnable. */
  message: string | null;
  windowDays: number;
  /** The last instant of the line's window (end of its last UTC day). */
  windowEndsAt: Date;
};

/**
 * Why a line that has not arrived cannot be returned, with what to do instead; null for a line
 * that was delivered (or whose platform cannot tell).
 */
export function notDeliveredMessage(line: Pick<OrderLine, "title" | "deliveryStatus">): string | null {
  if (line.deliveryStatus === "not_shipped") return `${line.title} hasn't shipped yet, so there is nothing to return. To cancel it, contact the store.`;
  if (line.deliveryStatus === "in_transit") return `${line.title} is still on its way. You can return it once it arrives; to cancel it instead, contact the store.`;
  return null;
}

/** Marks one order line returnable or not under `rules` at `now`, as the order lookup shows it. */
export function lineReturnability(rules: PolicyRules, line: OrderLine, order: OrderSnapshot, now: Date): LineReturnability {
  const compiled = compileRules(rules);
  const facts = inspectLine(compiled, line);
  const startDay = utcDay(windowStartMs(compiled, order));
  const lastDay = startDay + facts.windowDays;
  const windowEndsAt = new Date((lastDay + 1) * DAY_MS - 1);
  const base = { windowDays: facts.windowDays, windowEndsAt };
  const undelivered = notDeliveredMessage(line);
  if (undelivered !== null) return { ...base, returnable: false, reason: "not_delivered", message: undelivered };
  if (facts.blockedType !== null) {
    return { ...base, returnable: false, reason: "non_returnable_product_type", message: `${line.title} can't be returned: the store doesn't take back ${facts.blockedType} items.` };
  }
  if (facts.blockedTag !== null) {
    return { ...base, returnable: false, reason: "non_returnable_tag", message: `${line.title} is marked ${facts.blockedTag} and can't be returned.` };
  }
  if (utcDay(now.getTime()) > lastDay) {
    return {
      ...base,
      returnable: false,
      reason: "outside_window",
      message: `The ${facts.windowDays}-day return window for ${line.title} ended on ${formatDay(windowEndsAt.getTime())}.`,
    };
  }
  if (line.returnableQuantity <= 0) {
    return { ...base, returnable: false, reason: null, message: `${line.title} has already been returned.` };
  }
  return { ...base, returnable: true, reason: null, message: null };
}
