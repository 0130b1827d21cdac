/**
 * The longest values Dokani accepts, everywhere they are validated and stored (API.md, "Field
 * limits"). Columns are unbounded `text`, so any value that passes validation can be stored; the
 * limits keep what is shown to merchants and sent to the model readable.
 */
export const FIELD_LIMITS = {
  /** RFC 5321's longest path (256) less its angle brackets. */
  email: 254,
  /** A person's name as typed: long enough for any real one. */
  name: 100,
  /** A return's note; each item's note is half of it. */
  returnNote: 2_000,
  itemNote: 1_000,
  /** A merchant's note on a decision. */
  decisionNote: 2_000,
} as const;

/** Shortens text made from stored values (an email's subject line, say) to `max` characters, ending with an ellipsis. */
export function clipText(value: string, max: number): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  return `${chars.slice(0, Math.max(0, max - 1)).join("").trimEnd()}…`;
}
