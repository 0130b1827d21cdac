import { accentColors } from "./contrast";
import type { WidgetConfig } from "./types";

/** The attribute that marks the widget's element (the app embed renders it before `</body>`). */
export const WIDGET_SELECTOR = "[data-dokani-chat]";

/**
 * The widget's configuration from its element's data attributes: `data-proxy-base`, `data-shop`,
 * `data-locale`, `data-accent`, `data-position`, `data-greeting`, `data-label`,
 * `data-panel-src` and `data-panel-css`. Missing ones take defaults that work on a Shopify storefront.
 */
export function readConfig(data: DOMStringMap, page: { lang: string; hostname: string; scriptSrc: string }, defaultLabel: (locale: string) => string): WidgetConfig {
  const locale = data.locale || page.lang || "en";
  const sibling = (file: string) => (page.scriptSrc ? new URL(file, page.scriptSrc).href : file);
  const label = (data.label ?? "").trim();
  return {
    proxyBase: (data.proxyBase || "/apps/dokani").replace(/\/+$/, ""),
    shop: data.shop || page.hostname,
    locale,
    ...accentColors(data.accent),
    position: data.position === "left" ? "left" : "right",
    greeting: (data.greeting ?? "").trim(),
    label: label || defaultLabel(locale),
    panelSrc: data.panelSrc || sibling("dokani-chat-panel.js"),
    panelCss: data.panelCss || sibling("dokani-chat-panel.css"),
  };
}
