import { shopChanged } from "./shop-cache.server";
import type { PrismaClient } from "../db.server";
import { log } from "../logger.server";
import { ensureStartingPolicy } from "../policies/ensure-starting-policy.server";

type AdminGraphql = { graphql: (query: string) => Promise<Response> };

const SHOP_QUERY = `#graphql
  query DokaniShop { shop { name email currencyCode ianaTimezone } }`;

type ShopQuery = { data?: { shop?: { name: string; email: string | null; currencyCode: string; ianaTimezone: string } } };

/**
 * Records (or re-activates) a Shopify store after OAuth. A store that reinstalls keeps its
 * history; `uninstalledAt` is cleared. A store with no return policy yet starts with the default
 * one, active, so its shoppers can return items before the merchant has set anything up.
 */
export async function installShopifyShop(client: PrismaClient, domain: string, admin?: AdminGraphql) {
  let details: NonNullable<NonNullable<ShopQuery["data"]>["shop"]> | undefined;
  if (admin) {
    try {
      const response = await admin.graphql(SHOP_QUERY);
      details = ((await response.json()) as ShopQuery).data?.shop;
    } catch (error) {
      // The shop row matters more than its display name; the name is refreshed on the next install.
      log().warn({ err: error, shop: domain }, "could not read shop details after install");
    }
  }
  const data = {
    name: details?.name ?? domain.replace(/\.myshopify\.com$/, ""),
    email: details?.email ?? null,
    currency: details?.currencyCode ?? "USD",
    timezone: details?.ianaTimezone ?? "UTC",
  };
  const installed = await client.$transaction(async (tx) => {
    const shop = await tx.shop.upsert({
      where: { platform_domain: { platform: "shopify", domain: domain.toLowerCase() } },
      create: { platform: "shopify", domain: domain.toLowerCase(), ...data },
      update: { ...data, uninstalledAt: null, installedAt: new Date() },
    });
    await ensureStartingPolicy(tx, shop.id);
    return shop;
  });
  await shopChanged(installed.id, "shop");
  return installed;
}
