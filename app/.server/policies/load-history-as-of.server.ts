import type { DbClient, Shop } from "../db.server";
import { formatCents, parseCents } from "../money";
import { SAME_CLIENT_EMAILS_COUNTED, SAME_CLIENT_RETURNS_READ } from "../returns/engine/score-risk";
import type { CustomerHistory, ReturnReason } from "../returns/types";

const DAY_MS = 24 * 3600 * 1000;

/** Medians already computed in one backtest run, by shop and UTC day. */
export type MedianCache = Map<string, string>;

/**
 * The shop's median order value over the 90 days before `at`: demo orders for demo shops, else the
 * orders returns were made on, as the live path reads it. Cached per UTC day for one run.
 */
async function medianAsOf(client: DbClient, shop: Shop, at: Date, cache: MedianCache): Promise<string> {
  const day = Math.floor(at.getTime() / DAY_MS);
  const key = `${shop.id}:${day}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const end = new Date((day + 1) * DAY_MS);
  const since = new Date(end.getTime() - 90 * DAY_MS);
  const rows =
    shop.platform === "demo"
      ? await client.$queryRaw<Array<{ median: string | null }>>`
          SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY "totalPrice")::numeric(12,2)::text AS median
          FROM "demo_orders" WHERE "shopId" = ${shop.id}::uuid AND "processedAt" >= ${since} AND "processedAt" < ${end}`
      : await client.$queryRaw<Array<{ median: string | null }>>`
          SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY "orderTotal")::numeric(12,2)::text AS median
          FROM "return_requests" WHERE "shopId" = ${shop.id}::uuid AND "createdAt" >= ${since} AND "createdAt" < ${end}`;
  const value = rows[0]?.median ?? "0.00";
  cache.set(key, value);
  return value;
}

/**
 * What the decision engine would have known about a customer when a past return was made: only
 * requests made before it count (its own excluded). What is not stored as of then is read as it is
 * now: earlier returns carry their current status, and a shop's order count comes from demo orders
 * placed by then or from the orders the customer returned on.
 */
export async function loadHistoryAsOf(
  client: DbClient,
  shop: Shop,
  row: { id: string; customerEmail: string; platformOrderId: string; customerIp: string | null; createdAt: Date },
  medians: MedianCache,
): Promise<CustomerHistory> {
  const email = row.customerEmail.toLowerCase();
  const before = { lt: row.createdAt };
  const notThis = { id: { not: row.id } };
  const [prior, onThisOrder, sameClient, demoOrders, median] = await Promise.all([
    client.returnRequest.findMany({
      where: { shopId: shop.id, customerEmail: email, createdAt: before, ...notThis },
      orderBy: { createdAt: "desc" },
      take: 100,
      select: { createdAt: true, platformOrderId: true, status: true, items: { select: { reason: true, quantity: true, unitPrice: true } } },
    }),
    client.returnRequest.count({ where: { shopId: shop.id, platformOrderId: row.platformOrderId, createdAt: before, ...notThis } }),
    row.customerIp
      ? client.returnRequest.findMany({
          where: { shopId: shop.id, customerIp: row.customerIp, createdAt: { gte: new Date(row.createdAt.getTime() - 30 * DAY_MS), lt: row.createdAt }, ...notThis },
          orderBy: { createdAt: "desc" },
          take: SAME_CLIENT_RETURNS_READ,
          select: { customerEmail: true },
        })
      : Promise.resolve([]),
    shop.platform === "demo" ? client.demoOrder.count({ where: { shopId: shop.id, email, processedAt: { lte: row.createdAt } } }) : Promise.resolve(0),
    medianAsOf(client, shop, row.createdAt, medians),
  ]);
  const returnedOrders = new Set([row.platformOrderId, ...prior.map((r) => r.platformOrderId)]).size;
  return {
    orderCount: Math.max(1, demoOrders, returnedOrders),
    priorReturns: prior.map((r) => ({
      createdAt: r.createdAt,
      orderId: r.platformOrderId,
      status: r.status,
      reasons: r.items.map((i) => i.reason as ReturnReason),
      value: formatCents(r.items.reduce((sum, i) => sum + parseCents(i.unitPrice.toFixed(2)) * i.quantity, 0)),
    })),
    requestsOnThisOrder: onThisOrder,
    emailsFromSameClient: Math.min(SAME_CLIENT_EMAILS_COUNTED, new Set([...sameClient.map((r) => r.customerEmail), email]).size),
    shopMedianOrderValue: median,
  };
}
