import { z } from "zod";
import { defineJob } from "../jobs/define-job";

/**
 * `app/uninstalled`: the store stops being served and its Shopify sessions are dropped. Its data
 * stays until Shopify sends `shop/redact` (48 hours later), so a quick reinstall loses nothing.
 * Running it twice changes nothing the second time.
 */
export const shopifyAppUninstalled = defineJob({
  name: "shopify.app-uninstalled",
  payload: z.object({ shopDomain: z.string().min(3) }),
  async handler({ shopDomain }, { db }) {
    await db.shop.updateMany({
      where: { platform: "shopify", domain: shopDomain, uninstalledAt: null },
      data: { uninstalledAt: new Date() },
    });
    await db.session.deleteMany({ where: { shop: shopDomain } });
  },
});

export const shopJobs = [shopifyAppUninstalled];
