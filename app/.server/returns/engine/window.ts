import type { OrderLine, OrderSnapshot } from "../types";
import type { CompiledRules } from "./compile-rules";

/**
 * Return windows in whole UTC days. The day the window starts from (delivery, or the order date)
 * is day 0; an N-day window accepts requests through the end of day N (23:59:59.999 UTC) and
 * refuses them from the first instant of day N + 1. Calendar days rather than 24-hour periods,
 * so a shopper's "30 days" does not depend on the hour the parcel arrived.
 */

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** The UTC day number (days since 1970-01-01) of an instant. */
export function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** The instant the order's windows count from: delivery, or the order date when the policy says so or there is no delivery. */
export function windowStartMs(rules: CompiledRules, order: OrderSnapshot): number {
  return rules.fromOrder || order.deliveredAt === null ? order.processedAt.getTime() : order.deliveredAt.getTime();
}

/** What the policy says about one line: the product type or tag that blocks it (as the platform wrote it), and its window. */
export type LineFacts = { blockedType: string | null; blockedTag: string | null; windowDays: number };

/** Checks a line against the non-returnable lists and finds its window (the first matching override wins). */
export function inspectLine(rules: CompiledRules, line: OrderLine): LineFacts {
  const type = line.productType === null ? "" : line.productType.trim().toLowerCase();
  const tags = line.tags;
  const lowered: string[] = new Array<string>(tags.length);
  let blockedTag: string | null = null;
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!.trim().toLowerCase();
    lowered[i] = tag;
    if (blockedTag === null && rules.nonReturnableTags.has(tag)) blockedTag = tags[i]!;
  }
  const blockedType = type !== "" && rules.nonReturnableTypes.has(type) ? line.productType : null;
  let windowDays = rules.windowDays;
  const overrides = rules.overrides;
  for (let i = 0; i < overrides.length; i++) {
    const o = overrides[i]!;
    if (o.byTag ? lowered.includes(o.value) : o.value === type) {
      windowDays = o.windowDays;
      break;
    }
  }
  return { blockedType, blockedTag, windowDays };
}
