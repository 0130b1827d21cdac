import { db, type Conversation, type DbClient } from "../db.server";
import { AppError } from "../errors";
import { parseId } from "../http/route-helpers.server";
import type { ShopContext } from "../shops/shop-context";

/** Longest reply or note a merchant can send; the same bound the shopper's messages have. */
export const MAX_MESSAGE_CHARS = 4_000;

/**
 * The shop's conversation with this id, locked for the rest of the transaction so two staff acting at
 * once apply one after the other. A malformed id, a missing one and another shop's all answer the
 * same 404.
 */
export async function findConversationOrThrow(client: DbClient, shopId: string, id: string): Promise<Conversation> {
  const conversationId = parseId(id, "conversation");
  const locked = await client.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM conversations WHERE id = ${conversationId}::uuid AND "shopId" = ${shopId}::uuid FOR UPDATE`;
  if (!locked.length) throw new AppError("not_found", "No such conversation.");
  return client.conversation.findUniqueOrThrow({ where: { id: conversationId } });
}

/** Refuses to act on a closed conversation: it has to be reopened first. */
export function assertNotClosed(conversation: Conversation, doing: string) {
  if (conversation.status === "closed") {
    throw new AppError("invalid_transition", `This conversation is closed. Reopen it before you ${doing}.`);
  }
}

/** Trims a reply or note and refuses an empty or overlong one with a field error on `text`. */
export function cleanMessageText(text: string): string {
  const trimmed = text.replace(/\r\n?/g, "\n").trim();
  if (!trimmed) throw new AppError("invalid_request", "Write a message first.", { fields: { text: "Write a message first." } });
  if (trimmed.length > MAX_MESSAGE_CHARS) {
    const message = `Keep it to ${MAX_MESSAGE_CHARS.toLocaleString("en-US")} characters or fewer.`;
    throw new AppError("invalid_request", message, { fields: { text: message } });
  }
  return trimmed;
}

/** The id of the shop's conversation, checked to exist (404 like a missing one otherwise), without locking it. */
export async function assertConversationVisible(ctx: ShopContext, id: string, client: DbClient = db()): Promise<string> {
  const conversationId = parseId(id, "conversation");
  const found = await client.conversation.findFirst({ where: { id: conversationId, shopId: ctx.shop.id }, select: { id: true } });
  if (!found) throw new AppError("not_found", "No such conversation.");
  return conversationId;
}
