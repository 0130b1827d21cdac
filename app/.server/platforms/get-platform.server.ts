import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import { unauthenticated } from "../../shopify.server";
import { db, type Shop } from "../db.server";
import { AppError } from "../errors";
import { createDemoPlatform } from "./demo/create-demo-platform";
import type { Platform } from "./platform";
import { adminGraphqlFromClient } from "./shopify/admin-transport.server";
import { createShopifyPlatform } from "./shopify/create-shopify-platform";

/**
 * The one place that knows which adapter a shop uses. Shopify stores are reached with the app's
 * offline session for the shop (the same one webhooks and jobs use), with the scopes it granted.
 */

/** The platform adapter for a shop. */
export async function getPlatform(shop: Shop): Promise<Platform> {
  switch (shop.platform) {
    case "demo":
      return createDemoPlatform(db(), shop.id);
    case "woocommerce":
      throw new AppError("unavailable", "WooCommerce stores are not connected yet.");
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
