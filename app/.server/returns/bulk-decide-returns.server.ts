import type { Actor } from "../audit/record-audit";
import { db } from "../db.server";
import { AppError } from "../errors";
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
export async function bulkDecideReturns(shopId: string, ids: readonly string[], input: BulkDecision & { actor: Actor }): Promise<BulkOutcome[]> {
  const unique = [...new Set(ids)];
  const names = new Map(
    (await db().returnRequest.findMany({ where: { shopId, id: { in: unique } }, select: { id: true, orderName: true } })).map((r) => [r.id, r.orderName]),
  );
  const outcomes: BulkOutcome[] = [];
  // One at a time: each takes a row lock, and the merchant reads the outcomes in their own order.
  for (const id of unique) {
    const orderName = names.get(id) ?? null;
    try {
      if (input.decision === "approve") await approveReturn(shopId, id, { actor: input.actor, note: input.note });
      else await denyReturn(shopId, id, { actor: input.actor, reason: input.reason, note: input.note });
      outcomes.push({ id, orderName, ok: true, message: input.decision === "approve" ? "Approved." : "Denied." });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes.push({ id, orderName, ok: false, message: error.message });
    }
  }
  return outcomes;
}
