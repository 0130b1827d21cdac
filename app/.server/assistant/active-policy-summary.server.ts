import { db } from "../db.server";
import { AppError } from "../errors";
import { getActivePolicy } from "../policies/get-active-policy.server";
import { publicPolicySummary, type PublicPolicySummary } from "../policies/policy-rules";
import type { ShopContext } from "../shops/shop-context";

/** The public summary of the shop's active policy version; null while the shop has none. */
export async function activePolicySummary(ctx: Pick<ShopContext, "shop">): Promise<PublicPolicySummary | null> {
  try {
    return publicPolicySummary((await getActivePolicy(db(), ctx.shop.id)).rules);
  } catch (error) {
    if (error instanceof AppError && error.code === "unavailable") return null;
    throw error;
  }
}
