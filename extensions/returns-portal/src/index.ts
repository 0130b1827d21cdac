import { PortalApi } from "./api";
import { pickStrings, translator } from "./i18n";
import { Portal } from "./portal";

/**
 * The returns portal's entry: mounts a portal in every `[data-dokani-returns-portal]` element.
 * The element's data attributes configure it: `data-proxy-base` (the app proxy path, `/apps/dokani`)
 * and `data-heading-level` (2 to 5); a `<script type="application/json" data-dokani-strings>`
 * inside it carries the theme's translations.
 */

function pageLocale(): string {
  const lang = document.documentElement.lang || navigator.language;
  try {
    return Intl.getCanonicalLocales(lang)[0] ?? "en";
  } catch {
    return "en";
  }
}

function mountAll(): void {
  for (const mount of document.querySelectorAll<HTMLElement>("[data-dokani-returns-portal]")) {
    if (mount.dataset.dokaniMounted) continue;
    mount.dataset.dokaniMounted = "true";
    let rendered: Record<string, unknown> | undefined;
    try {
      rendered = JSON.parse(mount.querySelector("script[data-dokani-strings]")?.textContent || "{}");
    } catch {
      // Unreadable theme strings: the built-in dictionary still speaks the page's language.
    }
    const locale = pageLocale();
    const level = Math.min(5, Math.max(2, Number(mount.dataset.headingLevel) || 2));
    const base = (mount.dataset.proxyBase || "/apps/dokani").replace(/\/+$/, "");
    new Portal(mount, new PortalApi(base), translator(pickStrings(locale, rendered)), locale, level).start();
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
else mountAll();
// The theme editor re-renders a section in place when its settings change.
document.addEventListener("shopify:section:load", mountAll);
