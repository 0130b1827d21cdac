/**
 * Words for the policy vocabulary, shared by the admin's policy pages and the server-side diff so
 * both describe a rule the same way.
 */

/** How each reason code reads in the admin. */
export const REASON_LABELS = {
  size_too_small: "Size too small",
  size_too_large: "Size too large",
  not_as_described: "Not as described",
  damaged: "Damaged",
  defective: "Defective",
  wrong_item: "Wrong item",
  changed_mind: "Changed mind",
  arrived_late: "Arrived late",
  other: "Other",
} as const;

/** How each resolution reads in the admin. */
export const RESOLUTION_LABELS = {
  refund: "Refund",
  store_credit: "Store credit",
  exchange: "Exchange",
} as const;

/** The days a backtest can look back over. */
export const BACKTEST_DAY_CHOICES = [30, 60, 90, 180, 365] as const;

/** The three outcomes a backtest compares. */
export const BACKTEST_OUTCOMES = ["approved", "denied", "review"] as const;
export type BacktestOutcome = (typeof BACKTEST_OUTCOMES)[number];

/** How each backtest outcome reads in the admin. */
export const OUTCOME_LABELS: Record<BacktestOutcome, string> = { approved: "Approved", denied: "Denied", review: "Review" };
