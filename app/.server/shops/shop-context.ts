import { SYSTEM_ACTOR, type Actor } from "../audit/record-audit";
import type { Shop } from "../db.server";

/**
 * What every domain command and read takes first: the shop the request is scoped to (always from
 * the authenticated request or the job's own row, never from a body) and who is acting, built once
 * per request by the authenticator.
 */
export type ShopContext = { shop: Shop; actor: Actor };

/** The shopper, on the storefront or a channel; the audit of a return they start names them by email. */
export const SHOPPER_ACTOR: Actor = { type: "shopper" };

/** A shopper's request (the app proxy, a chat, a channel): the shopper acts, from an address used for rate limits. */
export type ShopperContext = ShopContext & { clientAddress: string };

/** A staff member in the admin (Shopify staff, a WooCommerce store manager or the demo merchant). */
export type MerchantActor = { type: "merchant"; id: string; name: string };

/** The context of someone signed in to the admin, whose id and name also mark assignments and notes. */
export type MerchantContext = { shop: Shop; actor: MerchantActor };

/** The merchant actor for a staff member; the one place it is built. */
export function merchantActor(staff: { id: string; name: string }): MerchantActor {
  return { type: "merchant", id: staff.id, name: staff.name };
}

/** The context of work without a request (a job, a sweep): the shop and the system (or another actor such as the rules) acting. */
export function systemContext(shop: Shop, actor: Actor = SYSTEM_ACTOR): ShopContext {
  return { shop, actor };
}
