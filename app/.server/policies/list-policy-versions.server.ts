import { db, type Policy } from "../db.server";
import type { ShopContext } from "../shops/shop-context";

/** Every policy version of the shop, newest first. */
export async function listPolicyVersions(ctx: ShopContext): Promise<Policy[]> {
  return db().policy.findMany({ where: { shopId: ctx.shop.id }, orderBy: { version: "desc" } });
}
