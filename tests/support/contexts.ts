import type { Actor } from "../../app/.server/audit/record-audit";
import { db, type Shop } from "../../app/.server/db.server";
import { merchantActor, SHOPPER_ACTOR, type MerchantContext, type ShopContext, type ShopperContext } from "../../app/.server/shops/shop-context";

async function shopOf(shop: Shop | string): Promise<Shop> {
  return typeof shop === "string" ? db().shop.findUniqueOrThrow({ where: { id: shop } }) : shop;
}

/** A signed-in staff member's context for a shop (a row or its id), as `authenticateAdmin` builds it. */
export async function merchantContext(shop: Shop | string, staff: { id: string; name: string } = { id: "staff-1", name: "Sam" }): Promise<MerchantContext> {
  return { shop: await shopOf(shop), actor: merchantActor(staff) };
}

/** A context acting as any actor (an API key, the rules) for a shop. */
export async function actingContext(shop: Shop | string, actor: Actor): Promise<ShopContext> {
  return { shop: await shopOf(shop), actor };
}

/** A shopper's context, as `authenticateProxy` builds it. */
export function shopperContext(shop: Shop, clientAddress: string): ShopperContext {
  return { shop, actor: SHOPPER_ACTOR, clientAddress };
}
