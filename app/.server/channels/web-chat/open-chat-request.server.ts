import { authenticateProxy } from "../../proxy/authenticate-proxy.server";
import { authenticateChatSession, bearerToken, chatAttachmentUrl, proxyPathPrefix } from "./authenticate-chat-session.server";

/** A chat route's common start: the proxy signature, then the Bearer token (or `?token=` where a browser cannot send headers) for the conversation in the path. */
export async function openChatRequest(request: Request, rawId: string | undefined, options: { tokenInQuery?: boolean } = {}) {
  const ctx = await authenticateProxy(request);
  const { shop } = ctx;
  const token = bearerToken(request) ?? (options.tokenInQuery ? new URL(request.url).searchParams.get("token") : null);
  const conversation = await authenticateChatSession(shop, rawId, token);
  const prefix = proxyPathPrefix(request);
  return { ctx, shop, conversation, token: token!, attachmentUrl: (id: string) => chatAttachmentUrl(prefix, conversation.id, id, token!) };
}
