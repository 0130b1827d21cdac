import { describe, expect, it } from "vitest";
import { SseParser } from "./sse";

describe("SseParser", () => {
  it("dispatches an event only when its blank line arrives, however the bytes are split", () => {
    const stream = 'event: delta\ndata: {"text":"Hel"}\n\nevent: delta\ndata: {"text":"lo"}\n\nevent: done\ndata: {}\n\n';
    for (let size = 1; size <= stream.length; size++) {
      const parser = new SseParser();
      const events = [];
      for (let i = 0; i < stream.length; i += size) events.push(...parser.push(stream.slice(i, i + size)));
      expect(events.map((e) => [e.event, e.data]), `pieces of ${size}`).toEqual([
        ["delta", '{"text":"Hel"}'],
        ["delta", '{"text":"lo"}'],
        ["done", "{}"],
      ]);
    }
  });

  it("joins multi-line data with newlines and strips one space after the colon", () => {
    const parser = new SseParser();
    expect(parser.push("data: first\ndata:second\ndata:  indented\n\n")).toEqual([{ event: "message", data: "first\nsecond\n indented", id: "" }]);
  });

  it("ignores comments such as the keep-alive ping, and fields it does not know", () => {
    const parser = new SseParser();
    expect(parser.push(": ping\n\n: ping\nfoo: bar\n\n")).toEqual([]);
    expect(parser.push(": ping\ndata: after the ping\n\n")).toEqual([{ event: "message", data: "after the ping", id: "" }]);
  });

  it("remembers the last event id across events, as Last-Event-ID needs", () => {
    const parser = new SseParser("m0");
    const events = parser.push("id: m1\nevent: message\ndata: {}\n\nevent: state\ndata: {}\n\nid: m2\ndata: x\n\n");
    expect(events.map((e) => [e.event, e.id])).toEqual([
      ["message", "m1"],
      ["state", "m1"],
      ["message", "m2"],
    ]);
    expect(parser.lastEventId).toBe("m2");
    // An id line without data moves the id on but dispatches nothing.
    expect(parser.push("id: m3\n\n")).toEqual([]);
    expect(parser.lastEventId).toBe("m3");
  });

  it("accepts CRLF and CR line ends, a CRLF split between two pieces included", () => {
    const parser = new SseParser();
    expect(parser.push("data: one\r")).toEqual([]);
    expect(parser.push("\n\r\n")).toEqual([{ event: "message", data: "one", id: "" }]);
    expect(parser.push("data: two\r\rdata: three\r\n\r\n")).toEqual([
      { event: "message", data: "two", id: "" },
      { event: "message", data: "three", id: "" },
    ]);
  });

  it("keeps an unfinished event until the stream finishes it, and reads retry", () => {
    const parser = new SseParser();
    expect(parser.push("retry: 5000\nevent: delta\ndata: {\"text\":\"é")).toEqual([]);
    expect(parser.retry).toBe(5000);
    expect(parser.push('"}\n\n')).toEqual([{ event: "delta", data: '{"text":"é"}', id: "" }]);
    expect(parser.push("event: state\ndata: {}\n\n")[0]!.event).toBe("state");
    // The event type does not leak into the next event.
    expect(parser.push("data: plain\n\n")[0]!.event).toBe("message");
  });
});
