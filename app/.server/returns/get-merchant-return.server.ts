import { toMerchantReturnDetail } from "../api/merchant-views";
import type { MerchantReturnDetail } from "../api/schemas";
import { db } from "../db.server";
import { AppError } from "../errors";
import type { ShopContext } from "../shops/shop-context";

/** One return of the shop with its timeline; another shop's return is 404, exactly like a missing one. */
export async function getMerchantReturn(ctx: ShopContext, returnId: string): Promise<MerchantReturnDetail> {
  const shopId = ctx.shop.id;
  const [row, audit] = await Promise.all([
    db().returnRequest.findFirst({ where: { id: returnId, shopId }, include: { items: { orderBy: { lineItemId: "asc" } } } }),
    db().auditLog.findMany({ where: { shopId, entityType: "return", entityId: returnId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
  ]);
  if (!row) throw new AppError("not_found", "No such return.");
  return toMerchantReturnDetail(row, audit, ctx.shop);
}
