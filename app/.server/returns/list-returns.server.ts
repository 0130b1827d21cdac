import { decodeCursor, encodeCursor, keysetAfterDescending } from "../api/keyset-cursor";
import { toMerchantReturn } from "../api/merchant-views";
import { endOf, startOf } from "../api/time-bounds";
import type { MerchantReturn } from "../api/schemas";
import { db, type Prisma } from "../db.server";
import type { ShopContext } from "../shops/shop-context";
import type { ReturnStatus } from "./types";

/**
 * A shop's returns, newest first by (createdAt, id), one keyset page at a time: the query walks
 * the (shopId[, status], createdAt desc, id desc) index from the cursor, so a deep page costs what
 * the first one does. `email` (stored lower-cased, so any letter case matches), `order` (with or without its `#`) and the
 * `from`/`to` bounds of `time-bounds.ts` narrow the list. A bad cursor is 400 `invalid_request` on `cursor`.
 */
export async function listReturns(
  ctx: ShopContext,
  options: { status?: ReturnStatus; limit: number; cursor?: string; email?: string; order?: string; from?: string; to?: string },
): Promise<{ data: MerchantReturn[]; nextCursor: string | null }> {
  const shopId = ctx.shop.id;
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const where: Prisma.ReturnRequestWhereInput = {
    shopId,
    ...(options.status ? { status: options.status } : {}),
    ...(options.email ? { customerEmail: options.email.toLowerCase() } : {}),
    ...(options.order ? { orderName: { in: orderNames(options.order) } } : {}),
    ...(options.from || options.to ? { createdAt: { ...(options.from ? { gte: startOf(options.from) } : {}), ...(options.to ? { lt: endOf(options.to) } : {}) } } : {}),
    ...(after ? { AND: keysetAfterDescending("createdAt", after) } : {}),
  };
  const rows = await db().returnRequest.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
    include: { items: { orderBy: { lineItemId: "asc" } } },
  });
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => toMerchantReturn(row, ctx.shop)),
    nextCursor: rows.length > options.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}

/** The names an order may be stored under when a client writes `1001` or `#1001`. */
function orderNames(order: string): string[] {
  const bare = order.replace(/^#/, "");
  return [...new Set([order, bare, `#${bare}`])];
}
