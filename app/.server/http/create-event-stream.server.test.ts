import { describe, expect, it, vi } from "vitest";
import { createEventStream } from "./create-event-stream.server";

async function readAll(body: ReadableStream<Uint8Array>) {
  return new Response(body).text();
}

describe("createEventStream", () => {
  it("frames events with their id and name, after the retry line and comment", async () => {
    const body = createEventStream({
      retryMs: 3_000,
      comment: "connected",
      start(writer) {
        writer.send("message", { text: "hi" }, "m1");
        writer.send(null, { n: 1 });
        writer.close();
      },
    });
    expect(await readAll(body)).toBe('retry: 3000\n: connected\n\nid: m1\nevent: message\ndata: {"text":"hi"}\n\ndata: {"n":1}\n\n');
  });

  it("pings while idle and, when the client goes away, stops and runs the producer's cleanups once", async () => {
    vi.useFakeTimers();
    try {
      const controller = new AbortController();
      const cleanup = vi.fn();
      const body = createEventStream({ signal: controller.signal, pingMs: 1_000, start: (writer) => writer.onClose(cleanup) });
      const reader = body.getReader();
      vi.advanceTimersByTime(1_000);
      expect(new TextDecoder().decode((await reader.read()).value)).toBe(": ping\n\n");
      controller.abort();
      expect(cleanup).toHaveBeenCalledTimes(1);
      expect((await reader.read()).done).toBe(true);
      vi.advanceTimersByTime(5_000);
      expect(cleanup).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("sends nothing when the client left before it started", async () => {
    const controller = new AbortController();
    controller.abort();
    const start = vi.fn();
    expect(await readAll(createEventStream({ signal: controller.signal, retryMs: 1, start }))).toBe("");
    expect(start).not.toHaveBeenCalled();
  });
});
