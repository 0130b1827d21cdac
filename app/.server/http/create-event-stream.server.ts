/** Headers of every event stream: no caching, and no buffering by proxies or the compression middleware. */
export const EVENT_STREAM_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
};

/** What a stream's producer writes with. Writing after the stream ended does nothing. */
export type EventStreamWriter = {
  /** One event: an `id:` line and an `event:` line when given, then its data as one line of JSON. */
  send(event: string | null, data: unknown, id?: string): void;
  /** Runs `cleanup` once when the stream ends, whoever ends it (the client, the producer, a failed write). */
  onClose(cleanup: () => void): void;
  /** Ends the stream. */
  close(): void;
  readonly closed: boolean;
};

export type EventStreamOptions = {
  /** The client's request signal: the stream ends when it aborts. Without one it ends when the producer closes it. */
  signal?: AbortSignal;
  /** Sent first: how long a client waits before it reconnects, and a comment line after it. */
  retryMs?: number;
  comment?: string;
  /** A comment line this often keeps proxies and load balancers from closing a quiet stream. */
  pingMs?: number;
  /** The producer: it subscribes, replays and sends; a rejection ends the stream. */
  start(writer: EventStreamWriter): void | Promise<void>;
};

/**
 * A `text/event-stream` body, the one writer of the chat's, the inbox's and a conversation's
 * streams: it frames events, pings while idle, and ends (unsubscribing the producer) when the
 * client goes away, the producer closes it, or a write fails.
 */
export function createEventStream(options: EventStreamOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let close = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const cleanups: Array<() => void> = [];
      let ping: ReturnType<typeof setInterval> | undefined;
      const write = (chunk: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          close();
        }
      };
      close = () => {
        if (closed) return;
        closed = true;
        clearInterval(ping);
        options.signal?.removeEventListener("abort", close);
        for (const cleanup of cleanups.splice(0)) cleanup();
        try {
          controller.close();
        } catch {
          // already closed by the reader going away
        }
      };
      const writer: EventStreamWriter = {
        send: (event, data, id) => write(`${id ? `id: ${id}\n` : ""}${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`),
        onClose: (cleanup) => (closed ? cleanup() : cleanups.push(cleanup)),
        close: () => close(),
        get closed() {
          return closed;
        },
      };
      if (options.signal?.aborted) return close();
      options.signal?.addEventListener("abort", close);
      if (options.pingMs) ping = setInterval(() => write(": ping\n\n"), options.pingMs);
      if (options.retryMs !== undefined || options.comment) write(`${options.retryMs !== undefined ? `retry: ${options.retryMs}\n` : ""}${options.comment ? `: ${options.comment}\n` : ""}\n`);
      try {
        await options.start(writer);
      } catch {
        close();
      }
    },
    cancel() {
      close();
    },
  });
}
