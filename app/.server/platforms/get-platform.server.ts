import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import { unauthenticated } from "../../shopify.server";
import { db, type Shop } from "../db.server";
import { AppError } from "../errors";
import { createDemoPlatform } from "./demo/create-demo-platform";
import type { Platform } from "./platform";
import { adminGraphqlFromClient } from "./shopify/admin-transport.server";
import { createShopifyPlatform } from "./shopify/create-shopify-platform";
import { createWooCommercePlatform } from "./woocommerce/create-woocommerce-platform";
import { openStoreSecrets } from "./woocommerce/store-secrets";
import { createWooClient } from "./woocommerce/woo-client";
import { readShopSettings } from "../shops/shop-settings";

/**
 * The one place that knows which adapter a shop uses. Shopify stores are reached with the app's
 * offline session for the shop (the same one webhooks and jobs use), with the scopes it granted.
 */

/** The platform adapter for a shop. */
export async function getPlatform(shop: Shop): Promise<Platform> {
  switch (shop.platform) {
    case "demo":
      return createDemoPlatform(db(), shop.id);
    case "woocommerce": {
      if (shop.uninstalledAt) throw new AppError("unavailable", "This store has disconnected Dokani.");
      const secrets = openStoreSecrets(shop.secrets);
      if (!secrets) throw new AppError("unavailable", "This WooCommerce store's connection is missing; connect it again from the Dokani plugin's settings.");
      return createWooCommercePlatform({
        client: createWooClient(secrets),
        gatewayRefunds: readShopSettings(shop.settings).woocommerce.gatewayRefunds,
      });
    }
    case "shopify": {
      if (shop.uninstalledAt) throw new AppError("unavailable", "This store has uninstalled Dokani.");
      let context: Awaited<ReturnType<typeof unauthenticated.admin>>;
      try {
        context = await unauthenticated.admin(shop.domain);
      } catch (error) {
        if (error instanceof SessionNotFoundError) {
          throw new AppError("unavailable", "This store's connection to Shopify is missing; open Dokani in Shopify admin to restore it.", { cause: error });
        }
        throw error;
      }
      const scopes = (context.session.scope ?? "").split(",").map((scope) => scope.trim()).filter(Boolean);
      return createShopifyPlatform({ shopDomain: shop.domain, graphql: adminGraphqlFromClient(context.admin), scopes });
    }
  }
}
