import { createContext, useContext } from "react";

/*
 * Dates in the admin: one style ("Dec 1, 2026" and "Dec 1, 2026, 10:15 PM"), in the shop's time
 * zone rather than the browser's or the server's, so the merchant, the server's render and every
 * teammate read the same day and hour.
 */

/** A zone Intl knows, or UTC: a shop row may carry a zone name this runtime lacks. */
export function knownZone(timeZone: string | null | undefined): string {
  if (!timeZone) return "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

const ShopTimeZoneContext = createContext<string | undefined>(undefined);

/** Gives the pages inside it the shop's time zone (the admin layout, `routes/app`, provides it from its loader). */
export const ShopTimeZoneProvider = ShopTimeZoneContext.Provider;

/** The shop's IANA time zone, from the admin layout; UTC outside it. */
export function useShopTimeZone(): string {
  return knownZone(useContext(ShopTimeZoneContext));
}

/** A date: "Dec 1, 2026". */
export function formatShopDate(iso: string | Date, timeZone: string): string {
  return new Date(iso).toLocaleDateString("en-US", { dateStyle: "medium", timeZone: knownZone(timeZone) });
}

/** A date and time: "Dec 1, 2026, 10:15 PM". */
export function formatShopDateTime(iso: string | Date, timeZone: string): string {
  return new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: knownZone(timeZone) });
}

/** A time of day: "10:15 PM". */
export function formatShopTimeOfDay(iso: string | Date, timeZone: string): string {
  return new Date(iso).toLocaleTimeString("en-US", { timeStyle: "short", timeZone: knownZone(timeZone) });
}
