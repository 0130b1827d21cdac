import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createReturn, createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { db } from "../.server/db.server";
import { parseEnv, resetEnv } from "../.server/env.server";
import { wakeSnoozedConversation } from "../.server/conversations/wake-snoozed-conversation.server";
import type { ConversationEvent } from "../.server/conversations/conversation-event";
import { subscribeConversation } from "../.server/realtime/conversation-events.server";
import { DEMO_SHOP_DOMAIN } from "../.server/shops/demo-shop";
import { action, loader } from "./app.conversations.$id";

setupTestDatabase();
beforeAll(() => resetEnv(parseEnv({ ...process.env, DOKANI_DEMO: "1" })));
afterAll(() => resetEnv());
beforeEach(async () => {
  await clearDatabase();
});

const MISSING = "00000000-0000-4000-8000-000000000000";
const demoShop = () => createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });

async function conversation(shopId: string, fields: Partial<{ status: "open" | "pending" | "snoozed" | "closed"; aiActive: boolean; handoffCount: number; unreadCount: number; assigneeId: string; assigneeName: string; createdAt: Date }> = {}) {
  return db().conversation.create({
    data: {
      shopId,
      customerEmail: "alex@example.com",
      customerName: "Alex Doe",
      ...fields,
      messages: { create: [{ shopId, role: "customer", text: "My parcel never arrived" }] },
    },
  });
}

function post(id: string, fields: Record<string, string>) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  return action(routeArgs(new Request(`http://127.0.0.1/app/conversations/${id}`, { method: "POST", body }), { id }));
}

const view = (id: string) => loader(routeArgs(new Request(`http://127.0.0.1/app/conversations/${id}`), { id }));

/** Collects the events of one conversation until `count` arrived. */
function nextEvents(conversationId: string, count: number): Promise<ConversationEvent[]> {
  return new Promise((resolve) => {
    const seen: ConversationEvent[] = [];
    const stop = subscribeConversation(conversationId, ({ event }) => {
      seen.push(event);
      if (seen.length === count) {
        stop();
        resolve(seen);
      }
    });
  });
}

async function snapshot(shopId: string) {
  const [conversations, messages, audit, jobs] = await Promise.all([
    db().conversation.findMany({ where: { shopId }, orderBy: { id: "asc" } }),
    db().message.count({ where: { shopId } }),
    db().auditLog.count({ where: { shopId } }),
    db().jobOutbox.count(),
  ]);
  return { conversations, messages, audit, jobs };
}

async function thrown(promise: Promise<unknown>) {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}

describe("the conversation page", () => {
  it("shows the transcript with tool calls, sources and notes, the customer's returns and risk, and marks it read", async () => {
    const shop = await demoShop();
    const c = await conversation(shop.id, { unreadCount: 3 });
    await db().message.create({
      data: {
        shopId: shop.id,
        conversationId: c.id,
        role: "ai",
        authorName: "Dani",
        text: "Order #1001 was delivered yesterday.",
        toolCalls: [{ name: "lookup_order", arguments: { orderName: "#1001" }, result: { status: "delivered" } }],
        sources: [{ type: "article", ref: "order-tracking", title: "Tracking your order" }],
        createdAt: new Date(Date.now() + 1000),
      },
    });
    await db().message.create({ data: { shopId: shop.id, conversationId: c.id, role: "agent", internal: true, authorName: "Sam", text: "<b>check</b> the carrier", createdAt: new Date(Date.now() + 2000) } });
    const ret = await createReturn(shop.id, "alex@example.com");
    const foreignReturn = await createReturn((await createShop()).id, "alex@example.com");
    await db().customerRiskProfile.create({ data: { shopId: shop.id, email: "alex@example.com", returnCount: 4, deniedCount: 1, orderCount: 6, riskScore: "0.720", flags: ["frequent_returns"] } });
    const events = nextEvents(c.id, 1);

    const data = await view(c.id);
    expect(data.messages.map((m) => [m.role, m.internal])).toEqual([["customer", false], ["ai", false], ["agent", true]]);
    expect(data.messages[1]).toMatchObject({
      toolCalls: [{ name: "lookup_order", arguments: expect.stringContaining('"orderName": "#1001"'), result: expect.stringContaining("delivered") }],
      sources: [{ title: "Tracking your order", ref: "order-tracking" }],
    });
    expect(data.messages[2]!.text).toBe("<b>check</b> the carrier");
    expect(data.returns.map((r) => r.id)).toEqual([ret.id]);
    expect(data.returns.map((r) => r.id)).not.toContain(foreignReturn.id);
    expect(data.risk).toMatchObject({ score: "0.72", returnCount: 4, flags: ["frequent_returns"] });
    expect((await db().conversation.findUniqueOrThrow({ where: { id: c.id } })).unreadCount).toBe(0);
    expect(await events).toEqual([{ kind: "conversation", conversation: expect.objectContaining({ id: c.id, unreadCount: 0 }) }]);
  });

  it("answers another shop's conversation, a missing one and a malformed id with the same 404, and changes nothing", async () => {
    await demoShop();
    const other = await createShop();
    const theirs = await conversation(other.id, { unreadCount: 2 });
    for (const id of [theirs.id, MISSING, "not-a-uuid", "1 OR 1=1"]) {
      const viewed = await thrown(view(id));
      expect(viewed).toBeInstanceOf(Response);
      expect((viewed as Response).status).toBe(404);
      for (const fields of <Array<Record<string, string>>>[{ intent: "reply", text: "hi" }, { intent: "close" }, { intent: "bogus" }]) {
        const acted = await thrown(post(id, fields));
        expect((acted as Response).status).toBe(404);
      }
    }
    const after = await db().conversation.findUniqueOrThrow({ where: { id: theirs.id } });
    expect(after).toMatchObject({ unreadCount: 2, status: "open" });
    expect(await db().message.count({ where: { conversationId: theirs.id } })).toBe(1);
    expect(await db().auditLog.count()).toBe(0);
  });
});

describe("conversation actions", () => {
  it("sends a reply the shopper sees live, starts the response clock and takes over from the AI", async () => {
    const shop = await demoShop();
    const c = await conversation(shop.id, { status: "pending" });
    const events = nextEvents(c.id, 2);
    expect(await post(c.id, { intent: "reply", text: "  We are on it!  " })).toMatchObject({ ok: true, message: "Reply sent" });
    const [message, state] = await events;
    expect(message).toEqual({ kind: "message", message: expect.objectContaining({ role: "agent", text: "We are on it!", internal: false, authorName: "Demo merchant" }) });
    expect(state).toEqual({ kind: "conversation", conversation: { id: c.id, status: "open", aiActive: false, assigneeName: "Demo merchant", unreadCount: 0 } });
    const after = await db().conversation.findUniqueOrThrow({ where: { id: c.id } });
    expect(after.firstResponseAt).not.toBeNull();
    const firstResponse = after.firstResponseAt!;
    const stored = await db().message.findFirstOrThrow({ where: { conversationId: c.id, role: "agent" } });
    expect(stored).toMatchObject({ authorId: "demo", authorName: "Demo merchant", internal: false });

    await post(c.id, { intent: "reply", text: "Second reply" });
    expect((await db().conversation.findUniqueOrThrow({ where: { id: c.id } })).firstResponseAt).toEqual(firstResponse);
  });

  it("adds internal notes whose event is marked internal, so the shopper's stream drops them", async () => {
    const shop = await demoShop();
    const c = await conversation(shop.id);
    const events = nextEvents(c.id, 2);
    expect(await post(c.id, { intent: "note", text: "Customer is a VIP" })).toMatchObject({ ok: true });
    const [message] = await events;
    expect(message).toEqual({ kind: "message", message: expect.objectContaining({ role: "agent", internal: true, text: "Customer is a VIP" }) });
    const after = await db().conversation.findUniqueOrThrow({ where: { id: c.id } });
    expect(after).toMatchObject({ firstResponseAt: null, aiActive: true });
  });

  it("takes over and hands back, assigns and unassigns", async () => {
    const shop = await demoShop();
    const c = await conversation(shop.id);
    let events = nextEvents(c.id, 1);
    await post(c.id, { intent: "take_over" });
    expect(await events).toEqual([{ kind: "conversation", conversation: expect.objectContaining({ aiActive: false, assigneeName: "Demo merchant" }) }]);
    expect(await db().conversation.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ aiActive: false, assigneeId: "demo" });

    events = nextEvents(c.id, 1);
    await post(c.id, { intent: "hand_back" });
    expect(await events).toEqual([{ kind: "conversation", conversation: expect.objectContaining({ aiActive: true }) }]);

    events = nextEvents(c.id, 1);
    await post(c.id, { intent: "assign", to: "nobody" });
    expect(await events).toEqual([{ kind: "conversation", conversation: expect.objectContaining({ assigneeName: null }) }]);
    expect(await db().conversation.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ assigneeId: null, aiActive: true });

    await post(c.id, { intent: "assign", to: "me" });
    expect(await db().conversation.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ assigneeId: "demo", assigneeName: "Demo merchant" });
    const actions = (await db().auditLog.findMany({ where: { entityId: c.id }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["taken_over", "handed_back", "unassigned", "assigned"]);
  });

  it("snoozes until a future time with a wake-up job, unsnoozes, and wakes when the time comes", async () => {
    const shop = await demoShop();
    const c = await conversation(shop.id);
    const until = new Date(Date.now() + 3 * 3600 * 1000);
    const events = nextEvents(c.id, 1);
    expect(await post(c.id, { intent: "snooze", until: until.toISOString() })).toMatchObject({ ok: true });
    expect(await events).toEqual([{ kind: "conversation", conversation: expect.objectContaining({ status: "snoozed" }) }]);
    expect(await db().conversation.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "snoozed", snoozedUntil: until });
    const job = await db().jobOutbox.findFirstOrThrow({ where: { name: "conversations.wake" } });
    expect(job.runAt).toEqual(until);

    await expect(wakeSnoozedConversation(db(), { conversationId: c.id, snoozedUntil: until })).rejects.toThrow(/not run out/);
    expect(await wakeSnoozedConversation(db(), { conversationId: c.id, snoozedUntil: until }, new Date(until.getTime() + 1))).toBe(true);
    expect((await db().conversation.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("open");
    // A repeat of the job changes nothing.
    expect(await wakeSnoozedConversation(db(), { conversationId: c.id, snoozedUntil: until }, new Date(until.getTime() + 1))).toBe(false);

    await post(c.id, { intent: "snooze", until: until.toISOString() });
    expect(await post(c.id, { intent: "unsnooze" })).toMatchObject({ ok: true });
    expect(await db().conversation.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "open", snoozedUntil: null });
    expect(await post(c.id, { intent: "unsnooze" })).toMatchObject({ ok: false, error: "This conversation is not snoozed." });
  });

  it("closes with a satisfaction question, records whether the AI resolved it alone, and reopens", async () => {
    const shop = await demoShop();
    const byAi = await conversation(shop.id, { createdAt: new Date(Date.now() - 600_000) });
    const events = nextEvents(byAi.id, 2);
    expect(await post(byAi.id, { intent: "close", askSatisfaction: "on" })).toMatchObject({ ok: true, message: "Conversation closed" });
    const [question, state] = await events;
    expect(question).toEqual({ kind: "message", message: expect.objectContaining({ role: "system", internal: false }) });
    expect(state).toEqual({ kind: "conversation", conversation: expect.objectContaining({ status: "closed" }) });
    const closed = await db().conversation.findUniqueOrThrow({ where: { id: byAi.id } });
    expect(closed).toMatchObject({ status: "closed", resolvedByAi: true });
    expect(closed.resolvedAt).not.toBeNull();
    const system = await db().message.findFirstOrThrow({ where: { conversationId: byAi.id, role: "system" } });
    expect(system.metadata).toEqual({ kind: "satisfaction_request" });
    const page = await view(byAi.id);
    expect(page.metrics.resolutionSeconds).toBeGreaterThanOrEqual(599);
    expect(page.metrics.resolvedByAi).toBe(true);

    expect(await post(byAi.id, { intent: "close" })).toMatchObject({ ok: false, error: "This conversation is already closed." });
    expect(await post(byAi.id, { intent: "reply", text: "hello" })).toMatchObject({ ok: false, error: expect.stringMatching(/Reopen it/) });
    expect(await post(byAi.id, { intent: "reopen" })).toMatchObject({ ok: true });
    expect(await db().conversation.findUniqueOrThrow({ where: { id: byAi.id } })).toMatchObject({ status: "open", resolvedAt: null, resolvedByAi: null });

    const replied = await conversation(shop.id);
    await post(replied.id, { intent: "reply", text: "A person answered" });
    await post(replied.id, { intent: "close" });
    expect(await db().conversation.findUniqueOrThrow({ where: { id: replied.id } })).toMatchObject({ resolvedByAi: false });
    expect(await db().message.count({ where: { conversationId: replied.id, role: "system" } })).toBe(0);

    const handedOff = await conversation(shop.id, { handoffCount: 1 });
    await post(handedOff.id, { intent: "close" });
    expect(await db().conversation.findUniqueOrThrow({ where: { id: handedOff.id } })).toMatchObject({ resolvedByAi: false });
  });

  it("refuses invalid input with a clear error and writes nothing", async () => {
    const shop = await demoShop();
    const c = await conversation(shop.id);
    const before = await snapshot(shop.id);
    const cases: Array<[Record<string, string>, RegExp, string?]> = [
      [{ intent: "reply", text: "   " }, /Write a message/, "text"],
      [{ intent: "reply" }, /Write a message/, "text"],
      [{ intent: "note", text: "x".repeat(4001) }, /4,000 characters/, "text"],
      [{ intent: "snooze", until: "tomorrow" }, /date and time/, "until"],
      [{ intent: "snooze", until: new Date(Date.now() - 60_000).toISOString() }, /future/, "until"],
      [{ intent: "snooze", until: new Date(Date.now() + 400 * 24 * 3600 * 1000).toISOString() }, /at most 90 days/, "until"],
      [{ intent: "assign", to: "someone-else" }, /assign/],
      [{ intent: "delete_everything" }, /not one this page offers/],
      [{}, /not one this page offers/],
      [{ intent: "reopen" }, /not closed/],
    ];
    for (const [fields, message, field] of cases) {
      const result = await post(c.id, fields);
      expect(result, JSON.stringify(fields)).toMatchObject({ ok: false, error: expect.stringMatching(message) });
      if (field) expect(result.ok === false && result.fields?.[field]).toBeTruthy();
    }
    expect(await snapshot(shop.id)).toEqual(before);
  });

  it("stores hostile text as text", async () => {
    const shop = await demoShop();
    const c = await conversation(shop.id);
    const hostile = `<script>alert(1)</script><img src=x onerror=alert(2)> '; DROP TABLE messages; --`;
    await post(c.id, { intent: "reply", text: hostile });
    const data = await view(c.id);
    expect(data.messages.at(-1)!.text).toBe(hostile);
  });
});
