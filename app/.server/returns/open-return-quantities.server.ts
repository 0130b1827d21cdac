import type { DbClient } from "../db.server";

/** Units of each line of an order already in a Dokani return that is still open or done (not denied or cancelled). */
export async function openReturnQuantities(client: DbClient, shopId: string, orderId: string): Promise<Map<string, number>> {
  const rows = await client.returnItem.groupBy({
    by: ["lineItemId"],
    where: { returnRequest: { shopId, platformOrderId: orderId, status: { notIn: ["denied", "cancelled"] } } },
    _sum: { quantity: true },
  });
  return new Map(rows.map((r) => [r.lineItemId, r._sum.quantity ?? 0]));
}
