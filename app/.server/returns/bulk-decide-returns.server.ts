import { db } from "../db.server";
import { AppError } from "../errors";
import type { ShopContext } from "../shops/shop-context";
import { approveReturn } from "./approve-return.server";
import { denyReturn } from "./deny-return.server";

export type BulkDecision = { decision: "approve"; note?: string } | { decision: "deny"; reason: string; note?: string };

/** What happened to one return of a bulk decision. */
export type BulkOutcome = { id: string; orderName: string | null; ok: boolean; message: string };

/**
 * Approves or denies several returns, each through the single-return service in its own
 * transaction: one that cannot move (already decided, or not this shop's) is reported with the
 * reason and left untouched, and does not stop the others.
 */
export async function bulkDecideReturns(ctx: ShopContext, input: BulkDecision & { ids: readonly string[] }): Promise<BulkOutcome[]> {
  const shopId = ctx.shop.id;
  const unique = [...new Set(input.ids)];
  const names = new Map(
    (await db().returnRequest.findMany({ where: { shopId, id: { in: unique } }, select: { id: true, orderName: true } })).map((r) => [r.id, r.orderName]),
  );
  const outcomes: BulkOutcome[] = [];
  // One at a time: each takes a row lock, and the merchant reads the outcomes in their own order.
  for (const id of unique) {
    const orderName = names.get(id) ?? null;
    try {
      if (input.decision === "approve") await approveReturn(ctx, { returnId: id, note: input.note });
      else await denyReturn(ctx, { returnId: id, reason: input.reason, note: input.note });
      outcomes.push({ id, orderName, ok: true, message: input.decision === "approve" ? "Approved." : "Denied." });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes.push({ id, orderName, ok: false, message: error.message });
    }
  }
  return outcomes;
}
