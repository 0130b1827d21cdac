export type AdminNavItem = { to: string; label: string; platforms?: ReadonlyArray<"shopify" | "woocommerce" | "demo"> };

/** The admin's sections, in menu order. The embedded NavMenu and the standalone frame's side navigation both read this. */
export const ADMIN_NAV: ReadonlyArray<AdminNavItem> = [
  { to: "/app", label: "Home" },
  { to: "/app/returns", label: "Returns" },
  { to: "/app/policies", label: "Policies" },
  { to: "/app/conversations", label: "Conversations" },
  { to: "/app/calls", label: "Calls" },
  { to: "/app/automation", label: "Automation" },
  { to: "/app/knowledge", label: "Knowledge base" },
  { to: "/app/analytics", label: "Analytics" },
  { to: "/app/contacts", label: "Contacts" },
  { to: "/app/customers", label: "Customers and risk" },
  { to: "/app/settings", label: "Settings" },
  { to: "/app/woocommerce", label: "WooCommerce", platforms: ["woocommerce", "demo"] },
  { to: "/app/mail", label: "Emails to shoppers" },
  { to: "/app/jobs", label: "Background jobs" },
];

/** The sections a shop on this platform sees. */
export function adminNavFor(platform: "shopify" | "woocommerce" | "demo"): AdminNavItem[] {
  return ADMIN_NAV.filter((item) => !item.platforms || item.platforms.includes(platform));
}
