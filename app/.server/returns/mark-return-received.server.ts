import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import { syncReturnJob } from "./jobs";
import type { ShopContext } from "../shops/shop-context";
import type { ReturnStatus } from "./types";

/**
 * The shopper's items are back at the store: an approved return records when, and stays approved
 * until the merchant completes it (which issues the money). Any other status is 409
 * `invalid_transition`; another shop's return is 404 like a missing one.
 */
export async function markReturnReceived(ctx: ShopContext, input: { returnId: string; note?: string }) {
  const shopId = ctx.shop.id;
  const { returnId } = input;
  return runInTransaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ status: ReturnStatus; receivedAt: Date | null }>>`
      SELECT "status", "receivedAt" FROM "return_requests" WHERE "id" = ${returnId}::uuid AND "shopId" = ${shopId}::uuid FOR UPDATE`;
    const current = locked[0];
    if (!current) throw new AppError("not_found", "No such return.");
    if (current.status !== "approved") throw new AppError("invalid_transition", `Only an approved return can have its items received; this one is ${current.status}.`);
    if (current.receivedAt) throw new AppError("invalid_transition", "The items of this return are already marked received.");
    const row = await tx.returnRequest.update({ where: { id: returnId }, data: { receivedAt: new Date() } });
    await recordAudit(tx, { shopId, entityType: "return", entityId: returnId, action: "items_received", actor: ctx.actor, message: input.note });
    // An exchange waiting for the items releases its replacement now.
    if (row.resolution === "exchange" && row.exchange !== null) {
      await enqueueJob(tx, syncReturnJob, { returnId }, { shopId, dedupKey: `returns.sync:${returnId}:received` });
    }
    return row;
  });
}
