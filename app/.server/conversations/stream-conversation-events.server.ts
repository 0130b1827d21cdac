import type { ConversationEnvelope } from "./conversation-event";
import { EVENT_STREAM_HEADERS, createEventStream } from "../http/create-event-stream.server";

/** How often an idle stream sends a comment, so proxies and load balancers keep it open. */
export const PING_INTERVAL_MS = 25_000;

/**
 * The inbox's `text/event-stream` answer: every envelope `subscribe` delivers, as one `data:` line of
 * JSON (`{conversationId, event}`), until the merchant's page goes away.
 */
export function conversationEventStream(request: Request, subscribe: (listener: (envelope: ConversationEnvelope) => void) => () => void): Response {
  const body = createEventStream({
    signal: request.signal,
    retryMs: 5_000,
    comment: "connected",
    pingMs: PING_INTERVAL_MS,
    start(writer) {
      writer.onClose(subscribe((envelope) => writer.send(null, { conversationId: envelope.conversationId, event: envelope.event })));
    },
  });
  return new Response(body, { headers: EVENT_STREAM_HEADERS });
}
