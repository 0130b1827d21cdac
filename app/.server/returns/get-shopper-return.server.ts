import { db, type Shop } from "../db.server";
import { AppError } from "../errors";
import type { ShopContext } from "../shops/shop-context";
import { verifyToken } from "../security/tokens.server";
import { toReturnView } from "./return-view";
import type { ReturnView } from "./types";

/** Checks that a return token covers this shop and return; anything else answers 404 like a missing return. */
export function assertReturnToken(shop: Shop, returnId: string, token: string | null) {
  const notFound = new AppError("not_found", "We could not find this return. Please use the link from your confirmation.");
  let claims: Record<string, string | number>;
  try {
    claims = verifyToken("return", token);
  } catch {
    throw notFound;
  }
  if (claims.s !== shop.id || claims.r !== returnId) throw notFound;
}

/** The return as the shopper sees it, with the photos they already sent (oldest first). */
export type ShopperReturnView = ReturnView & { photos: Array<{ id: string; url: string }> };

/**
 * `GET /proxy/returns/{id}?token=`: the return as the shopper may see it, with links (under the
 * storefront's proxy prefix) to the photos already sent, so a return page opened again shows them.
 */
export async function getShopperReturn(ctx: ShopContext, query: { returnId: string; token: string | null; proxyPrefix?: string }): Promise<ShopperReturnView> {
  const { shop } = ctx;
  const { returnId, token } = query;
  assertReturnToken(shop, returnId, token);
  const row = await db().returnRequest.findFirst({
    where: { id: returnId, shopId: shop.id },
    include: { items: { orderBy: { lineItemId: "asc" } }, evidence: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } } },
  });
  if (!row) throw new AppError("not_found", "We could not find this return. Please use the link from your confirmation.");
  const prefix = query.proxyPrefix || "/apps/dokani";
  const photos = row.evidence.map((e) => ({ id: e.id, url: `${prefix}/returns/${row.id}/evidence/${e.id}?token=${encodeURIComponent(token!)}` }));
  return { ...toReturnView(row, shop), photos };
}
