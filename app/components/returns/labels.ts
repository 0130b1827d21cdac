import { formatShopDate, formatShopDateTime } from "../shop-time";

/** Words the admin shows for the stored codes of a return (statuses, reasons, resolutions, timeline actions). */

export const STATUS_LABELS: Record<string, string> = {
  pending_triage: "Awaiting triage",
  pending_review: "Needs review",
  approved: "Approved",
  denied: "Denied",
  completed: "Completed",
  cancelled: "Cancelled",
};

export const REASON_LABELS: Record<string, string> = {
  size_too_small: "Too small",
  size_too_large: "Too large",
  not_as_described: "Not as described",
  damaged: "Damaged",
  defective: "Defective",
  wrong_item: "Wrong item",
  changed_mind: "Changed mind",
  arrived_late: "Arrived late",
  other: "Other",
};

export const RESOLUTION_LABELS: Record<string, string> = { refund: "Refund", store_credit: "Store credit", exchange: "Exchange" };

export const OUTCOME_LABELS: Record<string, string> = { approved: "Approved", denied: "Denied", pending_review: "Review", pending: "Not decided" };

export const CONDITION_LABELS: Record<string, string> = { unopened: "Unopened", unworn: "Unworn", worn: "Worn", damaged: "Damaged" };

export const RISK_BAND_LABELS: Record<string, string> = { low: "Low risk", medium: "Medium risk", high: "High risk" };

export const ACTION_LABELS: Record<string, string> = {
  created: "Return requested",
  triaged: "Triaged",
  "decided.approved": "Approved",
  "decided.denied": "Denied",
  completed: "Completed",
  cancelled: "Cancelled",
  items_received: "Items received",
  info_requested: "More information requested",
  note_added: "Internal note",
  evidence_added: "Photo added",
  "synced.request": "Return opened on the store",
  "synced.approve": "Approval sent to the store",
  "synced.decline": "Decline sent to the store",
  "synced.process": "Refund or credit issued on the store",
};

/** A code in words: the known label, or the code with its underscores as spaces. */
export function label(map: Record<string, string>, code: string | null | undefined): string {
  if (!code) return "—";
  return map[code] ?? code.replace(/[._]/g, " ").replace(/^\w/, (c) => c.toUpperCase());
}

/** An exact decimal amount with its currency, formatted for people (Intl reads the decimal string exactly). */
export function formatMoney(amount: string, currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(amount as unknown as number);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** A timestamp as a date and time in the shop's time zone (see shop-time.ts). */
export function formatDateTime(iso: string, timeZone: string): string {
  return formatShopDateTime(iso, timeZone);
}

/** A timestamp as a date only, in the shop's time zone. */
export function formatDate(iso: string, timeZone: string): string {
  return formatShopDate(iso, timeZone);
}

/** What the queue says about a return's photos, next to its risk. */
export const PHOTO_FLAG_WORDS: Record<"reused" | "unusable" | "not_shown", string> = {
  reused: "Photo reused from another return",
  unusable: "Photo blank or too small",
  not_shown: "Photos don't show the problem",
};
