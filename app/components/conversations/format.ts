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

/** A time as the merchant's browser writes it (the server renders UTC, the browser its own zone). */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
}

/** The same time as its date and its time of day, for a narrow column: ["Dec 1, 2026", "10:15 PM"]. */
export function formatTimeParts(iso: string): [string, string] {
  const at = new Date(iso);
  return [at.toLocaleDateString("en-US", { dateStyle: "medium" }), at.toLocaleTimeString("en-US", { timeStyle: "short" })];
}

/** Capitalised status, channel or role word for a badge. */
export function label(word: string): string {
  return (word[0]?.toUpperCase() ?? "") + word.slice(1).replace(/_/g, " ");
}
