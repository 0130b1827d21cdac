import type { ConversationState, MessageView } from "../types";
import { ChatApiError } from "./api";
import { backoffDelay, retryAfterSeconds } from "./backoff";
import { SseParser } from "./sse";

/** Where the live connection stands; `reconnecting` is what the shopper is shown. */
export type StreamStatus = "connecting" | "open" | "reconnecting";

export type EventStreamOptions = {
  url: string;
  token: string;
  /** The newest message already shown: the server replays what came after it. */
  lastEventId?: string;
  onMessage(message: MessageView): void;
  onState(state: ConversationState): void;
  onStatus(status: StreamStatus): void;
  /** The session is no longer valid (401 or 404): the stream stops for good. */
  onStale(): void;
  random?: () => number;
};

/** The server pings every 20 seconds; this long without a byte means the connection died silently. */
const SILENCE_MS = 45_000;

/**
 * The conversation's live events (`GET /chat/sessions/{id}/events`) over fetch with a streaming
 * reader, reconnecting after a drop with exponential backoff and jitter and `Last-Event-ID`, and at
 * once when the browser comes back online or the page becomes visible again.
 */
export class EventStream {
  private running = false;
  private controller: AbortController | undefined;
  private wake: (() => void) | undefined;
  private lastEventId: string;
  private readonly nudge = () => {
    if (document.visibilityState === "visible") this.wake?.();
  };

  constructor(private readonly options: EventStreamOptions) {
    this.lastEventId = options.lastEventId ?? "";
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    window.addEventListener("online", this.nudge);
    document.addEventListener("visibilitychange", this.nudge);
    void this.loop();
  }

  stop(): void {
    this.running = false;
    window.removeEventListener("online", this.nudge);
    document.removeEventListener("visibilitychange", this.nudge);
    this.controller?.abort();
    this.wake?.();
  }

  private async loop(): Promise<void> {
    let attempt = 0;
    while (this.running) {
      let waitMs = 0;
      try {
        const delivered = await this.connect();
        if (delivered) attempt = 0;
      } catch (error) {
        if (!this.running) return;
        if (error instanceof ChatApiError && error.stale) {
          this.stop();
          this.options.onStale();
          return;
        }
        if (error instanceof ChatApiError && error.retryAfter) waitMs = error.retryAfter * 1000;
      }
      if (!this.running) return;
      this.options.onStatus("reconnecting");
      await this.sleep(Math.max(waitMs, backoffDelay(attempt++, { random: this.options.random })));
    }
  }

  /** One connection, until it ends; true when the server sent anything on it. */
  private async connect(): Promise<boolean> {
    const controller = new AbortController();
    this.controller = controller;
    let silence: ReturnType<typeof setTimeout> | undefined;
    const heard = () => {
      clearTimeout(silence);
      silence = setTimeout(() => controller.abort(), SILENCE_MS);
    };
    const headers: Record<string, string> = { Accept: "text/event-stream", Authorization: `Bearer ${this.options.token}` };
    if (this.lastEventId) headers["Last-Event-ID"] = this.lastEventId;
    let delivered = false;
    try {
      heard();
      let response: Response;
      try {
        response = await fetch(this.options.url, { headers, signal: controller.signal, credentials: "same-origin", cache: "no-store" });
      } catch {
        throw new ChatApiError(0, "network_error");
      }
      if (!response.ok || !response.body) throw new ChatApiError(response.status, "server_error", "", retryAfterSeconds(response.headers.get("Retry-After")));
      this.options.onStatus("open");
      const parser = new SseParser(this.lastEventId);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return delivered;
        heard();
        delivered = true;
        for (const event of parser.push(value)) this.dispatch(event.event, event.data, event.id);
      }
    } catch (error) {
      if (error instanceof ChatApiError) throw error;
      return delivered; // the connection dropped or went silent
    } finally {
      clearTimeout(silence);
    }
  }

  private dispatch(event: string, data: string, id: string): void {
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return; // not JSON: nothing the widget knows how to show
    }
    if (event === "message" && payload && typeof (payload as MessageView).id === "string") {
      this.lastEventId = id || (payload as MessageView).id;
      this.options.onMessage(payload as MessageView);
    } else if (event === "state" && payload && typeof payload === "object") {
      this.options.onState(payload as ConversationState);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}
