import { Prisma, type DbClient } from "../db.server";
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

/** An order return as `orderReturnsJson` gives it (times in epoch milliseconds). */
export type OrderReturnJson = Omit<OrderReturnRow, "createdAt" | "decidedAt" | "updatedAt"> & { createdAt: number; decidedAt: number | null; updatedAt: number };

/**
 * The order's returns as one JSON array: every return made on the order (newest first, cancelled
 * and denied ones included) with its items, and the return made with `idempotencyKey` if there is
 * one. A fragment, so a caller can read it beside other things in one statement.
 */
export function orderReturnsJson(shopId: string, orderId: string, idempotencyKey: string | null = null): Prisma.Sql {
  return Prisma.sql`COALESCE((
    SELECT json_agg(o ORDER BY o."createdAt" DESC, o."id" DESC) FROM (
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
    ) o
  ), '[]'::json)`;
}

/** The rows of `orderReturnsJson` as read back. */
export function orderReturnRows(rows: OrderReturnJson[]): OrderReturnRow[] {
  return rows.map((row) => ({
    ...row,
    createdAt: new Date(row.createdAt),
    decidedAt: row.decidedAt === null ? null : new Date(row.decidedAt),
    updatedAt: new Date(row.updatedAt),
  }));
}

/** The order's returns (`orderReturnsJson`), one statement, since both the lookup and the create are on the shopper's path. */
export async function readOrderReturns(client: DbClient, shopId: string, orderId: string, idempotencyKey: string | null = null): Promise<OrderReturnRow[]> {
  const [row] = await client.$queryRaw<Array<{ returns: OrderReturnJson[] }>>`SELECT ${orderReturnsJson(shopId, orderId, idempotencyKey)} AS "returns"`;
  return orderReturnRows(row?.returns ?? []);
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
