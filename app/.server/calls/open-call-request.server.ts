import type { LoadContext } from "../http/load-context";
import { AppError } from "../errors";
import { authenticateProxy } from "../proxy/authenticate-proxy.server";
import { authenticateChatSession, bearerToken } from "../channels/web-chat/authenticate-chat-session.server";
import { verifyToken } from "../security/tokens.server";

/**
 * A storefront call route's start: the app proxy's signature, then the chat's bearer token, which
 * names the conversation the call belongs to (a call is always started from a chat).
 */
export async function openCallRequest(request: Request, context?: Partial<LoadContext>) {
  const ctx = await authenticateProxy(request, context);
  const token = bearerToken(request);
  let conversationId: string;
  try {
    conversationId = String(verifyToken("chat", token).c);
  } catch {
    throw new AppError("invalid_token", "This chat session is missing or has expired. Please start a new chat.");
  }
  const conversation = await authenticateChatSession(ctx.shop, conversationId, token);
  return { ctx, conversation };
}
