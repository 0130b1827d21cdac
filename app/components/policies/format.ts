import { formatShopDateTime } from "../shop-time";

/** An ISO time for the admin in the shop's time zone, in the admin's one date style, or "—". */
export function formatDate(iso: string | null | undefined, timeZone: string): string {
  return iso ? formatShopDateTime(iso, timeZone) : "—";
}
