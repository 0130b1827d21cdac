import type { ConversationEnvelope } from "../realtime/conversation-events.server";

/** How often an idle stream sends a comment, so proxies and load balancers keep it open. */
export const PING_INTERVAL_MS = 25_000;

/**
 * A `text/event-stream` answer that forwards every envelope `subscribe` delivers as one `data:` line
 * of JSON (`{conversationId, event}`), pings while idle, and unsubscribes when the client goes away.
 * `no-transform` keeps the compression middleware from buffering the stream.
 */
export function conversationEventStream(request: Request, subscribe: (listener: (envelope: ConversationEnvelope) => void) => () => void): Response {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = subscribe((envelope) => send(`data: ${JSON.stringify({ conversationId: envelope.conversationId, event: envelope.event })}\n\n`));
      const ping = setInterval(() => send(": ping\n\n"), PING_INTERVAL_MS);
      cleanup = () => {
        if (!open) return;
        open = false;
        clearInterval(ping);
        unsubscribe();
        request.signal.removeEventListener("abort", cleanup);
        try {
          controller.close();
        } catch {
          // already closed by the reader going away
        }
      };
      request.signal.addEventListener("abort", cleanup);
      if (request.signal.aborted) cleanup();
      send("retry: 5000\n: connected\n\n");
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
