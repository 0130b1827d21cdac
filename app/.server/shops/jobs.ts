import { z } from "zod";
import { defineJob } from "../jobs/define-job";

/**
 * `app/uninstalled`: the store stops being served and its Shopify sessions are dropped. Its data
 * stays until Shopify sends `shop/redact` (48 hours later), so a quick reinstall loses nothing.
 */
export const shopifyAppUninstalledJob = defineJob({
  name: "shopify.app-uninstalled",
  payload: z.object({ shopDomain: z.string().min(3) }),
});
