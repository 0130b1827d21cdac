/**
 * Calendar days in a shop's time zone: a deadline of "14 days" is the local date 14 days after the
 * approval's local date, whatever the hour, and it reads in the shop's zone.
 */

/** The local date (YYYY-MM-DD) of an instant in `timeZone`; UTC when the zone is unknown. */
export function localDate(at: Date, timeZone: string): string {
  const zone = safeZone(timeZone);
  let format = dayFormats.get(zone);
  if (!format) dayFormats.set(zone, (format = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })));
  const parts = format.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** `date` (YYYY-MM-DD) plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A local date in words, for the shopper: "Wednesday, December 16, 2026". */
export function dateInWords(date: string, locale = "en-US"): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  let format = wordFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone: "UTC", dateStyle: "full" });
    if (wordFormats.size < 100) wordFormats.set(locale, format);
  }
  return format.format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** The zone if the runtime knows it, else UTC (a shop row with a zone name from an older platform). */
export function safeZone(timeZone: string): string {
  let known = zones.get(timeZone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone });
      known = timeZone;
    } catch {
      known = "UTC";
    }
    if (zones.size < 1_000) zones.set(timeZone, known);
  }
  return known;
}

// Building a formatter is the costly part of formatting a date: one per zone (and per locale) is kept.
const zones = new Map<string, string>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const wordFormats = new Map<string, Intl.DateTimeFormat>();
