import type { PrismaClient } from "../db.server";
import { shopChanged } from "../shops/shop-cache.server";
import { deleteShopFiles } from "../storage/file-storage.server";

/**
 * `shop/redact`: deletes everything held for a store. Every shop-owned table references `shops`
 * with ON DELETE CASCADE, so deleting the row removes returns, conversations, articles, keys, jobs
 * and the rest; sessions, stored files and earlier compliance payloads (which name customers) are
 * removed beside it.
 */
export async function redactShop(client: PrismaClient, platform: "shopify" | "woocommerce" | "demo", domain: string) {
  const shop = await client.shop.findUnique({ where: { platform_domain: { platform, domain } }, select: { id: true } });
  await client.$transaction(async (tx) => {
    if (shop) await tx.shop.delete({ where: { id: shop.id } });
    await tx.session.deleteMany({ where: { shop: domain } });
    await tx.webhookDelivery.deleteMany({ where: { shopDomain: domain } });
    await tx.complianceRequest.updateMany({ where: { shopDomain: domain, topic: { not: "shop/redact" } }, data: { payload: {}, result: { redacted: true }, customerEmail: null, customerId: null } });
  });
  if (shop) {
    await shopChanged(shop.id, "shop");
    await deleteShopFiles(shop.id);
  }
  return { shopDeleted: Boolean(shop) };
}
