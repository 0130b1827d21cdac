import type { Resolution, ReturnReason } from "../types";

/**
 * The words of decisions: shopper-facing sentences built without Intl, which is slow to call per
 * decision and varies with the server's ICU data.
 */

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "a", "a and b", "a, b and c" (or "or"). */
export function sentenceList(parts: readonly string[], conjunction = "and"): string {
  const n = parts.length;
  if (n === 0) return "";
  if (n === 1) return parts[0]!;
  let out = parts[0]!;
  for (let i = 1; i < n - 1; i++) out += ", " + parts[i]!;
  return out + " " + conjunction + " " + parts[n - 1]!;
}

/** An instant's UTC date as "December 4, 2026". */
export function formatDay(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** How a resolution reads in a sentence. */
export const RESOLUTION_WORDS: Record<Resolution, string> = { refund: "a refund", store_credit: "store credit", exchange: "an exchange" };

/** How a reason reads after "reported as". */
export const REASON_WORDS: Record<ReturnReason, string> = {
  size_too_small: "too small",
  size_too_large: "too large",
  not_as_described: "not as described",
  damaged: "damaged",
  defective: "defective",
  wrong_item: "the wrong item",
  changed_mind: "no longer wanted",
  arrived_late: "late",
  other: "having another problem",
};

/** Distinct values in first-seen order. */
export function distinct(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) if (!out.includes(v)) out.push(v);
  return out;
}

/** The words for each value, in order (a loop, not a closure: this runs per decision). */
export function wordsFor<K extends string>(values: readonly K[], words: Record<K, string>): string[] {
  const out: string[] = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = words[values[i]!];
  return out;
}
