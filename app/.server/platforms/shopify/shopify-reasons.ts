import type { ReturnReason } from "../../returns/types";

/**
 * Dokani's return reasons and decline reasons in Shopify's vocabulary (Admin API 2026-07:
 * `ReturnReason`, `ReturnDeclineReason`). Shopify has no "arrived late" and folds damaged into
 * defective, so the shopper's own words travel in the customer note.
 */

export type ShopifyReturnReason =
  | "COLOR"
  | "DEFECTIVE"
  | "NOT_AS_DESCRIBED"
  | "OTHER"
  | "SIZE_TOO_LARGE"
  | "SIZE_TOO_SMALL"
  | "STYLE"
  | "UNKNOWN"
  | "UNWANTED"
  | "WRONG_ITEM";

const RETURN_REASONS: Record<ReturnReason, ShopifyReturnReason> = {
  size_too_small: "SIZE_TOO_SMALL",
  size_too_large: "SIZE_TOO_LARGE",
  not_as_described: "NOT_AS_DESCRIBED",
  damaged: "DEFECTIVE",
  defective: "DEFECTIVE",
  wrong_item: "WRONG_ITEM",
  changed_mind: "UNWANTED",
  arrived_late: "OTHER",
  other: "OTHER",
};

// Shopify's customerNote limit.
const CUSTOMER_NOTE_MAX = 300;
// Shopify's declineNote limit.
const DECLINE_NOTE_MAX = 500;

/** The Shopify `ReturnReason` for one of Dokani's reasons. */
export function shopifyReturnReason(reason: ReturnReason): ShopifyReturnReason {
  return RETURN_REASONS[reason];
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The customer note for a returned line; a reason Shopify cannot name is spelled out in it. */
export function shopifyCustomerNote(reason: ReturnReason, note: string | undefined): string | undefined {
  const trimmed = note?.trim() || undefined;
  const prefix = reason === "arrived_late" ? "Arrived late" : undefined;
  const text = prefix && trimmed ? `${prefix}: ${trimmed}` : (prefix ?? trimmed);
  return text === undefined ? undefined : truncate(text, CUSTOMER_NOTE_MAX);
}

export type ShopifyDeclineReason = "FINAL_SALE" | "OTHER" | "RETURN_PERIOD_ENDED";

const DECLINE_BY_CODE: Record<string, { reason: ShopifyDeclineReason; note: string }> = {
  outside_window: { reason: "RETURN_PERIOD_ENDED", note: "The return window for this order has ended." },
  non_returnable_tag: { reason: "FINAL_SALE", note: "This item is final sale and cannot be returned." },
  non_returnable_product_type: { reason: "FINAL_SALE", note: "This kind of product cannot be returned." },
};

/** Shopify's decline reason and note for Dokani's reason (a decision reason code or the merchant's words). */
export function shopifyDecline(reason: string): { declineReason: ShopifyDeclineReason; declineNote: string | undefined } {
  const known = DECLINE_BY_CODE[reason.trim()];
  if (known) return { declineReason: known.reason, declineNote: known.note };
  const note = reason.trim();
  return { declineReason: "OTHER", declineNote: note ? truncate(note, DECLINE_NOTE_MAX) : undefined };
}
