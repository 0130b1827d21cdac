import type { Actor } from "../audit/record-audit";
import { db } from "../db.server";
import { AppError } from "../errors";
import { transitionReturn } from "./transition-return.server";

/**
 * Items received: the return is completed and the refund, store credit or exchange is issued on the
 * platform (by the sync job, last, since it moves money) for the amount estimated at decision time.
 */
export async function completeReturn(shopId: string, returnId: string, options: { actor: Actor; note?: string }) {
  const row = await db().returnRequest.findFirst({ where: { id: returnId, shopId }, select: { refundEstimate: true, receivedAt: true } });
  if (!row) throw new AppError("not_found", "No such return.");
  const now = new Date();
  return transitionReturn(shopId, returnId, "completed", {
    actor: options.actor,
    action: "completed",
    message: options.note,
    notify: "completed",
    // Items marked received earlier keep the day they arrived.
    changes: { receivedAt: row.receivedAt ?? now, completedAt: now, refundedAmount: row.refundEstimate },
  });
}
