import { db } from "../db.server";
import type { ShopContext } from "../shops/shop-context";

/**
 * Names the shopper of a conversation once they proved an order: the order's email and name fill
 * the conversation's when it had none, so the inbox, the risk panel and the summary know who it is.
 * A name or email the shopper gave the channel themselves is kept.
 */
export async function attachVerifiedShopper(ctx: ShopContext, input: { conversationId: string; email: string; name?: string | null }): Promise<void> {
  const where = { id: input.conversationId, shopId: ctx.shop.id };
  // An order proved by the sender's phone may have no email at all.
  if (input.email.trim()) await db().conversation.updateMany({ where: { ...where, customerEmail: null }, data: { customerEmail: input.email.trim().toLowerCase() } });
  if (input.name) await db().conversation.updateMany({ where: { ...where, customerName: null }, data: { customerName: input.name.slice(0, 255) } });
}
