import { WEEKDAYS, type BusinessHours, type Weekday } from "./automation-settings";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    } catch {
      f = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** The weekday and wall-clock time (`HH:MM`) of an instant in a time zone. */
export function localClock(at: Date, timeZone: string): { day: Weekday; time: string } {
  const parts = formatter(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const day = get("weekday").slice(0, 3).toLowerCase() as Weekday;
  return { day: WEEKDAYS.includes(day) ? day : "mon", time: `${get("hour")}:${get("minute")}` };
}

/** Whether the shop is open at `at` in its time zone; business hours switched off count as always open. */
export function isWithinBusinessHours(hours: BusinessHours, timeZone: string, at: Date): boolean {
  if (!hours.enabled) return true;
  const { day, time } = localClock(at, timeZone);
  return hours.openings.some((o) => o.day === day && o.open <= time && time < o.close);
}
