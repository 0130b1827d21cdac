import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { db } from "../.server/db.server";
import { parseEnv, resetEnv } from "../.server/env.server";
import { publishConversationEvent } from "../.server/realtime/conversation-events.server";
import { DEMO_SHOP_DOMAIN } from "../.server/shops/demo-shop";
import { loader as conversationEvents } from "./app.conversations.$id.events";
import { loader as shopEvents } from "./app.conversations.events";
import { loader } from "./app.conversations._index";

setupTestDatabase();
// The demo merchant needs no Shopify login, which lets these run the real loaders.
beforeAll(() => resetEnv(parseEnv({ ...process.env, DOKANI_DEMO: "1" })));
afterAll(() => resetEnv());
beforeEach(async () => {
  await clearDatabase();
});

const demoShop = () => createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });

type Fields = Partial<{
  status: "open" | "pending" | "snoozed" | "closed";
  channel: "chat" | "email" | "whatsapp";
  customerEmail: string;
  customerName: string;
  assigneeId: string | null;
  unreadCount: number;
  aiActive: boolean;
  lastMessageAt: Date;
  subject: string;
}>;

async function conversation(shopId: string, fields: Fields = {}, text = "Where is my order?") {
  return db().conversation.create({
    data: {
      shopId,
      customerEmail: "alex@example.com",
      customerName: "Alex Doe",
      ...fields,
      assigneeName: fields.assigneeId ? "Demo merchant" : null,
      messages: { create: [{ shopId, role: "customer", text }] },
    },
  });
}

const list = (query = "") => loader(routeArgs(new Request(`http://127.0.0.1/app/conversations${query}`)));

describe("the inbox list", () => {
  it("shows the open conversations of this shop only, newest activity first, with what each row needs", async () => {
    const shop = await demoShop();
    const other = await createShop();
    const older = await conversation(shop.id, { lastMessageAt: new Date("2026-11-20T10:00:00Z"), subject: "Late parcel" });
    const newer = await conversation(shop.id, { lastMessageAt: new Date("2026-11-21T10:00:00Z"), unreadCount: 2, aiActive: false, assigneeId: "demo" }, "I want to return my shoes");
    await conversation(shop.id, { status: "closed" });
    await conversation(other.id, { lastMessageAt: new Date("2026-11-22T10:00:00Z") });
    await db().message.create({ data: { shopId: shop.id, conversationId: newer.id, role: "agent", internal: true, text: "secret team note" } });

    const data = await list();
    expect(data.rows.map((r) => r.id)).toEqual([newer.id, older.id]);
    expect(data.rows[0]).toMatchObject({
      customerName: "Alex Doe",
      customerEmail: "alex@example.com",
      preview: "I want to return my shoes",
      channel: "chat",
      status: "open",
      assigneeName: "Demo merchant",
      aiActive: false,
      unreadCount: 2,
      lastMessageAt: "2026-11-21T10:00:00.000Z",
    });
    expect(data.rows[1]).toMatchObject({ subject: "Late parcel" });
    expect(data.live).toBe("stream");
  });

  it("filters by status tab, channel, assignee, unread and a search of email or name", async () => {
    const shop = await demoShop();
    const pending = await conversation(shop.id, { status: "pending" });
    const snoozed = await conversation(shop.id, { status: "snoozed" });
    const closed = await conversation(shop.id, { status: "closed" });
    const email = await conversation(shop.id, { channel: "email", customerEmail: "sam@shop.test", customerName: "Sam Lee" });
    const mine = await conversation(shop.id, { assigneeId: "demo", customerName: "Jordan Park", customerEmail: "jordan@example.com" });
    const unread = await conversation(shop.id, { unreadCount: 3, customerName: "Rita Mae", customerEmail: "rita@example.com" });

    const ids = async (query: string) => (await list(query)).rows.map((r) => r.id).sort();
    expect(await ids("?status=pending")).toEqual([pending.id]);
    expect(await ids("?status=snoozed")).toEqual([snoozed.id]);
    expect(await ids("?status=closed")).toEqual([closed.id]);
    expect((await list("?status=all")).rows).toHaveLength(6);
    expect(await ids("?channel=email")).toEqual([email.id]);
    expect(await ids("?assignee=me")).toEqual([mine.id]);
    expect(await ids("?assignee=unassigned")).toEqual([email.id, unread.id].sort());
    expect(await ids("?unread=1")).toEqual([unread.id]);
    expect(await ids("?q=SAM%40SHOP")).toEqual([email.id]);
    expect(await ids("?q=jordan")).toEqual([mine.id]);
    expect(await ids("?status=all&q=nobody-matches")).toEqual([]);
  });

  it("treats unknown filter values as the defaults and never fails on hostile input", async () => {
    const shop = await demoShop();
    const open = await conversation(shop.id);
    const data = await list("?status=deleted&channel=fax&assignee=everyone&unread=yes&q=%27%3B%20DROP%20TABLE%20conversations%3B--");
    expect(data.filters).toMatchObject({ status: "open", channel: undefined, assignee: "anyone", unread: false });
    expect(data.rows).toEqual([]);
    expect((await list()).rows.map((r) => r.id)).toEqual([open.id]);
  });

  it("pages with a keyset cursor without skipping or repeating rows, and survives a forged cursor", async () => {
    const shop = await demoShop();
    const made = [];
    for (let i = 0; i < 30; i++) made.push(await conversation(shop.id, { lastMessageAt: new Date(Date.UTC(2026, 10, 1, 0, i % 10)) }));
    const first = await list();
    expect(first.rows).toHaveLength(25);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(`?cursor=${first.nextCursor}`);
    expect(second.rows).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    const seen = [...first.rows, ...second.rows].map((r) => r.id);
    expect(new Set(seen).size).toBe(30);
    expect(seen.sort()).toEqual(made.map((c) => c.id).sort());
    const times = [...first.rows, ...second.rows].map((r) => r.lastMessageAt);
    expect([...times].sort().reverse()).toEqual(times);

    const forged = await list("?cursor=bm90LWEtY3Vyc29y");
    expect(forged.staleCursor).toBe(true);
    expect(forged.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
  });
});

/** Reads an event stream until `predicate` matches a data line; returns the parsed data. */
async function nextData(reader: ReadableStreamDefaultReader<Uint8Array>, predicate: (data: { conversationId: string; event: { kind: string } }) => boolean) {
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the stream ended");
    buffer += decoder.decode(value, { stream: true });
    for (const frame of buffer.split("\n\n")) {
      const line = frame.split("\n").find((l) => l.startsWith("data: "));
      if (line) {
        const data = JSON.parse(line.slice(6));
        if (predicate(data)) return data;
      }
    }
    buffer = buffer.slice(buffer.lastIndexOf("\n\n") + 2);
  }
}

describe("the inbox event streams", () => {
  it("streams the shop's conversation events published after connecting, and no other shop's", async () => {
    const shop = await demoShop();
    const other = await createShop();
    const mine = await conversation(shop.id);
    const theirs = await conversation(other.id);
    const abort = new AbortController();
    const response = await shopEvents(routeArgs(new Request("http://127.0.0.1/app/conversations/events", { signal: abort.signal })));
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("cache-control")).toContain("no-transform");
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain(": connected");

    await publishConversationEvent(other.id, theirs.id, { kind: "conversation", conversation: { id: theirs.id, status: "open", aiActive: true, assigneeName: null, unreadCount: 9 } });
    await publishConversationEvent(shop.id, mine.id, {
      kind: "message",
      message: { id: "m1", role: "customer", text: "Hello?", createdAt: new Date().toISOString(), internal: false, authorName: null },
    });
    const data = await nextData(reader, () => true);
    expect(data).toMatchObject({ conversationId: mine.id, event: { kind: "message", message: { text: "Hello?" } } });
    abort.abort();
    expect((await reader.read()).done).toBe(true);
  });

  it("streams one conversation's events, and answers another shop's or a malformed id with 404", async () => {
    const shop = await demoShop();
    const other = await createShop();
    const mine = await conversation(shop.id);
    const sibling = await conversation(shop.id);
    const theirs = await conversation(other.id);
    const abort = new AbortController();
    const response = await conversationEvents(routeArgs(new Request(`http://127.0.0.1/app/conversations/${mine.id}/events`, { signal: abort.signal }), { id: mine.id }));
    const reader = response.body!.getReader();
    await reader.read();
    await publishConversationEvent(shop.id, sibling.id, { kind: "conversation", conversation: { id: sibling.id, status: "closed", aiActive: true, assigneeName: null, unreadCount: 0 } });
    await publishConversationEvent(shop.id, mine.id, { kind: "conversation", conversation: { id: mine.id, status: "pending", aiActive: false, assigneeName: "Sam", unreadCount: 1 } });
    const data = await nextData(reader, () => true);
    expect(data).toEqual({ conversationId: mine.id, event: { kind: "conversation", conversation: { id: mine.id, status: "pending", aiActive: false, assigneeName: "Sam", unreadCount: 1 } } });
    abort.abort();

    for (const id of [theirs.id, "not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      const outcome = await conversationEvents(routeArgs(new Request(`http://127.0.0.1/app/conversations/${id}/events`), { id })).catch((thrown: unknown) => thrown);
      expect(outcome).toBeInstanceOf(Response);
      expect((outcome as Response).status).toBe(404);
    }
  });
});
