import type { DbClient, Shop } from "../db.server";
import { formatCents, parseCents } from "../money";
import type { CustomerHistory, ReturnReason } from "./types";

const DAY = 24 * 3600 * 1000;
const MEDIAN_TTL_MS = 10 * 60 * 1000;
const medianCache = new Map<string, { value: string; at: number }>();

/** The shop's median order value over 90 days: demo orders, or the orders returns were made on. Cached for ten minutes. */
async function shopMedianOrderValue(client: DbClient, shop: Shop, now: Date): Promise<string> {
  const cached = medianCache.get(shop.id);
  if (cached && now.getTime() - cached.at < MEDIAN_TTL_MS) return cached.value;
  const since = new Date(now.getTime() - 90 * DAY);
  const rows =
    shop.platform === "demo"
      ? await client.$queryRaw<Array<{ median: string | null }>>`
          SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY "totalPrice")::numeric(12,2)::text AS median
          FROM "demo_orders" WHERE "shopId" = ${shop.id}::uuid AND "processedAt" >= ${since}`
      : await client.$queryRaw<Array<{ median: string | null }>>`
          SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY "orderTotal")::numeric(12,2)::text AS median
          FROM "return_requests" WHERE "shopId" = ${shop.id}::uuid AND "createdAt" >= ${since}`;
  const value = rows[0]?.median ?? "0.00";
  medianCache.set(shop.id, { value, at: now.getTime() });
  return value;
}

/** What the decision engine needs to know about a customer's past at this shop. */
export async function loadCustomerHistory(
  client: DbClient,
  shop: Shop,
  input: { email: string; orderId: string; clientAddress: string | null; now: Date; excludeReturnId?: string },
): Promise<CustomerHistory> {
  const email = input.email.toLowerCase();
  const since30 = new Date(input.now.getTime() - 30 * DAY);
  const notThis = input.excludeReturnId ? { id: { not: input.excludeReturnId } } : {};
  const [prior, onThisOrder, sameClient, orderCount, profile, median] = await Promise.all([
    client.returnRequest.findMany({
      where: { shopId: shop.id, customerEmail: email, ...notThis },
      orderBy: { createdAt: "desc" },
      take: 100,
      select: { createdAt: true, platformOrderId: true, status: true, items: { select: { reason: true, quantity: true, unitPrice: true } } },
    }),
    client.returnRequest.count({ where: { shopId: shop.id, platformOrderId: input.orderId, ...notThis } }),
    input.clientAddress
      ? client.returnRequest.findMany({
          where: { shopId: shop.id, customerIp: input.clientAddress, createdAt: { gte: since30 }, ...notThis },
          distinct: ["customerEmail"],
          select: { customerEmail: true },
        })
      : Promise.resolve([]),
    shop.platform === "demo" ? client.demoOrder.count({ where: { shopId: shop.id, email } }) : Promise.resolve(0),
    client.customerRiskProfile.findUnique({ where: { shopId_email: { shopId: shop.id, email } }, select: { orderCount: true } }),
    shopMedianOrderValue(client, shop, input.now),
  ]);
  return {
    orderCount: Math.max(1, orderCount, profile?.orderCount ?? 0),
    priorReturns: prior.map((r) => ({
      createdAt: r.createdAt,
      orderId: r.platformOrderId,
      status: r.status,
      reasons: r.items.map((i) => i.reason as ReturnReason),
      value: sumItems(r.items),
    })),
    requestsOnThisOrder: onThisOrder,
    emailsFromSameClient: new Set([...sameClient.map((r) => r.customerEmail), email]).size,
    shopMedianOrderValue: median,
  };
}

/** The value of returned items, summed in exact cents. */
function sumItems(items: Array<{ quantity: number; unitPrice: { toFixed(d: number): string } }>): string {
  let cents = 0;
  for (const item of items) cents += parseCents(item.unitPrice.toFixed(2)) * item.quantity;
  return formatCents(cents);
}
