import { beforeEach, describe, expect, it } from "vitest";
import { createConversation, createReturn, createShop } from "../../../tests/support/factories";
import { shopperContext } from "../../../tests/support/contexts";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { redactCustomer } from "../compliance/redact-customer.server";
import { openConversation } from "../conversations/open-conversation.server";
import { receiveMessage } from "../conversations/receive-message.server";
import { db, type Shop } from "../db.server";
import { seedDemoShop } from "../demo/seed-demo-shop";
import { AppError } from "../errors";
import { lookupOrder } from "../returns/lookup-order.server";
import { SYSTEM_ACTOR } from "../audit/record-audit";
import { SHOPPER_ACTOR } from "../shops/shop-context";
import { normaliseEmail, normalisePhone } from "./identities";
import { linkOrderLookup } from "./link-order-lookup.server";
import { mergeContacts } from "./merge-contacts.server";
import { getContact } from "./read-contacts.server";
import { resolveContact } from "./resolve-contact.server";

setupTestDatabase();

const ORDER = {
  id: "5001",
  name: "#1001",
  email: "alex@example.com",
  customerName: "Alex Doe",
  currency: "USD",
  processedAt: "2026-11-01T10:00:00Z",
  deliveredAt: "2026-11-04T10:00:00Z",
  lineItems: [{ id: "9001", title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: ["summer"] }],
};

let shop: Shop;
beforeEach(async () => {
  await clearDatabase();
  const { shopId } = await seedDemoShop(db(), { domain: "contacts.myshopify.com", orders: [ORDER] });
  shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
});

const ctx = () => shopperContext(shop, "203.0.113.7");
const identitiesOf = (contactId: string) => db().contactIdentity.findMany({ where: { contactId }, orderBy: { kind: "asc" }, select: { kind: true, value: true, verified: true } });
const chatFrom = (email: string) => receiveMessage(ctx(), { channel: "chat", from: { email, name: "Alex" }, text: "Hello", clientAddress: "203.0.113.7" });
const whatsappConversation = (phone: string) =>
  openConversation({ shop, actor: SHOPPER_ACTOR }, { channel: "whatsapp", identities: [{ kind: "whatsapp", value: phone, verified: true }], customerName: "Alex on WhatsApp" });

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("identities", () => {
  it("are normalised: lowercase emails, E.164 phones with or without WhatsApp's prefix", () => {
    expect(normaliseEmail("  Alex@Example.COM ")).toBe("alex@example.com");
    expect(normaliseEmail("not an email")).toBeNull();
    expect(normaliseEmail("redacted-0123456789abcdef@redacted.invalid")).toBeNull();
    expect(normalisePhone("+1 (415) 555-0100")).toBe("+14155550100");
    expect(normalisePhone("whatsapp:+447700900123")).toBe("+447700900123");
    expect(normalisePhone("0044 7700 900123")).toBe("+447700900123");
    expect(normalisePhone("12")).toBeNull();
  });
});

describe("resolution on inbound messages", () => {
  it("gives every inbound message its sender's contact, the same one across conversations, never another shop's", async () => {
    const first = await chatFrom("Alex@Example.com");
    const second = await chatFrom("alex@example.com");
    expect(first.conversation.contactId).toBeTruthy();
    expect(second.conversation.contactId).toBe(first.conversation.contactId);
    expect(await identitiesOf(first.conversation.contactId!)).toEqual([{ kind: "email", value: "alex@example.com", verified: false }]);

    const other = await createShop();
    const elsewhere = await resolveContact(other.id, [{ kind: "email", value: "alex@example.com", verified: true }]);
    expect(elsewhere.contactId).not.toBe(first.conversation.contactId);
    expect(await identitiesOf(first.conversation.contactId!)).toEqual([{ kind: "email", value: "alex@example.com", verified: false }]);
  });

  it("recognises a sender writing from a new address in a known conversation only as a suggestion", async () => {
    const started = await chatFrom("alex@example.com");
    const reply = await receiveMessage(ctx(), { channel: "chat", conversation: started.conversation, from: { email: "alex.work@example.org" }, text: "Me again", clientAddress: "203.0.113.7" });
    expect(reply.conversation.contactId).toBe(started.conversation.contactId);
    const suggestions = await db().contactMergeSuggestion.findMany({ where: { shopId: shop.id } });
    expect(suggestions).toHaveLength(1);
    expect(await db().contact.count({ where: { shopId: shop.id, mergedIntoId: { not: null } } })).toBe(0);
  });

  it("links returns and risk profiles written by any code path to the contact of their email", async () => {
    const { conversation } = await chatFrom("jo@example.com");
    const row = await createReturn(shop.id, "jo@example.com");
    expect(row.contactId).toBe(conversation.contactId);
  });
});

describe("order lookups", () => {
  it("prove the order's email: the contact's email identity becomes verified, the chat gets the contact", async () => {
    const { conversation } = await chatFrom("alex@example.com");
    await lookupOrder(ctx(), { orderNumber: "1001", email: "alex@example.com" });
    expect(await identitiesOf(conversation.contactId!)).toEqual([{ kind: "email", value: "alex@example.com", verified: true }]);

    const anonymous = await openConversation({ shop, actor: SHOPPER_ACTOR }, { channel: "chat" });
    expect(anonymous.conversation.contactId).toBeNull();
    await lookupOrder({ ...ctx(), conversationId: anonymous.conversation.id } as ReturnType<typeof ctx>, { orderNumber: "#1001", email: "ALEX@example.com" });
    const linked = await db().conversation.findUniqueOrThrow({ where: { id: anonymous.conversation.id } });
    expect(linked.contactId).toBe(conversation.contactId);
    expect(await db().contact.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("a failed lookup proves nothing", async () => {
    const { conversation } = await chatFrom("alex@example.com");
    await expect(lookupOrder(ctx(), { orderNumber: "1001", email: "mallory@example.com" })).rejects.toMatchObject({ code: "order_not_found" });
    expect(await identitiesOf(conversation.contactId!)).toEqual([{ kind: "email", value: "alex@example.com", verified: false }]);
    expect(await db().contactIdentity.count({ where: { value: "mallory@example.com" } })).toBe(0);
  });
});

describe("merges", () => {
  it("merge automatically when both sides are proved: a WhatsApp sender proves the order's email in their conversation", async () => {
    const whatsapp = await whatsappConversation("+1 415 555 0100");
    const emailContact = (await chatFrom("alex@example.com")).conversation.contactId!;
    expect(whatsapp.conversation.contactId).not.toBe(emailContact);

    await lookupOrder({ ...ctx(), conversationId: whatsapp.conversation.id } as ReturnType<typeof ctx>, { orderNumber: "1001", email: "alex@example.com" });

    const survivor = whatsapp.conversation.contactId!;
    const tombstone = await db().contact.findUniqueOrThrow({ where: { id: emailContact } });
    expect(tombstone.mergedIntoId).toBe(survivor);
    expect(await identitiesOf(survivor)).toEqual([
      { kind: "email", value: "alex@example.com", verified: true },
      { kind: "whatsapp", value: "+14155550100", verified: true },
    ]);
    expect(await db().conversation.count({ where: { contactId: survivor } })).toBe(2);
    const audit = await db().auditLog.findMany({ where: { shopId: shop.id, entityType: "contact" }, orderBy: { action: "asc" } });
    expect(audit.map((a) => [a.entityId, a.action, (a.data as { reason: string }).reason])).toEqual([
      [survivor, "merged", "verified_identity"],
      [emailContact, "merged_into", "verified_identity"],
    ]);
  });

  it("only suggest when a side is not proved: an email typed into the chat is not proof", async () => {
    const typed = await chatFrom("someone@example.net");
    await lookupOrder({ ...ctx(), conversationId: typed.conversation.id } as ReturnType<typeof ctx>, { orderNumber: "1001", email: "alex@example.com" });
    const contacts = await db().contact.findMany({ where: { shopId: shop.id }, include: { identities: true } });
    expect(contacts).toHaveLength(2);
    expect(contacts.every((c) => c.mergedIntoId === null)).toBe(true);
    const proved = contacts.find((c) => c.identities.some((i) => i.value === "alex@example.com"))!;
    // The chat follows the proved email; the merchant decides about the typed one.
    expect((await db().conversation.findUniqueOrThrow({ where: { id: typed.conversation.id } })).contactId).toBe(proved.id);
    const suggestion = await db().contactMergeSuggestion.findFirstOrThrow({ where: { shopId: shop.id } });
    expect([suggestion.contactId, suggestion.otherContactId].sort()).toEqual([typed.conversation.contactId!, proved.id].sort());
  });

  it("merge through resolution only on proved identities, and suggest otherwise", async () => {
    const phoneOwner = (await resolveContact(shop.id, [{ kind: "phone", value: "+14155550199", verified: true }])).contactId!;
    const emailOwner = (await resolveContact(shop.id, [{ kind: "email", value: "pat@example.com", verified: false }])).contactId!;
    const unproved = await resolveContact(shop.id, [
      { kind: "phone", value: "+1 415 555 0199", verified: true },
      { kind: "email", value: "pat@example.com", verified: false },
    ]);
    expect(unproved).toMatchObject({ contactId: phoneOwner, merged: [], suggested: [emailOwner] });
    const proved = await resolveContact(shop.id, [
      { kind: "phone", value: "+14155550199", verified: true },
      { kind: "email", value: "pat@example.com", verified: true },
    ]);
    expect(proved).toMatchObject({ contactId: phoneOwner, merged: [emailOwner] });
    expect(await db().contactMergeSuggestion.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("never merge a contact with itself or with another shop's contact, and leave nothing changed when refused", async () => {
    const a = (await resolveContact(shop.id, [{ kind: "email", value: "a@example.com", verified: true }])).contactId!;
    const other = await createShop();
    const foreign = (await resolveContact(other.id, [{ kind: "email", value: "a@example.com", verified: true }])).contactId!;
    expect((await caught(mergeContacts({ shopId: shop.id, intoId: a, fromId: a, actor: SYSTEM_ACTOR, reason: "manual" }))).code).toBe("cannot_merge");
    expect((await caught(mergeContacts({ shopId: shop.id, intoId: a, fromId: foreign, actor: SYSTEM_ACTOR, reason: "manual" }))).code).toBe("not_found");
    expect((await caught(mergeContacts({ shopId: other.id, intoId: a, fromId: foreign, actor: SYSTEM_ACTOR, reason: "manual" }))).code).toBe("not_found");
    expect(await db().contact.count({ where: { mergedIntoId: { not: null } } })).toBe(0);
    expect(await db().contactIdentity.count({ where: { contactId: foreign } })).toBe(1);
    expect(await db().auditLog.count({ where: { entityType: "contact" } })).toBe(0);
  });

  it("leave a tombstone that redirects to the survivor, following later merges too", async () => {
    const [a, b, c] = (await Promise.all(["a@example.com", "b@example.com", "c@example.com"].map(async (value) => (await resolveContact(shop.id, [{ kind: "email", value, verified: false }])).contactId!))) as [string, string, string];
    await mergeContacts({ shopId: shop.id, intoId: b, fromId: a!, actor: SYSTEM_ACTOR, reason: "manual" });
    const first = await caught(getContact(ctx(), a!));
    expect(first.code).toBe("contact_merged");
    expect(first.toBody().error).toMatchObject({ code: "contact_merged", mergedInto: b });
    await mergeContacts({ shopId: shop.id, intoId: c!, fromId: b!, actor: SYSTEM_ACTOR, reason: "manual" });
    expect((await caught(getContact(ctx(), a!))).toBody().error.mergedInto).toBe(c);
    const survivor = await getContact(ctx(), c!);
    expect(survivor.identities.map((i) => i.value).sort()).toEqual(["a@example.com", "b@example.com", "c@example.com"]);
    // Merging into a tombstone, or a tombstone again, is refused.
    expect((await caught(mergeContacts({ shopId: shop.id, intoId: a!, fromId: c!, actor: SYSTEM_ACTOR, reason: "manual" }))).code).toBe("contact_merged");
    expect((await caught(mergeContacts({ shopId: shop.id, intoId: c!, fromId: a!, actor: SYSTEM_ACTOR, reason: "manual" }))).code).toBe("cannot_merge");
  });
});

describe("redaction", () => {
  it("walks every identity of the contact: both emails and the WhatsApp number go, and so does the contact", async () => {
    const whatsapp = await whatsappConversation("+14155550100");
    const survivor = whatsapp.conversation.contactId!;
    await db().message.create({ data: { shopId: shop.id, conversationId: whatsapp.conversation.id, role: "customer", text: "my order please" } });
    const byEmail = await createConversation(shop.id, "alex.old@example.com");
    const returnOfOldEmail = await createReturn(shop.id, "alex.old@example.com");
    const oldContact = byEmail.contactId!;
    expect(returnOfOldEmail.contactId).toBe(oldContact);
    await mergeContacts({ shopId: shop.id, intoId: survivor, fromId: oldContact, actor: SYSTEM_ACTOR, reason: "manual" });
    await linkOrderLookup(shop.id, { email: "alex@example.com", conversationId: whatsapp.conversation.id });
    // A contact that is someone else stays.
    const bystander = await chatFrom("bystander@example.com");

    const summary = await redactCustomer(db(), shop.id, "alex@example.com");

    expect(summary).toMatchObject({ conversationsDeleted: 2, returnsAnonymised: 1, contactsDeleted: 1 });
    expect(await db().contact.count({ where: { shopId: shop.id } })).toBe(1);
    expect(await db().contactIdentity.findMany({ where: { shopId: shop.id }, select: { value: true } })).toEqual([{ value: "bystander@example.com" }]);
    expect(await db().conversation.count({ where: { shopId: shop.id } })).toBe(1);
    const kept = await db().returnRequest.findUniqueOrThrow({ where: { id: returnOfOldEmail.id } });
    expect(kept.customerEmail).toMatch(/@redacted\.invalid$/);
    expect(kept.contactId).toBeNull();
    expect(bystander.conversation.contactId).toBeTruthy();
  });
});
