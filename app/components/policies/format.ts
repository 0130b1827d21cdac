const DATE = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** An ISO time for the admin, the same on the server and in the browser (UTC), or "—". */
export function formatDate(iso: string | null | undefined): string {
  return iso ? `${DATE.format(new Date(iso))} UTC` : "—";
}
