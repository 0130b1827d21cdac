import type { Shop } from "../db.server";
import { env } from "../env.server";
import { readShopSettings } from "../shops/shop-settings";

/** The query parameters that open the portal on a return's status page (extensions/returns-portal/src/portal.ts). */
export const STATUS_PAGE_PARAMS = { returnId: "dokani_return", token: "dokani_token" } as const;

/**
 * The storefront page with the returns portal: the merchant's setting, else where each platform
 * puts it by default (the demo storefront's returns section, a Shopify page `returns`, a
 * WordPress page `returns`). Always absolute: it goes into emails.
 */
export function portalPageUrl(shop: Pick<Shop, "platform" | "domain" | "settings">): string {
  const configured = readShopSettings(shop.settings).portalUrl;
  if (configured) return configured;
  if (shop.platform === "demo") return `${env().appUrl}/demo`;
  const host = shop.domain.replace(/^https?:\/\//, "").replace(/\/+$/, "");
  return shop.platform === "shopify" ? `https://${host}/pages/returns` : `https://${host}/returns/`;
}

/** The link that brings a shopper back to one return's status page, with the token that opens it. */
export function statusPageUrl(shop: Pick<Shop, "platform" | "domain" | "settings">, returnId: string, token: string): string {
  const url = new URL(portalPageUrl(shop));
  url.searchParams.set(STATUS_PAGE_PARAMS.returnId, returnId);
  url.searchParams.set(STATUS_PAGE_PARAMS.token, token);
  if (shop.platform === "demo" && !url.hash) url.hash = "returns";
  return url.toString();
}
