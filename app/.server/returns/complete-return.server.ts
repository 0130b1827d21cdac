import { db } from "../db.server";
import { AppError } from "../errors";
import type { ShopContext } from "../shops/shop-context";
import { transitionReturn } from "./transition-return.server";

/**
 * Items received: the return is completed and the refund, store credit or exchange is issued on the
 * platform (by the sync job, last, since it moves money) for the amount estimated at decision time.
 */
export async function completeReturn(ctx: ShopContext, input: { returnId: string; note?: string }) {
  const shopId = ctx.shop.id;
  const { returnId } = input;
  const row = await db().returnRequest.findFirst({ where: { id: returnId, shopId }, select: { refundEstimate: true, receivedAt: true } });
  if (!row) throw new AppError("not_found", "No such return.");
  const now = new Date();
  return transitionReturn(shopId, returnId, "completed", {
    actor: ctx.actor,
    action: "completed",
    message: input.note,
    notify: "completed",
    // Items marked received earlier keep the day they arrived.
    changes: { receivedAt: row.receivedAt ?? now, completedAt: now, refundedAmount: row.refundEstimate },
  });
}
