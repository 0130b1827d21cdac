import { Prisma, type DbClient, type Shop } from "../db.server";
import { formatCents, parseCents } from "../money";
import { SAME_CLIENT_EMAILS_COUNTED, SAME_CLIENT_RETURNS_READ } from "./engine/score-risk";
import { orderReturnRows, orderReturnsJson, type OrderReturnJson, type OrderReturnRow } from "./open-return-quantities.server";
import type { CustomerHistory, ReturnReason, ReturnStatus } from "./types";

const DAY = 24 * 3600 * 1000;
const MEDIAN_TTL_MS = 10 * 60 * 1000;
const medianCache = new Map<string, { value: Promise<string>; at: number }>();

/**
 * The shop's median order value over 90 days: demo orders, or the orders returns were made on.
 * Cached for ten minutes, and read once however many requests ask for it at the same moment (the
 * first requests after a start all need it).
 */
function shopMedianOrderValue(client: DbClient, shop: Shop, now: Date): Promise<string> {
  const cached = medianCache.get(shop.id);
  if (cached && now.getTime() - cached.at < MEDIAN_TTL_MS) return cached.value;
  const since = new Date(now.getTime() - 90 * DAY);
  const value = (async () => {
    const rows =
      shop.platform === "demo"
        ? await client.$queryRaw<Array<{ median: string | null }>>`
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY "totalPrice")::numeric(12,2)::text AS median
            FROM "demo_orders" WHERE "shopId" = ${shop.id}::uuid AND "processedAt" >= ${since}`
        : await client.$queryRaw<Array<{ median: string | null }>>`
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY "orderTotal")::numeric(12,2)::text AS median
            FROM "return_requests" WHERE "shopId" = ${shop.id}::uuid AND "createdAt" >= ${since}`;
    return rows[0]?.median ?? "0.00";
  })();
  const entry = { value, at: now.getTime() };
  medianCache.set(shop.id, entry);
  // A failed read is not kept: the next request reads again.
  value.catch(() => {
    if (medianCache.get(shop.id) === entry) medianCache.delete(shop.id);
  });
  return value;
}

type HistoryRow = {
  prior: Array<{ createdAt: number; orderId: string; status: ReturnStatus; items: Array<{ reason: string; quantity: number; unitPrice: string }> }>;
  onThisOrder: number;
  sameClient: string[];
  orderCount: number;
  profileOrderCount: number | null;
};

/**
 * What the decision engine needs to know about a customer's past at this shop: their last 100
 * returns, the requests on this order, the emails seen from the same client in 30 days (in its
 * latest 200 returns, counted up to 50), and their order count. One statement, since a return's
 * create and its triage both wait on it.
 */
export async function loadCustomerHistory(client: DbClient, shop: Shop, input: HistoryInput): Promise<CustomerHistory> {
  const [[row], median] = await Promise.all([client.$queryRaw<HistoryRow[]>`SELECT ${historyColumns(shop, input)}`, shopMedianOrderValue(client, shop, input.now)]);
  return historyOf(row, input.email, median);
}

/**
 * The customer's history and the order's returns (`orderReturnsJson`: what is left to return, and
 * the return made with the request's key) in one statement: what a new return reads before it asks
 * the store.
 */
export async function loadHistoryAndOrderReturns(
  client: DbClient,
  shop: Shop,
  input: HistoryInput,
  idempotencyKey: string | null,
): Promise<{ history: CustomerHistory; returns: OrderReturnRow[] }> {
  const [[row], median] = await Promise.all([
    client.$queryRaw<Array<HistoryRow & { orderReturns: OrderReturnJson[] }>>`
      SELECT ${historyColumns(shop, input)}, ${orderReturnsJson(shop.id, input.orderId, idempotencyKey)} AS "orderReturns"`,
    shopMedianOrderValue(client, shop, input.now),
  ]);
  return { history: historyOf(row, input.email, median), returns: orderReturnRows(row?.orderReturns ?? []) };
}

type HistoryInput = { email: string; orderId: string; clientAddress: string | null; now: Date; excludeReturnId?: string };

function historyColumns(shop: Shop, input: HistoryInput): Prisma.Sql {
  const email = input.email.toLowerCase();
  const since30 = new Date(input.now.getTime() - 30 * DAY);
  const exclude = input.excludeReturnId ?? null;
  const demo = shop.platform === "demo";
  return Prisma.sql`
        COALESCE((
          SELECT json_agg(p ORDER BY p."createdAt" DESC) FROM (
            SELECT (extract(epoch FROM r."createdAt") * 1000)::float8 AS "createdAt", r."platformOrderId" AS "orderId", r."status"::text AS "status",
                   COALESCE((SELECT json_agg(json_build_object('reason', i."reason"::text, 'quantity', i."quantity", 'unitPrice', i."unitPrice"::text))
                             FROM "return_items" i WHERE i."returnId" = r."id"), '[]'::json) AS "items"
            FROM "return_requests" r
            WHERE r."shopId" = ${shop.id}::uuid AND r."customerEmail" = ${email} AND r."id" IS DISTINCT FROM ${exclude}::uuid
            ORDER BY r."createdAt" DESC LIMIT 100) p
        ), '[]'::json) AS "prior",
        (SELECT count(*)::int FROM "return_requests" WHERE "shopId" = ${shop.id}::uuid AND "platformOrderId" = ${input.orderId} AND "id" IS DISTINCT FROM ${exclude}::uuid) AS "onThisOrder",
        COALESCE((
          SELECT json_agg(DISTINCT c."customerEmail") FROM (
            SELECT "customerEmail" FROM "return_requests"
            WHERE ${input.clientAddress}::text IS NOT NULL AND "shopId" = ${shop.id}::uuid AND "customerIp" = ${input.clientAddress}::text AND "createdAt" >= ${since30} AND "id" IS DISTINCT FROM ${exclude}::uuid
            ORDER BY "createdAt" DESC LIMIT ${SAME_CLIENT_RETURNS_READ}) c
        ), '[]'::json) AS "sameClient",
        (CASE WHEN ${demo} THEN (SELECT count(*)::int FROM "demo_orders" WHERE "shopId" = ${shop.id}::uuid AND "email" = ${email}) ELSE 0 END) AS "orderCount",
        (SELECT "orderCount" FROM "customer_risk_profiles" WHERE "shopId" = ${shop.id}::uuid AND "email" = ${email}) AS "profileOrderCount"`;
}

function historyOf(row: HistoryRow | undefined, rawEmail: string, median: string): CustomerHistory {
  const email = rawEmail.toLowerCase();
  return {
    orderCount: Math.max(1, row?.orderCount ?? 0, row?.profileOrderCount ?? 0),
    priorReturns: (row?.prior ?? []).map((r) => ({
      createdAt: new Date(r.createdAt),
      orderId: r.orderId,
      status: r.status,
      reasons: r.items.map((i) => i.reason as ReturnReason),
      value: sumItems(r.items.map((i) => ({ quantity: i.quantity, unitPrice: { toFixed: () => i.unitPrice } }))),
    })),
    requestsOnThisOrder: row?.onThisOrder ?? 0,
    emailsFromSameClient: Math.min(SAME_CLIENT_EMAILS_COUNTED, new Set([...(row?.sameClient ?? []), email]).size),
    shopMedianOrderValue: median,
  };
}

/** The value of returned items, summed in exact cents. */
function sumItems(items: Array<{ quantity: number; unitPrice: { toFixed(d: number): string } }>): string {
  let cents = 0;
  for (const item of items) cents += parseCents(item.unitPrice.toFixed(2)) * item.quantity;
  return formatCents(cents);
}
