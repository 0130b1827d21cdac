import { randomUUID } from "node:crypto";
import { auditRow } from "../audit/record-audit";
import { Prisma, type PrismaClient } from "../db.server";
import { PermanentJobError } from "../jobs/define-job";
import { getPlatform } from "../platforms/get-platform.server";
import { findShop } from "../shops/find-shop.server";
import { PlatformError, type PlatformReturnLine } from "../platforms/platform";
import { exchangeForOf, exchangeOf } from "./return-view";
import type { ReturnStatus } from "./types";

type SyncAction = "request" | "approve" | "decline" | "process" | "exchange" | "release";

/** What the sync needs to know of an exchange with chosen replacements. */
export type ExchangeSyncFacts = { instant: boolean; received: boolean };

/**
 * The platform calls a return in this status needs, in order. An exchange with chosen replacements
 * is created on the platform only once approved (`exchange`, which opens the platform's return with
 * the replacements on it), its replacement released (`release`) at once when instant or when the
 * items arrive, and processed at completion; a request that is never approved leaves nothing there.
 */
export function syncActionsFor(status: ReturnStatus, synced: readonly string[], exchange: ExchangeSyncFacts | null = null): SyncAction[] {
  if (exchange) {
    const wanted: SyncAction[] = [];
    if (status === "approved" || status === "completed") wanted.push("exchange");
    if ((status === "approved" && (exchange.instant || exchange.received)) || status === "completed") wanted.push("release");
    if (status === "completed") wanted.push("process");
    return wanted.filter((action) => !synced.includes(action));
  }
  const wanted: SyncAction[] = ["request"];
  if (status === "approved") wanted.push("approve");
  if (status === "completed") wanted.push("approve", "process");
  if (status === "denied") wanted.push("decline");
  // A cancelled request that the platform holds open is declined there so it does not linger.
  if (status === "cancelled" && synced.includes("request") && !synced.includes("approve")) wanted.push("decline");
  return wanted.filter((action) => !synced.includes(action));
}

/** A return with its items, as the sync reads it. */
export type ReturnWithItems = Prisma.ReturnRequestGetPayload<{ include: { items: true } }>;

/**
 * The `returns.sync` job: mirrors a return's state to its platform. It reconciles rather than
 * replays (each call is recorded in `syncedActions` and never made twice), and the refund
 * (`process`) comes last. A failure shows on the return (`syncStatus` failed with the platform's
 * message); retryable ones are retried by the job runtime. `read` is the return with its items as
 * read since its last change (the follow-up's triage that changed nothing), to spare a second read.
 */
export async function syncReturnToPlatform(client: PrismaClient, returnId: string, options: { retry?: boolean; read?: ReturnWithItems } = {}) {
  const found = options.read ?? (await client.returnRequest.findUnique({ where: { id: returnId }, include: { items: true } }));
  const shop = found && (await findShop(client, found.shopId));
  if (!found || !shop) return { actions: [] as SyncAction[] };
  const row = { ...found, shop };
  const exchange = exchangeOf(row.exchange);
  const replacements = row.items.flatMap((i) => {
    const r = exchangeForOf(i.exchangeFor);
    return r ? [{ lineItemId: i.lineItemId, productId: r.productId, variantId: r.variantId, quantity: i.quantity, price: r.price }] : [];
  });
  const exchanging = row.resolution === "exchange" && exchange !== null && replacements.length > 0;
  const actions = syncActionsFor(row.status, row.syncedActions, exchanging ? { instant: exchange.instant, received: row.receivedAt !== null } : null);
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
    let reconciled = false;
    let exchangeId = row.platformExchangeId;
    for (const action of actions) {
      const update: { platformReturnId?: string | null; platformRefundId?: string | null; platformExchangeId?: string | null } = {};
      if (action === "exchange") {
        const created = await platform.createExchange({
          order,
          lines,
          replacements,
          difference: { amount: exchange!.difference, settlement: exchange!.settlement },
          instant: exchange!.instant,
          idempotencyKey: `dokani-exchange-${row.id}`,
        });
        exchangeId = created.exchangeId;
        update.platformExchangeId = exchangeId;
        if (created.platformReturnId) platformReturnId = update.platformReturnId = created.platformReturnId;
      } else if (action === "release") {
        await platform.releaseExchange({ exchangeId: exchangeId!, order });
      } else if (action === "request") {
        // A retry (the last try failed, or its job died) may follow a request the platform made and whose answer was lost:
        // the platform looks for it first, leaving aside the requests other returns of this order hold.
        const retry = options.retry || row.syncStatus === "failed";
        const taken = retry
          ? (await client.returnRequest.findMany({ where: { shopId: row.shopId, platformOrderId: row.platformOrderId, id: { not: row.id }, platformReturnId: { not: null } }, select: { platformReturnId: true } })).map((r) => r.platformReturnId!)
          : [];
        const requested = await platform.requestReturn(order, lines, retry ? { reconcile: { taken } } : {});
        platformReturnId = requested.platformReturnId;
        update.platformReturnId = platformReturnId;
        if (requested.reconciled) reconciled = true;
      } else if (action === "approve") {
        await platform.approveReturn(platformReturnId, order);
      } else if (action === "decline") {
        const reason = (row.decisionReasons as Array<{ message: string }>)[0]?.message ?? "Declined under the store's return policy.";
        await platform.declineReturn(platformReturnId, order, reason);
      } else {
        const amount = (row.refundedAmount ?? row.refundEstimate).toFixed(2);
        update.platformRefundId = (
          await platform.processReturn({
            platformReturnId,
            order,
            lines,
            resolution: row.resolution,
            amount,
            currency: row.currency,
            idempotencyKey: `dokani-return-${row.id}`,
            ...(exchanging && exchangeId ? { exchange: { exchangeId, settlement: exchange!.settlement, difference: exchange!.difference } } : {}),
          })
        ).refundId;
      }
      // Recorded one call at a time, each with its audit row in one statement: a crash after a call repeats none that succeeded.
      // The last one also marks the return synced.
      const found = action === "request" && reconciled;
      const audit = auditRow(
        {
          shopId: row.shopId,
          entityType: "return",
          entityId: row.id,
          action: `synced.${action}`,
          actor: { type: "platform", id: row.shop.platform, name: row.shop.platform },
          // A request an earlier try made (its answer lost) is recorded as found, not made again.
          ...(found ? { message: "Found the return request an earlier try had opened on the store; no second one was made." } : {}),
          data: { platformReturnId, ...(exchangeId ? { platformExchangeId: exchangeId } : {}), ...(found ? { reconciled: true } : {}) },
        },
        randomUUID(),
        new Date(),
      );
      await recordSyncedAction(client, row.id, action, update, audit, action === actions.at(-1));
    }
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

/**
 * Records one platform call on the return (its ids, the action in `syncedActions`, and when it is the
 * last call the return synced) together with its audit row, in one statement.
 */
async function recordSyncedAction(
  client: PrismaClient,
  returnId: string,
  action: SyncAction,
  ids: { platformReturnId?: string | null; platformRefundId?: string | null; platformExchangeId?: string | null },
  audit: ReturnType<typeof auditRow>,
  last: boolean,
) {
  const now = Prisma.sql`(${audit.createdAt.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const set = (column: keyof typeof ids) =>
    column in ids ? Prisma.sql`${Prisma.raw(`"${column}"`)} = ${ids[column] ?? null}::text,` : Prisma.empty;
  const synced = last ? Prisma.sql`"syncStatus" = 'synced', "syncError" = NULL, "syncedAt" = ${now},` : Prisma.empty;
  const columns = Prisma.raw(Object.keys(audit).map((c) => `"${c}"`).join(", "));
  await client.$executeRaw`
    WITH updated AS (
      UPDATE "return_requests" SET ${set("platformReturnId")} ${set("platformRefundId")} ${set("platformExchangeId")} ${synced}
        "syncedActions" = array_append("syncedActions", ${action}::text), "updatedAt" = ${now}
      WHERE "id" = ${returnId}::uuid
      RETURNING "id"
    )
    INSERT INTO "audit_log" (${columns})
    SELECT ${columns} FROM jsonb_populate_record(NULL::"audit_log", ${JSON.stringify(audit)}::jsonb) WHERE EXISTS (SELECT 1 FROM updated)`;
}
