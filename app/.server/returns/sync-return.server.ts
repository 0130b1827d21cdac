import { recordAudit } from "../audit/record-audit";
import type { PrismaClient } from "../db.server";
import { PermanentJobError } from "../jobs/define-job";
import { getPlatform } from "../platforms/get-platform.server";
import { PlatformError, type PlatformReturnLine } from "../platforms/platform";
import type { ReturnStatus } from "./types";

type SyncAction = "request" | "approve" | "decline" | "process";

/** The platform calls a return in this status needs, in order. */
export function syncActionsFor(status: ReturnStatus, synced: readonly string[]): SyncAction[] {
  const wanted: SyncAction[] = ["request"];
  if (status === "approved") wanted.push("approve");
  if (status === "completed") wanted.push("approve", "process");
  if (status === "denied") wanted.push("decline");
  // A cancelled request that the platform holds open is declined there so it does not linger.
  if (status === "cancelled" && synced.includes("request") && !synced.includes("approve")) wanted.push("decline");
  return wanted.filter((action) => !synced.includes(action));
}

/**
 * The `returns.sync` job: mirrors a return's state to its platform. It reconciles rather than
 * replays (each call is recorded in `syncedActions` and never made twice), and the refund
 * (`process`) comes last. A failure shows on the return (`syncStatus` failed with the platform's
 * message); retryable ones are retried by the job runtime.
 */
export async function syncReturnToPlatform(client: PrismaClient, returnId: string) {
  const row = await client.returnRequest.findUnique({ where: { id: returnId }, include: { items: true, shop: true } });
  if (!row) return { actions: [] as SyncAction[] };
  const actions = syncActionsFor(row.status, row.syncedActions);
  if (!actions.length) {
    if (row.syncStatus !== "synced") await client.returnRequest.update({ where: { id: row.id }, data: { syncStatus: "synced", syncError: null, syncedAt: new Date() } });
    return { actions };
  }
  const fail = async (message: string) => {
    await client.returnRequest.update({ where: { id: row.id }, data: { syncStatus: "failed", syncError: message.slice(0, 1000) } });
  };
  try {
    const platform = await getPlatform(row.shop);
    const order = await platform.findOrder(row.orderName, row.customerEmail);
    if (!order) {
      await fail(`The order ${row.orderName} could not be found on the store any more.`);
      throw new PermanentJobError(`order ${row.orderName} not found on the platform`);
    }
    const lines: PlatformReturnLine[] = row.items.map((i) => ({
      lineItemId: i.lineItemId,
      quantity: i.quantity,
      reason: i.reason,
      note: i.note ?? undefined,
      restock: i.restock,
      ...(i.refundQuantity !== null ? { refundQuantity: i.refundQuantity } : {}),
    }));
    let platformReturnId = row.platformReturnId;
    for (const action of actions) {
      const update: { platformReturnId?: string | null; platformRefundId?: string | null } = {};
      if (action === "request") {
        platformReturnId = (await platform.requestReturn(order, lines)).platformReturnId;
        update.platformReturnId = platformReturnId;
      } else if (action === "approve") {
        await platform.approveReturn(platformReturnId, order);
      } else if (action === "decline") {
        const reason = (row.decisionReasons as Array<{ message: string }>)[0]?.message ?? "Declined under the store's return policy.";
        await platform.declineReturn(platformReturnId, order, reason);
      } else {
        const amount = (row.refundedAmount ?? row.refundEstimate).toFixed(2);
        update.platformRefundId = (await platform.processReturn({ platformReturnId, order, lines, resolution: row.resolution, amount, currency: row.currency, idempotencyKey: `dokani-return-${row.id}` })).refundId;
      }
      // Recorded one call at a time: a crash after a call repeats none that succeeded.
      await client.$transaction(async (tx) => {
        await tx.returnRequest.update({ where: { id: row.id }, data: { ...update, syncedActions: { push: action } } });
        await recordAudit(tx, { shopId: row.shopId, entityType: "return", entityId: row.id, action: `synced.${action}`, actor: { type: "platform", id: row.shop.platform, name: row.shop.platform }, data: { platformReturnId } });
      });
    }
    await client.returnRequest.update({ where: { id: row.id }, data: { syncStatus: "synced", syncError: null, syncedAt: new Date() } });
    return { actions };
  } catch (error) {
    if (error instanceof PermanentJobError) throw error;
    if (error instanceof PlatformError) {
      await fail(error.userErrors.length ? error.userErrors.map((e) => e.message).join("; ") : error.message);
      if (!error.retryable) throw new PermanentJobError(error.message);
    } else {
      await fail(error instanceof Error ? error.message : String(error));
    }
    throw error;
  }
}
