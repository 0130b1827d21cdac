/**
 * An incremental parser of `text/event-stream` (the HTML standard's event stream format), for
 * streams read with fetch: EventSource cannot send the Authorization header the chat API needs.
 */

/** One dispatched event. `id` is the stream's last event id when it was dispatched. */
export type SseEvent = { event: string; data: string; id: string };

/** Feeds decoded text in pieces of any size; returns the events each piece completed. */
export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private event = "";
  private sawCarriageReturn = false;
  /** The last event id the stream set (`id:` lines), kept across events as the standard says. */
  lastEventId = "";
  /** The reconnection delay the stream asked for (`retry:` lines), in milliseconds. */
  retry: number | undefined;

  constructor(lastEventId = "") {
    this.lastEventId = lastEventId;
  }

  push(chunk: string): SseEvent[] {
    const events: SseEvent[] = [];
    let text = chunk;
    // A CR that ended the previous piece already ended its line; a LF starting this one is its pair.
    if (this.sawCarriageReturn && text.startsWith("\n")) text = text.slice(1);
    this.sawCarriageReturn = false;
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== "\n" && c !== "\r") continue;
      this.line(this.buffer.slice(start, i), events);
      if (c === "\r") {
        if (i + 1 === this.buffer.length) this.sawCarriageReturn = true;
        else if (this.buffer[i + 1] === "\n") i++;
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private line(line: string, events: SseEvent[]): void {
    if (line === "") {
      if (this.data.length) events.push({ event: this.event || "message", data: this.data.join("\n"), id: this.lastEventId });
      this.data = [];
      this.event = "";
      return;
    }
    if (line.startsWith(":")) return; // a comment, such as the server's keep-alive ping
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    else if (field === "id" && !value.includes("\0")) this.lastEventId = value;
    else if (field === "retry" && /^\d+$/.test(value)) this.retry = Number(value);
  }
}
