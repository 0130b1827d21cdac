import type { DbClient } from "../db.server";
import type { ReturnStatus } from "./types";

/** A return already made on an order, as the storefront's lookup and create need it. */
export type OrderReturnRow = {
  id: string;
  status: ReturnStatus;
  createdAt: Date;
  decidedAt: Date | null;
  updatedAt: Date;
  refundEstimate: string;
  currency: string;
  nextStep: unknown;
  /** True for the return made with the request's `Idempotency-Key` (which may be on another order). */
  byKey: boolean;
  platformOrderId: string;
  items: Array<{ lineItemId: string; title: string; quantity: number }>;
};

type RawRow = Omit<OrderReturnRow, "createdAt" | "decidedAt" | "updatedAt"> & { createdAt: number; decidedAt: number | null; updatedAt: number };

/**
 * Every return made on the order (newest first, cancelled and denied ones included) with its items,
 * and the return made with `idempotencyKey` if there is one: one statement, since both the lookup
 * and the create are on the shopper's path.
 */
export async function readOrderReturns(client: DbClient, shopId: string, orderId: string, idempotencyKey: string | null = null): Promise<OrderReturnRow[]> {
  const rows = await client.$queryRaw<RawRow[]>`
    SELECT r."id", r."status"::text AS "status", r."platformOrderId",
           (extract(epoch FROM r."createdAt") * 1000)::float8 AS "createdAt",
           (extract(epoch FROM r."decidedAt") * 1000)::float8 AS "decidedAt",
           (extract(epoch FROM r."updatedAt") * 1000)::float8 AS "updatedAt",
           r."refundEstimate"::text AS "refundEstimate", r."currency", r."nextStep",
           COALESCE(r."idempotencyKey" = ${idempotencyKey}::text, false) AS "byKey",
           COALESCE((
             SELECT json_agg(json_build_object('lineItemId', i."lineItemId", 'title', i."title", 'quantity', i."quantity") ORDER BY i."lineItemId")
             FROM "return_items" i WHERE i."returnId" = r."id"
           ), '[]'::json) AS "items"
    FROM "return_requests" r
    WHERE r."shopId" = ${shopId}::uuid AND (r."platformOrderId" = ${orderId} OR r."idempotencyKey" = ${idempotencyKey}::text)
    ORDER BY r."createdAt" DESC, r."id" DESC`;
  return rows.map((row) => ({
    ...row,
    createdAt: new Date(row.createdAt),
    decidedAt: row.decidedAt === null ? null : new Date(row.decidedAt),
    updatedAt: new Date(row.updatedAt),
  }));
}

/** Units of each line of the order already in a Dokani return that is still open or done (not denied or cancelled). */
export function openQuantitiesOf(rows: OrderReturnRow[], orderId: string): Map<string, number> {
  const quantities = new Map<string, number>();
  for (const row of rows) {
    if (row.platformOrderId !== orderId || row.status === "denied" || row.status === "cancelled") continue;
    for (const item of row.items) quantities.set(item.lineItemId, (quantities.get(item.lineItemId) ?? 0) + item.quantity);
  }
  return quantities;
}
