/** The admin's sections, in menu order. The embedded NavMenu and the demo's side navigation both read this. */
export const ADMIN_NAV: ReadonlyArray<{ to: string; label: string }> = [
  { to: "/app", label: "Home" },
  { to: "/app/mail", label: "Emails to shoppers" },
  { to: "/app/jobs", label: "Background jobs" },
];
