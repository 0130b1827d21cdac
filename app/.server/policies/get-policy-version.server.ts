import { db, type Policy } from "../db.server";
import { AppError } from "../errors";
import type { ShopContext } from "../shops/shop-context";

/** One policy version of the shop; another shop's version is "not found", exactly like a missing one. */
export async function getPolicyVersion(ctx: ShopContext, version: number): Promise<Policy> {
  const policy = await db().policy.findUnique({ where: { shopId_version: { shopId: ctx.shop.id, version } } });
  if (!policy) throw new AppError("not_found", "No such policy version.");
  return policy;
}
