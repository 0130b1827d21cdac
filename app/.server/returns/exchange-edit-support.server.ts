import { randomUUID } from "node:crypto";
import { enqueueAnalyticsRollup } from "../analytics/enqueue-analytics-rollup.server";
import { db, type Prisma, type ReturnItem, type ReturnRequest, type Tx } from "../db.server";
import { AppError } from "../errors";
import { enqueueJob } from "../jobs/enqueue-job";
import { getActivePolicy, rulesOfVersion } from "../policies/get-active-policy.server";
import type { PolicyRules } from "../policies/policy-rules";
import { syncReturnJob } from "./jobs";
import type { ReturnStatus } from "./types";
import { assertExchangeEditable } from "./validation";

/*
 * What the merchant's two exchange edits (another replacement, store credit instead) share: the
 * return read for the shop, the rules it was decided under, the row locked and checked again inside
 * the transaction, and the follow-up work committed with the change.
 */

export type ReturnWithItems = ReturnRequest & { items: ReturnItem[] };

/** The shop's return with its items, or AppError `not_found` (another shop's return included). */
export async function findShopReturn(shopId: string, returnId: string): Promise<ReturnWithItems> {
  const row = await db().returnRequest.findFirst({ where: { id: returnId, shopId }, include: { items: { orderBy: { lineItemId: "asc" } } } });
  if (!row) throw new AppError("not_found", "No such return.");
  return row;
}

/** The rules the return was decided under (its own policy version), or the active ones for a return without one. */
export async function rulesOfReturn(row: Pick<ReturnRequest, "shopId" | "policyId">): Promise<PolicyRules> {
  if (row.policyId) {
    const policy = await db().policy.findFirst({ where: { id: row.policyId, shopId: row.shopId }, select: { id: true, rules: true } });
    if (policy) return rulesOfVersion(policy);
  }
  return (await getActivePolicy(db(), row.shopId)).rules;
}

/** Locks the return for the change and checks again that its exchange can still be changed (a sync may have created it meanwhile). */
export async function lockEditableExchange(tx: Tx, shopId: string, returnId: string): Promise<void> {
  const locked = await tx.$queryRaw<Array<{ status: ReturnStatus; resolution: string; platformExchangeId: string | null; syncedActions: string[] }>>`
    SELECT "status", "resolution"::text AS "resolution", "platformExchangeId", "syncedActions" FROM "return_requests"
    WHERE "id" = ${returnId}::uuid AND "shopId" = ${shopId}::uuid FOR UPDATE`;
  const current = locked[0];
  if (!current) throw new AppError("not_found", "No such return.");
  assertExchangeEditable(current);
}

/** The work a changed exchange needs, in the same transaction: the platform mirrored again once approved, and the analytics. */
export async function afterExchangeEdit(tx: Tx, row: Pick<ReturnRequest, "id" | "shopId" | "status" | "createdAt">): Promise<void> {
  const change = randomUUID();
  // An approved return's sync may have failed on the old replacement (out of stock): it runs again on the new choice.
  if (row.status === "approved") await enqueueJob(tx, syncReturnJob, { returnId: row.id }, { shopId: row.shopId, dedupKey: `returns.sync:${row.id}:exchange-edit:${change}` });
  await enqueueAnalyticsRollup(tx, { shopId: row.shopId, returnId: row.id, requestedAt: row.createdAt, event: `exchange-edit:${change}` });
}

/** A stored replacement as JSON for `return_items.exchangeFor`. */
export function replacementJson(value: Record<string, unknown>): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}
