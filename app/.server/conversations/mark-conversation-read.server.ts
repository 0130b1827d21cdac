import { db } from "../db.server";
import { parseId } from "../http/route-helpers.server";
import type { ShopContext } from "../shops/shop-context";
import { publishChange } from "./conversation-events";

/**
 * Marks the shop's conversation read (unread count 0) when a staff member opens it. Only a count
 * above zero is written and published, so reloading an open conversation costs one no-op update.
 */
export async function markConversationRead(ctx: ShopContext, input: { conversationId: string }) {
  const shopId = ctx.shop.id;
  const id = parseId(input.conversationId, "conversation");
  const updated = await db().conversation.updateManyAndReturn({ where: { id, shopId, unreadCount: { gt: 0 } }, data: { unreadCount: 0 } });
  if (updated[0]) await publishChange(updated[0]);
  return updated.length > 0;
}
