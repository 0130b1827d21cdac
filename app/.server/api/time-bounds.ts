import { z } from "zod";
import { dayOf } from "../analytics/analytics-period";

/*
 * `from` and `to` of a query, wherever one is accepted (the merchant API's returns list and
 * analytics summary, the admin's returns queue and its CSV export): a whole day written
 * YYYY-MM-DD (a UTC day) or a full ISO 8601 time with its offset. A day bounds inclusively by
 * whole days (`to=2026-11-30` keeps all of the 30th); a time bounds at that instant, both ends
 * included.
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 3600 * 1000;
const dateTime = z.iso.datetime({ offset: true });

/** The words every refusal of a bound uses. */
export const TIME_BOUND_MESSAGE = "must be a date like 2026-11-01 or an ISO 8601 time like 2026-11-01T09:30:00Z";

/** True for a real calendar day written YYYY-MM-DD. */
export function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const day = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
}

/** True for a full ISO 8601 time with a `Z` or a numeric offset. */
export function isDateTime(value: string): boolean {
  return dateTime.safeParse(value).success && !Number.isNaN(Date.parse(value));
}

/**
 * A query's `from` or `to`: a day or a full ISO 8601 time. A `+` offset left unescaped in a URL
 * arrives as a space (`T09:30:00 02:00`); it is read as the `+` it was meant to be.
 */
export const TimeBoundSchema = z.preprocess(
  (value) => (typeof value === "string" ? value.trim().replace(/(T[\d:.]+) (\d{2}:?\d{2})$/, "$1+$2") : value),
  z.string({ error: TIME_BOUND_MESSAGE }).refine((value) => isDay(value) || isDateTime(value), TIME_BOUND_MESSAGE),
);

/** The first instant a `from` bound keeps. */
export function startOf(bound: string): Date {
  return isDay(bound) ? new Date(`${bound}T00:00:00.000Z`) : new Date(bound);
}

/** The first instant a `to` bound no longer keeps (the next midnight for a day, the next millisecond for a time). */
export function endOf(bound: string): Date {
  return isDay(bound) ? new Date(Date.parse(`${bound}T00:00:00.000Z`) + DAY_MS) : new Date(Date.parse(bound) + 1);
}

/** The day a bound falls on in the shop's time zone, for data kept by day (the analytics rollups). */
export function dayOfBound(bound: string, timeZone = "UTC"): string {
  return isDay(bound) ? bound : dayOf(new Date(bound), timeZone);
}

/** True when `from` is not after `to` (either may be missing). */
export function boundsInOrder(from: string | undefined, to: string | undefined): boolean {
  return !from || !to || startOf(from).getTime() < endOf(to).getTime();
}
