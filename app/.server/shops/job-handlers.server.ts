import type { JobHandler } from "../jobs/runtime-types";
import type { shopifyAppUninstalledJob } from "./jobs";

/** Runs `shopify.app-uninstalled`; running it twice changes nothing the second time. */
export const handleShopifyAppUninstalled: JobHandler<typeof shopifyAppUninstalledJob.payload> = async ({ shopDomain }, { db }) => {
  await db.shop.updateMany({
    where: { platform: "shopify", domain: shopDomain, uninstalledAt: null },
    data: { uninstalledAt: new Date() },
  });
  await db.session.deleteMany({ where: { shop: shopDomain } });
};
