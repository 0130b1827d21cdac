import type { LoaderFunctionArgs } from "@remix-run/node";
import { orNotFound } from "../.server/http/not-found.server";
import { conversationEventStream } from "../.server/conversations/stream-conversation-events.server";
import { assertConversationVisible } from "../.server/conversations/validation";
import { subscribeConversation } from "../.server/realtime/conversation-events.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";

/** Server-sent events of one of the shop's conversations (every message, internal notes included, and state changes). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const id = await orNotFound(assertConversationVisible(ctx, params.id ?? ""), "No such conversation.");
  return conversationEventStream(request, (listener) => subscribeConversation(id, listener));
}
