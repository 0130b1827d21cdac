import type { ReturnMethodsSettings } from "../../shops/shop-settings";

/**
 * What a shopper does once a return is approved. Each way of getting items back is a
 * `ReturnMethod`: it says whether it applies to a return and how it reads. Shipping to the store,
 * dropping off and keeping the item are built in; a carrier-label provider is one more method whose
 * option carries `labelUrl` (and `carrier`), with no change to the portal, the emails or the page.
 */

export const RETURN_METHOD_KINDS = ["ship", "drop_off", "keep_item"] as const;
export type ReturnMethodKind = (typeof RETURN_METHOD_KINDS)[number];

/** A place a shopper can hand the parcel over. */
export type DropOffLocation = { name: string; address: string; hours: string | null };

/** One way to send the items back, as told to the shopper. */
export type NextStepOption = {
  method: Exclude<ReturnMethodKind, "keep_item">;
  /** The option in a few words, for a heading ("Ship it to us"). */
  title: string;
  /** What to do, one sentence a step, in order (the merchant's note among them). */
  steps: string[];
  /** The merchant's own packing or drop-off instructions, as written; null when there are none. */
  note: string | null;
  /** Where to send it (ship), as the merchant wrote it; null for drop-off. */
  address: string | null;
  /** Where to drop it (drop-off); empty for shipping. */
  locations: DropOffLocation[];
  /** Whether the return's code (the reference as a QR code) is shown where the parcel is handed over. */
  showCode: boolean;
  /** A prepaid label to print, once a label provider makes one; null until then. */
  labelUrl: string | null;
  carrier: string | null;
};

/**
 * The step after approval, kept on the return as it was told (`return_requests.nextStep`):
 * `send_back` with one or more options and a deadline, `keep_item` (no parcel), or
 * `await_instructions` when the store has set up no way back yet.
 */
export type NextStep = {
  kind: "send_back" | "keep_item" | "await_instructions";
  /** The return's reference: on the parcel, in the QR code, in the admin's search. */
  reference: string;
  /** The last day to send or drop the items, in the shop's time zone (YYYY-MM-DD); null without a deadline. */
  deadline: string | null;
  timeZone: string;
  /** The deadline in words ("Wednesday, December 16, 2026"); null without a deadline. */
  deadlineText: string | null;
  /** One sentence: what to do and by when. */
  summary: string;
  options: NextStepOption[];
  /** When the step was set (the approval). */
  decidedAt: string;
};

/** What a method looks at to decide whether it applies and how it reads. */
export type MethodContext = {
  settings: ReturnMethodsSettings;
  /** What the shopper gets back, in cents. */
  valueCents: number;
  currency: string;
  reference: string;
};

/** One way back for a return's items. */
export interface ReturnMethod {
  readonly kind: ReturnMethodKind;
  /** Whether this method is set up and applies to the return. */
  offers(ctx: MethodContext): boolean;
  /** How the method reads for the shopper; keep-item has no option (it ends the step). */
  option(ctx: MethodContext): NextStepOption | null;
}
