import { createHash } from "node:crypto";
import { db, type Conversation, type Shop } from "../../db.server";
import { AppError } from "../../errors";
import { parseId } from "../../http/route-helpers.server";
import { signToken, verifyToken } from "../../security/tokens.server";

/** A chat token is good for a month of coming back to the same conversation. */
export const CHAT_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

/** The bearer token of a new conversation (the conversation stores only its hash). */
export function issueChatToken(shopId: string, conversationId: string): string {
  return signToken("chat", { s: shopId, c: conversationId }, CHAT_TOKEN_TTL_SECONDS);
}

/** SHA-256 of a chat token, as `conversations.tokenHash` keeps it. */
export function hashChatToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The token of `Authorization: Bearer …`, or null. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

const notFound = () => new AppError("not_found", "We could not find this chat. Please start a new one.");

/**
 * The conversation a chat token opens. A missing, malformed, forged or expired token is 401
 * `invalid_token`; a good token of another conversation or shop is 404, like a missing conversation.
 */
export async function authenticateChatSession(shop: Shop, rawId: string | undefined, token: string | null): Promise<Conversation> {
  const id = parseId(rawId, "chat");
  let claims: Record<string, string | number>;
  try {
    claims = verifyToken("chat", token);
  } catch {
    throw new AppError("invalid_token", "This chat session is missing or has expired. Please start a new chat.");
  }
  if (claims.s !== shop.id || claims.c !== id) throw notFound();
  const conversation = await db().conversation.findFirst({ where: { id, shopId: shop.id, tokenHash: hashChatToken(token!) } });
  if (!conversation) throw notFound();
  return conversation;
}

/** The shopper-readable link of a chat photo, through the store's app proxy. */
export function chatAttachmentUrl(pathPrefix: string, conversationId: string, attachmentId: string, token: string): string {
  return `${pathPrefix}/chat/sessions/${conversationId}/attachments/${attachmentId}?token=${encodeURIComponent(token)}`;
}

/** The app proxy's path prefix from the signed query, `/apps/dokani` when absent or odd. */
export function proxyPathPrefix(request: Request): string {
  const prefix = new URL(request.url).searchParams.get("path_prefix");
  return prefix && /^\/[A-Za-z0-9/_-]{1,100}$/.test(prefix) ? prefix.replace(/\/$/, "") : "/apps/dokani";
}
