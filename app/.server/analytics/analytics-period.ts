import { knownZone } from "../../components/shop-time";
import { AppError } from "../errors";

/** A range of whole days in the shop's time zone, both ends counted, as "YYYY-MM-DD". */
export type AnalyticsPeriod = { from: string; to: string };

export const DAY_MS = 24 * 3600 * 1000;
/** Ranges longer than this are charted by week instead of by day. */
export const WEEKLY_AFTER_DAYS = 92;

/** Midnight UTC of a "YYYY-MM-DD" day. */
export function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of an instant, "YYYY-MM-DD", in `timeZone` (UTC when left out). */
export function dayOf(instant: Date, timeZone = "UTC"): string {
  if (timeZone === "UTC") return instant.toISOString().slice(0, 10);
  let format = dayFormats.get(timeZone);
  if (!format) dayFormats.set(timeZone, (format = new Intl.DateTimeFormat("en-CA", { timeZone: knownZone(timeZone), year: "numeric", month: "2-digit", day: "2-digit" })));
  return format.format(instant);
}

/** `day` moved by `days` (may be negative). */
export function addDays(day: string, days: number): string {
  return dayOf(new Date(dayStart(day).getTime() + days * DAY_MS));
}

/** Days from `from` to `to`, both counted. */
export function periodLength(period: AnalyticsPeriod): number {
  return Math.round((dayStart(period.to).getTime() - dayStart(period.from).getTime()) / DAY_MS) + 1;
}

/** The period of equal length that ends the day before this one starts. */
export function previousPeriod(period: AnalyticsPeriod): AnalyticsPeriod {
  const length = periodLength(period);
  return { from: addDays(period.from, -length), to: addDays(period.from, -1) };
}

/**
 * Fills in a requested range (`to` defaults to today, `from` to 29 days before `to`) and
 * checks it: `from` on or before `to`, at most `maxDays` long. Dates must already be valid days.
 */
export function resolvePeriod(requested: { from?: string; to?: string }, options: { maxDays: number; now?: Date; defaultDays?: number; timeZone?: string }): AnalyticsPeriod {
  const defaultDays = options.defaultDays ?? 30;
  const to = requested.to ?? dayOf(options.now ?? new Date(), options.timeZone);
  const from = requested.from ?? addDays(to, -(defaultDays - 1));
  if (from > to) {
    throw new AppError("invalid_request", "The period must start on or before its last day.", { fields: { from: "must be on or before to" } });
  }
  if (periodLength({ from, to }) > options.maxDays) {
    throw new AppError("invalid_request", `A summary covers at most ${options.maxDays} days.`, {
      fields: { to: `must be at most ${options.maxDays - 1} days after from` },
    });
  }
  return { from, to };
}
