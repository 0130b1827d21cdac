import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { ConversationEnvelope } from "../conversations/conversation-event";
import { deliverLocally, subscribeConversation, subscribeShopConversations } from "./conversation-events.server";
import { createConversationTransport, type ConversationTransport } from "./transport.server";

const REDIS_URL = process.env.REDIS_URL;
const DATABASE_URL = process.env.DATABASE_URL;

const envelope = (text: string): ConversationEnvelope => ({
  shopId: randomUUID(),
  conversationId: randomUUID(),
  event: { kind: "message", message: { id: randomUUID(), role: "agent", text, createdAt: new Date().toISOString(), internal: false, authorName: "Kim" } },
});

describe("in-process delivery", () => {
  it("reaches the conversation's and the shop's subscribers until they unsubscribe", () => {
    const e = envelope("hello");
    const seen: string[] = [];
    const stopA = subscribeConversation(e.conversationId, () => seen.push("conversation"));
    const stopB = subscribeShopConversations(e.shopId, () => seen.push("shop"));
    subscribeConversation(randomUUID(), () => seen.push("other"))();
    deliverLocally(e);
    stopA();
    stopB();
    deliverLocally(e);
    expect(seen).toEqual(["conversation", "shop"]);
  });
});

const transports: ConversationTransport[] = [];
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
});

for (const kind of ["redis", "postgres"] as const) {
  const url = kind === "redis" ? REDIS_URL : DATABASE_URL;
  if (!url) console.warn(`Skipping the ${kind} fan-out test: ${kind === "redis" ? "REDIS_URL" : "DATABASE_URL"} is not set (CI sets it).`);
  describe.skipIf(!url)(`fan-out across instances over ${kind}`, () => {
    it("delivers an event published on one instance to a subscriber on another, and not back to its sender", async () => {
      const options = kind === "redis" ? { redisUrl: url } : { databaseUrl: url };
      const received: ConversationEnvelope[] = [];
      const echoed: ConversationEnvelope[] = [];
      let arrived!: () => void;
      const arrival = new Promise<void>((resolve) => (arrived = resolve));
      const a = await createConversationTransport({ ...options, instanceId: "instance-a", onEnvelope: (e) => echoed.push(e) });
      const b = await createConversationTransport({ ...options, instanceId: "instance-b", onEnvelope: (e) => (received.push(e), arrived()) });
      transports.push(a!, b!);
      const sent = envelope("from instance A");
      await a!.publish(sent);
      await arrival;
      expect(received).toEqual([sent]);
      expect(echoed).toEqual([]);
    });

    it("carries a cache invalidation to the other instances and not back to its sender", async () => {
      const options = kind === "redis" ? { redisUrl: url } : { databaseUrl: url };
      const shopId = randomUUID();
      const echoed: unknown[] = [];
      let arrived!: (item: unknown) => void;
      const arrival = new Promise<unknown>((resolve) => (arrived = resolve));
      const a = await createConversationTransport({ ...options, instanceId: "cache-a", onEnvelope: () => undefined, onInvalidation: (item) => echoed.push(item) });
      const b = await createConversationTransport({ ...options, instanceId: "cache-b", onEnvelope: () => undefined, onInvalidation: (item) => arrived(item) });
      transports.push(a!, b!);
      await a!.publishInvalidation({ scope: "policy", shopId });
      expect(await arrival).toEqual({ scope: "policy", shopId });
      expect(echoed).toEqual([]);
    });

    it("carries a burst published in one tick whole and in order, packed into few payloads", async () => {
      const options = kind === "redis" ? { redisUrl: url } : { databaseUrl: url };
      const burst = Array.from({ length: 500 }, (_, i) => envelope(`message ${i} ${"x".repeat(i % 40)}`));
      const received: ConversationEnvelope[] = [];
      let complete!: () => void;
      const all = new Promise<void>((resolve) => (complete = resolve));
      const a = await createConversationTransport({ ...options, instanceId: "burst-a", onEnvelope: () => undefined });
      const b = await createConversationTransport({
        ...options,
        instanceId: "burst-b",
        onEnvelope: (e) => {
          received.push(e);
          if (received.length === burst.length) complete();
        },
      });
      transports.push(a!, b!);
      await Promise.all(burst.map((e) => a!.publish(e)));
      await all;
      expect(received.map((e) => e.event.kind === "message" && e.event.message.text)).toEqual(burst.map((e) => e.event.kind === "message" && e.event.message.text));
    });
  });
}
