/** The admin's sections, in menu order. The embedded NavMenu and the demo's side navigation both read this. */
export const ADMIN_NAV: ReadonlyArray<{ to: string; label: string }> = [
  { to: "/app", label: "Home" },
  { to: "/app/returns", label: "Returns" },
  { to: "/app/policies", label: "Policies" },
  { to: "/app/conversations", label: "Conversations" },
  { to: "/app/knowledge", label: "Knowledge base" },
  { to: "/app/analytics", label: "Analytics" },
  { to: "/app/customers", label: "Customers and risk" },
  { to: "/app/settings", label: "Settings" },
  { to: "/app/mail", label: "Emails to shoppers" },
  { to: "/app/jobs", label: "Background jobs" },
];
