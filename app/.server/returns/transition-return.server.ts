import { emitReturnEvents } from "../automation/return-events";
import { enqueueAnalyticsRollup } from "../analytics/enqueue-analytics-rollup.server";
import { recordAudit, type Actor } from "../audit/record-audit";
import type { Prisma, Tx } from "../db.server";
import { AppError } from "../errors";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import type { ReturnEmailEvent } from "../notifications/send-return-email.server";
import { notifyReturnJob, syncReturnJob } from "./jobs";
import { stepAtApproval } from "./methods";
import { assertTransition } from "./transitions";
import type { ReturnStatus } from "./types";

/** What a transition records besides the new status. */
export type TransitionReturnOptions = {
  actor: Actor;
  changes?: Prisma.ReturnRequestUpdateInput;
  action: string;
  message?: string;
  notify?: ReturnEmailEvent;
  /** Added to the audit row's data, beside `from` and `to`. */
  auditData?: Prisma.InputJsonObject;
  /** More writes that belong to this change, in its transaction (a merchant notification, say). */
  also?: (tx: Tx) => Promise<unknown>;
};

/**
 * Moves a return to `to` if the state machine allows it from where it is now (409
 * `invalid_transition` otherwise), with its audit row, platform sync and the shopper's email in
 * the same transaction. The row is locked while deciding, so two merchants clicking at once make
 * one change and one 409. A return of another shop is 404, like a missing one.
 */
export async function transitionReturn(
  shopId: string,
  returnId: string,
  to: ReturnStatus,
  options: TransitionReturnOptions,
) {
  return runInTransaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ status: ReturnStatus }>>`
      SELECT "status" FROM "return_requests" WHERE "id" = ${returnId}::uuid AND "shopId" = ${shopId}::uuid FOR UPDATE`;
    const current = locked[0];
    if (!current) throw new AppError("not_found", "No such return.");
    assertTransition(current.status, to);
    // An approval tells the shopper what to do next and by when; that promise is kept on the return.
    let nextStep: Prisma.InputJsonValue | undefined;
    if (to === "approved") {
      const facts = await tx.returnRequest.findUniqueOrThrow({ where: { id: returnId }, select: { id: true, refundEstimate: true, currency: true, shop: { select: { settings: true, timezone: true } } } });
      const estimate = options.changes?.refundEstimate;
      const refundEstimate = typeof estimate === "string" || typeof estimate === "number" ? { toFixed: () => Number(estimate).toFixed(2) } : facts.refundEstimate;
      nextStep = stepAtApproval(facts.shop, { ...facts, refundEstimate }, new Date()) as unknown as Prisma.InputJsonValue;
    }
    const row = await tx.returnRequest.update({
      where: { id: returnId },
      data: { ...options.changes, ...(nextStep ? { nextStep } : {}), status: to, syncStatus: "pending", syncError: null },
      include: { items: { orderBy: { lineItemId: "asc" } } },
    });
    await recordAudit(tx, { shopId, entityType: "return", entityId: returnId, action: options.action, actor: options.actor, message: options.message, data: { ...options.auditData, from: current.status, to } });
    await enqueueJob(tx, syncReturnJob, { returnId }, { shopId, dedupKey: `returns.sync:${returnId}:${to}` });
    if (options.notify) await enqueueJob(tx, notifyReturnJob, { returnId, event: options.notify }, { shopId, dedupKey: `returns.notify:${returnId}:${options.notify}` });
    await enqueueAnalyticsRollup(tx, { shopId, returnId, requestedAt: row.createdAt, event: to });
    await emitReturnEvents(tx, { ...row, riskScore: row.riskScore ? row.riskScore.toNumber() : null }, { decided: to === "approved" || to === "denied", completed: to === "completed" });
    await options.also?.(tx);
    return row;
  });
}
