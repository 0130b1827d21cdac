import type { DbClient, Shop } from "../db.server";
import { cachedShopById } from "./shop-cache.server";

/**
 * A shop's row by id from this process's cache (forgotten on every instance when the shop changes),
 * for work that runs after a change committed: the steps of a return's follow-up job, automation.
 * Code that must see a write of its own transaction reads the row itself.
 */
export function findShop(client: DbClient, shopId: string): Promise<Shop | null> {
  return cachedShopById(shopId, () => client.shop.findUnique({ where: { id: shopId } }));
}
