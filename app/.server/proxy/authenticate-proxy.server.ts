import { db, type Shop } from "../db.server";
import { env } from "../env.server";
import { AppError } from "../errors";
import { decryptSecret } from "../security/secrets.server";
import { isValidProxySignature } from "./proxy-signature";

export type ProxyContext = { shop: Shop; loggedInCustomerId: string | null };

type ShopSecrets = { proxySecret?: string };

/**
 * Authenticates a storefront request that came through the app proxy (Shopify's, the WordPress
 * plugin's, or the demo's stand-in). The shop comes from the signed `shop` parameter; Shopify and
 * demo shops are signed with the app secret, WooCommerce stores with their own proxy secret.
 * Anything unsigned, stale or for an unknown or uninstalled shop is `invalid_signature`.
 */
export async function authenticateProxy(request: Request): Promise<ProxyContext> {
  const params = new URL(request.url).searchParams;
  const domain = params.get("shop")?.toLowerCase();
  const invalid = new AppError("invalid_signature", "This request is not signed by the store's app proxy.");
  if (!domain || domain.length > 255) throw invalid;
  const shops = await db().shop.findMany({ where: { domain, uninstalledAt: null } });
  for (const shop of shops) {
    const secret =
      shop.platform === "woocommerce"
        ? shop.secrets
          ? (JSON.parse(decryptSecret(shop.secrets)) as ShopSecrets).proxySecret
          : undefined
        : env().shopifyApiSecret;
    if (secret && isValidProxySignature(params, secret)) {
      return { shop, loggedInCustomerId: params.get("logged_in_customer_id") || null };
    }
  }
  throw invalid;
}
