import { db, type PolicyBacktest } from "../db.server";
import type { ShopContext } from "../shops/shop-context";

/** The newest backtest of a policy version, or null when it was never backtested. */
export async function getLatestBacktest(ctx: ShopContext, query: { policyId: string }): Promise<PolicyBacktest | null> {
  return db().policyBacktest.findFirst({ where: { shopId: ctx.shop.id, policyId: query.policyId }, orderBy: { createdAt: "desc" } });
}
