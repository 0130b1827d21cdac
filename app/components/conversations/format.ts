import { formatShopDate, formatShopDateTime, formatShopTimeOfDay } from "../shop-time";

/** A duration for people: "45 s", "12 min", "3 h 5 min", "2 d 4 h"; a dash when it has not happened. */
export function formatDuration(totalSeconds: number | null): string {
  if (totalSeconds === null) return "—";
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** A time as a date and time in the shop's time zone. */
export function formatTime(iso: string, timeZone: string): string {
  return formatShopDateTime(iso, timeZone);
}

/** The same time as its date and its time of day, for a narrow column: ["Dec 1, 2026", "10:15 PM"]. */
export function formatTimeParts(iso: string, timeZone: string): [string, string] {
  return [formatShopDate(iso, timeZone), formatShopTimeOfDay(iso, timeZone)];
}

/** Capitalised status, channel or role word for a badge. */
export function label(word: string): string {
  return (word[0]?.toUpperCase() ?? "") + word.slice(1).replace(/_/g, " ");
}
