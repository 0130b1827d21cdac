import { db } from "../db.server";
import { env } from "../env.server";
import { AppError } from "../errors";
import { shopperAddress, type LoadContext } from "../http/load-context";
import { decryptSecret } from "../security/secrets.server";
import { cachedShopsForDomain } from "../shops/shop-cache.server";
import { SHOPPER_ACTOR, type ShopperContext } from "../shops/shop-context";
import { isValidProxySignature } from "./proxy-signature";

/** The storefront's `ShopContext`: the signed shop, the shopper as the actor, and where the request came from. */
export type ProxyContext = ShopperContext & {
  /** The storefront's signed-in customer, when the platform passes one. */
  loggedInCustomerId: string | null;
};

type ShopSecrets = { proxySecret?: string };

/**
 * Authenticates a storefront request that came through the app proxy (Shopify's, the WordPress
 * plugin's, or the demo's stand-in). The shop comes from the signed `shop` parameter; Shopify and
 * demo shops are signed with the app secret, WooCommerce stores with their own proxy secret.
 * Anything unsigned, stale or for an unknown or uninstalled shop is `invalid_signature`.
 */
export async function authenticateProxy(request: Request, loadContext?: Partial<LoadContext>): Promise<ProxyContext> {
  const params = new URL(request.url).searchParams;
  const domain = params.get("shop")?.toLowerCase();
  const invalid = new AppError("invalid_signature", "This request is not signed by the store's app proxy.");
  if (!domain || domain.length > 255) throw invalid;
  const shops = await cachedShopsForDomain(domain, () => db().shop.findMany({ where: { domain, uninstalledAt: null } }));
  for (const shop of shops) {
    const secret =
      shop.platform === "woocommerce"
        ? shop.secrets
          ? (JSON.parse(decryptSecret(shop.secrets)) as ShopSecrets).proxySecret
          : undefined
        : env().shopifyApiSecret;
    if (secret && isValidProxySignature(params, secret)) {
      return {
        shop,
        actor: SHOPPER_ACTOR,
        loggedInCustomerId: params.get("logged_in_customer_id") || null,
        clientAddress: shopperAddress(request, loadContext),
      };
    }
  }
  throw invalid;
}
