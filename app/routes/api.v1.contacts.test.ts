import { beforeEach, describe, expect, it } from "vitest";
import { createReturn, createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { ContactDetailSchema, ContactListSchema, ConversationDetailSchema, ConversationListSchema } from "../.server/api/contact-schemas";
import { createApiKey } from "../.server/api-keys/create-api-key";
import { resolveContact } from "../.server/contacts/resolve-contact.server";
import { db } from "../.server/db.server";
import { loader as listContacts } from "./api.v1.contacts";
import { loader as getContact } from "./api.v1.contacts.$id";
import { action as merge, loader as getMerge } from "./api.v1.contacts.$id.merge";
import { loader as listConversations } from "./api.v1.conversations";
import { loader as getConversation } from "./api.v1.conversations.$id";

setupTestDatabase();
beforeEach(async () => {
  await clearDatabase();
});

const BASE = "http://127.0.0.1";
const MISSING_ID = "00000000-0000-4000-8000-000000000000";

function get(path: string, key?: string) {
  return new Request(`${BASE}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
}

function post(path: string, key: string, body?: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  return new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, ...(text === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: text,
  });
}

async function read(response: Response) {
  return { status: response.status, body: await response.json() };
}

async function merchant() {
  const shop = await createShop();
  const { key } = await createApiKey(db(), shop.id, { name: "CRM" });
  return { shop, key };
}

const contactOf = async (shopId: string, email: string, name?: string) => (await resolveContact(shopId, [{ kind: "email", value: email, verified: false }], { name })).contactId!;
const contacts = (key: string, query = "") => listContacts(routeArgs(get(`/api/v1/contacts${query}`, key))).then(read);
const contact = (key: string, id: string) => getContact(routeArgs(get(`/api/v1/contacts/${id}`, key), { id })).then(read);
const mergeInto = (key: string, id: string, body?: unknown, headers?: Record<string, string>) => merge(routeArgs(post(`/api/v1/contacts/${id}/merge`, key, body, headers), { id })).then(read);
const conversations = (key: string, query = "") => listConversations(routeArgs(get(`/api/v1/conversations${query}`, key))).then(read);
const conversation = (key: string, id: string) => getConversation(routeArgs(get(`/api/v1/conversations/${id}`, key), { id })).then(read);

describe("GET /api/v1/contacts", () => {
  it("searches by name, email or phone number, newest first, a page at a time", async () => {
    const { shop, key } = await merchant();
    const ann = await contactOf(shop.id, "ann@example.com", "Ann Lee");
    await resolveContact(shop.id, [{ kind: "whatsapp", value: "+14155550100", verified: true }], { name: "Bo" });
    await contactOf(shop.id, "cy@example.com");

    const all = await contacts(key);
    expect(all.status).toBe(200);
    expect(ContactListSchema.parse(all.body).data).toHaveLength(3);
    expect((await contacts(key, "?query=ANN%40example.com")).body.data.map((c: { id: string }) => c.id)).toEqual([ann]);
    expect((await contacts(key, "?query=lee")).body.data.map((c: { id: string }) => c.id)).toEqual([ann]);
    expect((await contacts(key, "?query=%2B1%20(415)%20555-0100")).body.data.map((c: { name: string }) => c.name)).toEqual(["Bo"]);

    const first = await contacts(key, "?limit=2");
    expect(first.body.data).toHaveLength(2);
    const second = await contacts(key, `?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  });

  it("refuses bad parameters with 400 and fields, and never shows another shop's contacts", async () => {
    const { key } = await merchant();
    const other = await merchant();
    await contactOf(other.shop.id, "secret@example.com");
    expect((await contacts(key, "?query=secret")).body.data).toEqual([]);
    for (const [query, field] of [
      ["?limit=0", "limit"],
      ["?limit=abc", "limit"],
      ["?cursor=%00%27%3B--", "cursor"],
      [`?query=${"x".repeat(400)}`, "query"],
    ] as const) {
      const answer = await contacts(key, query);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.fields[field], query).toBeTruthy();
    }
    expect((await contacts("dk_not_a_key")).status).toBe(401);
  });
});

describe("GET /api/v1/contacts/{id}", () => {
  it("answers the contact with the count and latest of their conversations, returns and calls", async () => {
    const { shop, key } = await merchant();
    const row = await createReturn(shop.id, "alex@example.com");
    const answer = await contact(key, row.contactId!);
    expect(answer.status).toBe(200);
    const detail = ContactDetailSchema.parse(answer.body);
    expect(detail).toMatchObject({ id: row.contactId, identities: [{ kind: "email", value: "alex@example.com", verified: false }] });
    expect(detail.returns).toMatchObject({ count: 1, latest: { id: row.id } });
    expect(detail.conversations).toEqual({ count: 0, latest: null });
    expect(detail.calls).toEqual({ count: 0, latest: null });
  });

  it("answers 404 for a missing, malformed or another shop's contact, and contact_merged with mergedInto for a tombstone", async () => {
    const { shop, key } = await merchant();
    const other = await merchant();
    const foreign = await contactOf(other.shop.id, "x@example.com");
    for (const id of [MISSING_ID, "not-a-uuid", "../../etc/passwd", foreign]) {
      const answer = await contact(key, id);
      expect(answer.status, id).toBe(404);
      expect(answer.body.error.code, id).toBe("not_found");
    }
    const a = await contactOf(shop.id, "a@example.com");
    const b = await contactOf(shop.id, "b@example.com");
    expect((await mergeInto(key, b, { from: a })).status).toBe(200);
    const merged = await contact(key, a);
    expect(merged.status).toBe(404);
    expect(merged.body).toEqual({ error: { code: "contact_merged", mergedInto: b, message: expect.any(String) } });
  });
});

describe("POST /api/v1/contacts/{id}/merge", () => {
  it("merges `from` into the contact and answers the survivor", async () => {
    const { shop, key } = await merchant();
    const into = await contactOf(shop.id, "alex@example.com");
    const fromReturn = await createReturn(shop.id, "alex.old@example.com");
    const answer = await mergeInto(key, into, { from: fromReturn.contactId!.toUpperCase() });
    expect(answer.status).toBe(200);
    const detail = ContactDetailSchema.parse(answer.body);
    expect(detail.id).toBe(into);
    expect(detail.identities.map((i) => i.value).sort()).toEqual(["alex.old@example.com", "alex@example.com"]);
    expect(detail.returns.count).toBe(1);
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityType: "contact", entityId: into, action: "merged" } });
    expect(audit.actorType).toBe("api");
  });

  it("refuses itself (409), another shop's contact (404) and hostile bodies (400, 415), changing nothing", async () => {
    const { shop, key } = await merchant();
    const other = await merchant();
    const own = await contactOf(shop.id, "own@example.com");
    const second = await contactOf(shop.id, "second@example.com");
    const foreign = await contactOf(other.shop.id, "foreign@example.com");

    expect(await mergeInto(key, own, { from: own })).toMatchObject({ status: 409, body: { error: { code: "cannot_merge" } } });
    expect(await mergeInto(key, own, { from: foreign })).toMatchObject({ status: 404 });
    expect(await mergeInto(key, foreign, { from: own })).toMatchObject({ status: 404 });
    expect(await mergeInto(other.key, foreign, { from: own })).toMatchObject({ status: 404 });
    expect(await mergeInto(key, own, {})).toMatchObject({ status: 400, body: { error: { fields: { from: "is required" } } } });
    expect(await mergeInto(key, own, { from: "'; DROP TABLE contacts; --" })).toMatchObject({ status: 400, body: { error: { fields: { from: expect.any(String) } } } });
    expect(await mergeInto(key, own, { from: [second] })).toMatchObject({ status: 400 });
    expect(await mergeInto(key, own, "{not json")).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
    expect(await mergeInto(key, own, `from=${second}`, { "content-type": "application/x-www-form-urlencoded" })).toMatchObject({ status: 415 });
    expect(await mergeInto(key, "not-a-uuid", { from: second })).toMatchObject({ status: 404 });
    expect((await read(await getMerge(routeArgs(get(`/api/v1/contacts/${own}/merge`, key), { id: own })))).status).toBe(405);

    expect(await db().contact.count({ where: { mergedIntoId: { not: null } } })).toBe(0);
    expect(await db().contactIdentity.count({ where: { contactId: foreign } })).toBe(1);
  });
});

describe("GET /api/v1/conversations", () => {
  it("lists every channel's conversations by latest activity, filtered by channel, status and contact", async () => {
    const { shop, key } = await merchant();
    const alex = await contactOf(shop.id, "alex@example.com");
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 10, minutes));
    const chat = await db().conversation.create({ data: { shopId: shop.id, channel: "chat", customerEmail: "alex@example.com", lastMessageAt: at(1) } });
    const email = await db().conversation.create({ data: { shopId: shop.id, channel: "email", customerEmail: "alex@example.com", subject: "Where is my parcel?", lastMessageAt: at(3) } });
    const whatsapp = await db().conversation.create({ data: { shopId: shop.id, channel: "whatsapp", status: "closed", customerPhone: "+14155550100", lastMessageAt: at(2) } });

    const all = await conversations(key);
    expect(all.status).toBe(200);
    expect(ConversationListSchema.parse(all.body).data.map((c) => c.id)).toEqual([email.id, whatsapp.id, chat.id]);
    expect(all.body.data[0]).toMatchObject({ channel: "email", subject: "Where is my parcel?", contact: { id: alex, identities: [{ kind: "email", value: "alex@example.com" }] } });
    expect((await conversations(key, "?channel=whatsapp")).body.data.map((c: { id: string }) => c.id)).toEqual([whatsapp.id]);
    expect((await conversations(key, "?status=closed")).body.data.map((c: { id: string }) => c.id)).toEqual([whatsapp.id]);
    expect((await conversations(key, `?contactId=${alex}`)).body.data.map((c: { id: string }) => c.id)).toEqual([email.id, chat.id]);
    const page = await conversations(key, "?limit=2");
    expect((await conversations(key, `?limit=2&cursor=${page.body.nextCursor}`)).body.data.map((c: { id: string }) => c.id)).toEqual([chat.id]);
  });

  it("refuses bad filters with 400 and lists nothing of another shop's contact", async () => {
    const { key } = await merchant();
    const other = await merchant();
    const foreign = await contactOf(other.shop.id, "x@example.com");
    await db().conversation.create({ data: { shopId: other.shop.id, customerEmail: "x@example.com" } });
    expect((await conversations(key, `?contactId=${foreign}`)).body).toEqual({ data: [], nextCursor: null });
    expect((await conversations(key)).body.data).toEqual([]);
    for (const [query, field] of [
      ["?channel=fax", "channel"],
      ["?status=deleted", "status"],
      ["?contactId=1%20OR%201%3D1", "contactId"],
      ["?limit=101", "limit"],
    ] as const) {
      const answer = await conversations(key, query);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.fields[field], query).toBeTruthy();
    }
  });
});

describe("GET /api/v1/conversations/{id}", () => {
  it("answers the conversation with its messages, their channel and delivery status, without internal notes", async () => {
    const { shop, key } = await merchant();
    const row = await db().conversation.create({ data: { shopId: shop.id, channel: "email", customerEmail: "alex@example.com" } });
    await db().message.create({ data: { shopId: shop.id, conversationId: row.id, role: "customer", text: "Hello", createdAt: new Date("2026-11-20T10:00:00Z") } });
    await db().message.create({ data: { shopId: shop.id, conversationId: row.id, role: "agent", text: "Private note", internal: true, createdAt: new Date("2026-11-20T10:01:00Z") } });
    await db().message.create({
      data: { shopId: shop.id, conversationId: row.id, role: "agent", text: "Hi Alex", deliveryStatus: "failed", deliveryError: "mailbox full", createdAt: new Date("2026-11-20T10:02:00Z") },
    });
    const answer = await conversation(key, row.id);
    expect(answer.status).toBe(200);
    const detail = ConversationDetailSchema.parse(answer.body);
    expect(detail.messages.map((m) => [m.role, m.text, m.channel, m.deliveryStatus, m.deliveryError])).toEqual([
      ["customer", "Hello", "email", null, null],
      ["agent", "Hi Alex", "email", "failed", "mailbox full"],
    ]);
    expect(detail.contact?.identities[0]?.value).toBe("alex@example.com");
  });

  it("answers 404 for another shop's or a malformed id", async () => {
    const { key } = await merchant();
    const other = await merchant();
    const foreign = await db().conversation.create({ data: { shopId: other.shop.id } });
    for (const id of [foreign.id, MISSING_ID, "x' OR '1'='1"]) expect((await conversation(key, id)).status, id).toBe(404);
  });
});
