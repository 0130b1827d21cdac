import type { LoaderFunctionArgs } from "@remix-run/node";
import { AppError } from "../.server/errors";
import { conversationEventStream } from "../.server/conversations/stream-conversation-events.server";
import { assertConversationVisible } from "../.server/conversations/validation";
import { subscribeConversation } from "../.server/realtime/conversation-events.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";

/** Server-sent events of one of the shop's conversations (every message, internal notes included, and state changes). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  let id: string;
  try {
    id = await assertConversationVisible(ctx, params.id ?? "");
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") throw new Response("No such conversation.", { status: 404 });
    throw error;
  }
  return conversationEventStream(request, (listener) => subscribeConversation(id, listener));
}
