import type { LoaderFunctionArgs } from "@remix-run/node";
import { openChatRequest } from "../.server/channels/web-chat/open-chat-request.server";
import { streamChatEvents } from "../.server/channels/web-chat/stream-chat-events.server";
import { EVENT_STREAM_HEADERS } from "../.server/http/create-event-stream.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod } from "../.server/http/route-helpers.server";

/** GET /proxy/chat/sessions/{id}/events: the shopper's live stream of the shop's messages and the chat's state (API.md). */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "GET");
    const { conversation, attachmentUrl } = await openChatRequest(request, params.id);
    const body = streamChatEvents(conversation, { lastEventId: request.headers.get("last-event-id"), signal: request.signal, attachmentUrl });
    return new Response(body, { status: 200, headers: EVENT_STREAM_HEADERS });
  });
