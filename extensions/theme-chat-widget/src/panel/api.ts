import type { StoredSession } from "../session-store";
import type { MessageView } from "../types";
import { retryAfterSeconds } from "./backoff";
import { SseParser } from "./sse";

/**
 * The storefront chat API, rooted at the widget's proxy base (`/apps/dokani` through Shopify's app
 * proxy, a plugin route on WooCommerce).
 */

/** A failed call: the API's error code, `network_error` when nothing came back. */
export class ChatApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message = "",
    readonly retryAfter?: number,
  ) {
    super(message || code);
  }

  /** The stored session is no longer valid: start a new one. */
  get stale(): boolean {
    return this.status === 401 || this.status === 404;
  }
}

/** The answer to a message: the AI's reply (none when a person has the conversation) and whether it went to a person. */
export type SendResult = { reply: MessageView | null; handedOff: boolean };

type Session = Pick<StoredSession, "id" | "token">;

/** The call buttons the shop offers in this chat (`calls` on the session and messages answers). */
export type CallOptions = { voice: boolean; video: boolean };

/** A call as the storefront sees it: where to join it, once. */
export type ShopperCall = { id: string; kind: "voice" | "video"; status: string; joinUrl: string | null; expiresAt: string | null };

async function errorFrom(response: Response): Promise<ChatApiError> {
  const retryAfter = retryAfterSeconds(response.headers.get("Retry-After"));
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.code) return new ChatApiError(response.status, body.error.code, body.error.message, retryAfter);
  } catch {
    // Not the API's error body (a proxy's or a CDN's page): the status says enough.
  }
  return new ChatApiError(response.status, response.status === 429 ? "rate_limited" : "server_error", response.statusText, retryAfter);
}

export class ChatApi {
  constructor(private readonly base: string) {}

  /** The URL of one session's resource. */
  url(session: Session, path = ""): string {
    return `${this.base}/chat/sessions/${encodeURIComponent(session.id)}${path}`;
  }

  private async request(url: string, init: RequestInit & { token?: string; accept?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = { Accept: init.accept ?? "application/json" };
    if (init.token) headers.Authorization = `Bearer ${init.token}`;
    if (typeof init.body === "string") headers["Content-Type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(url, { method: init.method, body: init.body, signal: init.signal, headers, credentials: "same-origin", cache: "no-store" });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new ChatApiError(0, "network_error");
    }
    if (!response.ok) throw await errorFrom(response);
    return response;
  }

  private async json<T>(response: Response): Promise<T> {
    try {
      return (await response.json()) as T;
    } catch {
      throw new ChatApiError(response.status, "network_error");
    }
  }

  /** Starts a conversation. */
  async createSession(body: { locale?: string; email?: string; name?: string }): Promise<{ session: Session; greeting?: string | null; calls?: CallOptions }> {
    const response = await this.request(`${this.base}/chat/sessions`, { method: "POST", body: JSON.stringify(body) });
    return this.json(response);
  }

  /** The whole conversation, oldest first, and the call buttons the shop offers. */
  async messages(session: Session): Promise<{ messages: MessageView[]; calls?: CallOptions }> {
    const body = await this.json<{ messages?: MessageView[]; calls?: CallOptions }>(await this.request(this.url(session, "/messages"), { token: session.token }));
    return { messages: body.messages ?? [], calls: body.calls };
  }

  /** Starts a voice or video call from this chat (`POST /calls`). */
  async startCall(session: Session, kind: "voice" | "video"): Promise<ShopperCall> {
    const response = await this.request(`${this.base}/calls`, { method: "POST", token: session.token, body: JSON.stringify({ kind }) });
    return (await this.json<{ call: ShopperCall }>(response)).call;
  }

  /** Hangs up (`POST /calls/{id}/end`); `keepalive` lets it finish while the page unloads. Ending twice is harmless. */
  async endCall(session: Session, callId: string, keepalive = false): Promise<void> {
    const url = `${this.base}/calls/${encodeURIComponent(callId)}/end`;
    if (keepalive) {
      await fetch(url, { method: "POST", keepalive: true, headers: { Accept: "application/json", Authorization: `Bearer ${session.token}` }, credentials: "same-origin" }).catch(() => undefined);
      return;
    }
    await this.request(url, { method: "POST", token: session.token });
  }

  /**
   * Sends a message and streams the reply: `onDelta` gets each piece of the AI's answer as it is
   * written. A server that answers JSON instead is understood too.
   */
  async send(session: Session, body: { text: string; attachmentIds?: string[] }, onDelta: (text: string) => void): Promise<SendResult> {
    const response = await this.request(this.url(session, "/messages"), { method: "POST", token: session.token, body: JSON.stringify(body), accept: "text/event-stream" });
    if (!(response.headers.get("Content-Type") ?? "").includes("text/event-stream") || !response.body) {
      const result = await this.json<Partial<SendResult>>(response);
      return { reply: result.reply ?? null, handedOff: Boolean(result.handedOff) };
    }
    const parser = new SseParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const event of parser.push(value)) {
          const data = JSON.parse(event.data) as { text?: string; reply?: MessageView | null; handedOff?: boolean; error?: { code?: string; message?: string } };
          if (event.event === "delta" && typeof data.text === "string") onDelta(data.text);
          else if (event.event === "done") return { reply: data.reply ?? null, handedOff: Boolean(data.handedOff) };
          else if (event.event === "error") throw new ChatApiError(500, data.error?.code ?? "server_error", data.error?.message);
        }
      }
    } catch (error) {
      if (error instanceof ChatApiError) throw error;
      throw new ChatApiError(0, "network_error");
    } finally {
      reader.releaseLock();
    }
    // The stream closed before its `done` event: the reply was cut off on the way.
    throw new ChatApiError(0, "network_error");
  }

  /** The shopper's 1–5 rating of the conversation. */
  async rate(session: Session, rating: number): Promise<void> {
    await this.request(this.url(session, "/satisfaction"), { method: "POST", token: session.token, body: JSON.stringify({ rating }) });
  }

  /**
   * Uploads one photo. XMLHttpRequest rather than fetch because only it reports upload progress.
   * Resolves with the attachment to name in the next message.
   */
  upload(session: Session, file: File, onProgress: (fraction: number) => void): Promise<{ id: string; url: string }> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", this.url(session, "/attachments"));
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("Authorization", `Bearer ${session.token}`);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      xhr.onerror = () => reject(new ChatApiError(0, "network_error"));
      xhr.onload = () => {
        let body: { attachment?: { id: string; url: string }; error?: { code?: string; message?: string } } = {};
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          // Handled below as an answer without a usable body.
        }
        if (xhr.status >= 200 && xhr.status < 300 && body.attachment) return resolve(body.attachment);
        const fallback = xhr.status === 413 ? "file_too_large" : xhr.status === 415 ? "unsupported_media_type" : "server_error";
        reject(new ChatApiError(xhr.status, body.error?.code ?? fallback, body.error?.message, retryAfterSeconds(xhr.getResponseHeader("Retry-After"))));
      };
      const form = new FormData();
      form.append("file", file, file.name);
      xhr.send(form);
    });
  }
}
