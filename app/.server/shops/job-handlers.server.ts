import type { JobHandler } from "../jobs/runtime-types";
import type { shopifyAppUninstalledJob } from "./jobs";
import { shopChanged } from "./shop-cache.server";

/** Runs `shopify.app-uninstalled`; running it twice changes nothing the second time. */
export const handleShopifyAppUninstalled: JobHandler<typeof shopifyAppUninstalledJob.payload> = async ({ shopDomain }, { db }) => {
  const uninstalled = await db.shop.updateManyAndReturn({
    where: { platform: "shopify", domain: shopDomain, uninstalledAt: null },
    data: { uninstalledAt: new Date() },
    select: { id: true },
  });
  for (const { id } of uninstalled) await shopChanged(id, "shop");
  await db.session.deleteMany({ where: { shop: shopDomain } });
};
