import type { LoaderFunctionArgs } from "@remix-run/node";
import { conversationEventStream } from "../.server/conversations/stream-conversation-events.server";
import { subscribeShopConversations } from "../.server/realtime/conversation-events.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";

/** Server-sent events of every conversation of the merchant's shop, for the inbox list to refresh itself. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await authenticateAdmin(request);
  return conversationEventStream(request, (listener) => subscribeShopConversations(shop.id, listener));
}
