import { describe, expect, it } from "vitest";
import { ConversationEnvelopeSchema, messageEvent, stateEvent } from "./conversation-event";

const ids = { shopId: "3f0c6c1e-8a53-4a53-9d1b-6d2c0e3c9b11", conversationId: "7a1d2b3c-4e5f-4a6b-8c7d-9e0f1a2b3c4d" };

describe("conversation events", () => {
  it("builds events that the one schema accepts, and only the fields it names", () => {
    const message = messageEvent({ id: "m1", role: "agent", text: "Hi", createdAt: new Date("2026-12-01T10:00:00Z"), internal: false, authorName: "Kim", ...{ shopId: "x" } });
    expect(message).toEqual({ kind: "message", message: { id: "m1", role: "agent", text: "Hi", createdAt: "2026-12-01T10:00:00.000Z", internal: false, authorName: "Kim" } });
    const state = stateEvent({ id: ids.conversationId, status: "open", aiActive: false, assigneeName: null, unreadCount: 2, ...{ tokenHash: "secret" } });
    expect(state).toEqual({ kind: "conversation", conversation: { id: ids.conversationId, status: "open", aiActive: false, assigneeName: null, unreadCount: 2 } });
    for (const event of [message, state]) expect(ConversationEnvelopeSchema.parse({ ...ids, event })).toEqual({ ...ids, event });
  });

  it("refuses an event of another shape", () => {
    expect(ConversationEnvelopeSchema.safeParse({ ...ids, event: { kind: "message", message: { id: "m1", role: "robot", text: "", createdAt: "", internal: false, authorName: null } } }).success).toBe(false);
  });
});
