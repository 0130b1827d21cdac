import { proxyRequest } from "./proxy-request";
import { routeArgs } from "./route-args";
import { action as startAction } from "../../app/routes/proxy.chat.sessions._index";
import { action as sendAction, loader as listLoader } from "../../app/routes/proxy.chat.sessions.$id.messages";
import { loader as eventsLoader } from "../../app/routes/proxy.chat.sessions.$id.events";

/** Parsed server-sent events: `{event, data, id}` in order. */
export type SseEvent = { event: string; data: unknown; id?: string };

/** An incremental reader of server-sent events: `until` reads on until the events so far satisfy it (or the stream ends). */
export function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = "";
  let ended = false;
  return {
    events,
    async until(done: (events: SseEvent[]) => boolean = () => false) {
      while (!done(events) && !ended) {
        const { done: finished, value } = await reader.read();
        if (finished) {
          ended = true;
          break;
        }
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const lines = buffer.slice(0, end).split("\n");
          buffer = buffer.slice(end + 2);
          const event = lines.find((l) => l.startsWith("event: "))?.slice(7);
          const data = lines.find((l) => l.startsWith("data: "))?.slice(6);
          const id = lines.find((l) => l.startsWith("id: "))?.slice(4);
          if (event && data !== undefined) events.push({ event, data: JSON.parse(data), ...(id ? { id } : {}) });
        }
      }
      return events;
    },
    close: () => reader.cancel().catch(() => undefined),
  };
}

/** Reads server-sent events from a stream until `until` says stop (or the stream ends), then lets go of it. */
export async function readSse(body: ReadableStream<Uint8Array>, until: (events: SseEvent[]) => boolean = () => false) {
  const reader = sseReader(body);
  const events = await reader.until(until);
  await reader.close();
  return events;
}

/** A shopper's chat through the storefront routes, as the widget drives it. */
export function chatClient(shop: string, address = "198.51.100.20") {
  const call = async (handler: (args: ReturnType<typeof routeArgs>) => Promise<Response>, request: Request, params: Record<string, string> = {}) => {
    const response = await handler(routeArgs(request, params, { remoteAddress: address }));
    if ((response.headers.get("content-type") ?? "").startsWith("text/event-stream")) return { status: response.status, headers: response.headers, body: null, stream: response.body! };
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null, stream: null };
  };
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  return {
    start: (body: unknown = {}) => call(startAction, proxyRequest("POST", "/chat/sessions", { shop, body })),
    send: (id: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
      call(sendAction, proxyRequest("POST", `/chat/sessions/${id}/messages`, { shop, body, headers: { ...auth(token), ...headers } }), { id }),
    list: (id: string, token: string) => call(listLoader, proxyRequest("GET", `/chat/sessions/${id}/messages`, { shop, headers: auth(token) }), { id }),
    events: (id: string, token: string, headers: Record<string, string> = {}, signal?: AbortSignal) => {
      const request = proxyRequest("GET", `/chat/sessions/${id}/events`, { shop, headers: { ...auth(token), ...headers } });
      return call(eventsLoader, signal ? new Request(request, { signal }) : request, { id });
    },
    /** Sends a message and returns the reply's text. */
    async say(id: string, token: string, text: string) {
      const response = await this.send(id, token, { text });
      if (response.status !== 200) throw new Error(`chat answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response.body as { reply: { id: string; role: string; text: string; sources?: Array<{ title: string; articleId: string }> }; handedOff: boolean };
    },
  };
}
