import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeTwilio, fakeSid, type FakeTwilio } from "../../../../tests/fakes/twilio";
import { drainJobs } from "../../../../tests/fakes/woocommerce";
import { createReturn, createShop } from "../../../../tests/support/factories";
import { patternPng } from "../../../../tests/support/images";
import { routeArgs } from "../../../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../../../tests/support/test-database";
import { action as putIntegration } from "../../../routes/api.v1.integrations.$kind";
import { action as postMessage } from "../../../routes/api.v1.conversations.$id.messages";
import { action as inboundAction } from "../../../routes/webhooks.twilio.$shopId.whatsapp";
import { action as statusAction } from "../../../routes/webhooks.twilio.$shopId.whatsapp.status";
import { createApiKey } from "../../api-keys/create-api-key";
import { db } from "../../db.server";
import { parseEnv, resetEnv } from "../../env.server";
import { jobRegistry } from "../../job-registry.server";
import { startJobRuntime, stopJobRuntime } from "../../jobs/runtime.server";
import { getFile } from "../../storage/file-storage.server";
import { fetchWhatsAppMedia } from "./fetch-whatsapp-media.server";
import { LANGUAGES, phrase } from "../../assistant/phrases";
import { seedDemoShop } from "../../demo/seed-demo-shop";
import { namelessGreeting } from "./whatsapp-texts";

setupTestDatabase();

const PUBLIC = "https://dokani.example.com";
const SENDER = "whatsapp:+14155238886";
const SHOPPER = "whatsapp:+447700900123";
let fake: FakeTwilio;

beforeAll(async () => {
  fake = await createFakeTwilio();
  resetEnv(parseEnv({ ...process.env, DOKANI_PUBLIC_URL: PUBLIC, TWILIO_API_BASE_URL: fake.url }));
});
beforeEach(async () => {
  await stopJobRuntime();
  await clearDatabase();
  fake.messages.length = 0;
  fake.calls.length = 0;
  fake.setClock(() => Date.now());
  await startJobRuntime({ client: db(), registry: jobRegistry, pollMs: 50 });
});
afterAll(async () => {
  await stopJobRuntime();
  resetEnv(undefined);
  await fake?.close();
});

const TEMPLATE = { name: "return_update", contentSid: `HX${"a".repeat(32)}`, variables: ["1", "2"] };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test answers are read loosely
type Json = Record<string, any>;

async function read(response: Response) {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // TwiML or empty.
  }
  return { status: response.status, body: body as Json };
}

/** A shop with an API key and, unless told otherwise, WhatsApp connected to the fake's account. */
async function shopWithWhatsApp(options: { connect?: boolean } = {}) {
  const shop = await createShop({ platform: "demo" });
  const { key } = await createApiKey(db(), shop.id, { name: "Ops" });
  if (options.connect !== false) {
    const answer = await connect(key, { accountSid: fake.accountSid, authToken: fake.authToken, from: SENDER, templates: [TEMPLATE] });
    expect(answer.status).toBe(200);
  }
  return { shop, key };
}

async function connect(key: string, body: unknown) {
  const request = new Request("http://127.0.0.1/api/v1/integrations/whatsapp", { method: "PUT", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  return read(await putIntegration(routeArgs(request, { kind: "whatsapp" })));
}

const inboundUrl = (shopId: string) => `${PUBLIC}/webhooks/twilio/${shopId}/whatsapp`;

async function postInbound(shopId: string, form: Record<string, string>, options: Parameters<FakeTwilio["signedRequest"]>[2] & { requestUrl?: string } = {}) {
  const request = fake.signedRequest(options.requestUrl ?? inboundUrl(shopId), form, { signUrl: options.signUrl ?? inboundUrl(shopId), ...options });
  return read(await inboundAction(routeArgs(request, { shopId })));
}

async function postStatus(shopId: string, url: string, form: Record<string, string>) {
  return read(await statusAction(routeArgs(fake.signedRequest(url, form), { shopId })));
}

async function reply(key: string, conversationId: string, body: unknown) {
  const request = new Request(`http://127.0.0.1/api/v1/conversations/${conversationId}/messages`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  return read(await postMessage(routeArgs(request, { id: conversationId })));
}

describe("connecting WhatsApp", () => {
  it("checks the credentials with Twilio, seals the token and answers the URLs to paste in Twilio", async () => {
    const shop = await createShop({ platform: "demo" });
    const { key } = await createApiKey(db(), shop.id, { name: "Ops" });
    const answer = await connect(key, { accountSid: fake.accountSid, authToken: fake.authToken, from: SENDER, templates: [TEMPLATE] });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ kind: "whatsapp", status: "connected", details: { webhookUrl: `${PUBLIC}/webhooks/twilio/${shop.id}/whatsapp`, statusCallbackUrl: `${PUBLIC}/webhooks/twilio/${shop.id}/whatsapp/status`, templates: [TEMPLATE] } });
    expect(JSON.stringify(answer.body)).not.toContain(fake.authToken);
    const row = await db().shopIntegration.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(row.secrets).not.toContain(fake.authToken);
    expect(fake.calls.at(-1)).toMatchObject({ method: "GET", path: `/2010-04-01/Accounts/${fake.accountSid}.json`, status: 200 });
  });

  it("saves nothing when Twilio refuses the token, and answers Twilio's own words", async () => {
    const shop = await createShop({ platform: "demo" });
    const { key } = await createApiKey(db(), shop.id, { name: "Ops" });
    const answer = await connect(key, { accountSid: fake.accountSid, authToken: "0".repeat(32), from: SENDER });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe("integration_check_failed");
    expect(answer.body.error.message).toContain("Authenticate");
    expect(await db().shopIntegration.count()).toBe(0);
  });

  it("refuses a malformed body with fields and writes nothing", async () => {
    const { key } = await shopWithWhatsApp({ connect: false });
    const answer = await connect(key, { accountSid: "XX1", authToken: "short", from: "+1555", templates: [{ name: "Bad Name", contentSid: "HX1", variables: [] }] });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body.error.fields)).toEqual(expect.arrayContaining(["accountSid", "authToken", "from", "templates[0].name", "templates[0].contentSid"]));
    expect(await db().shopIntegration.count()).toBe(0);
  });
});

describe("inbound messages", () => {
  it("stores a signed message once, answers it through the outbox and Twilio, and follows its statuses", async () => {
    const { shop } = await shopWithWhatsApp();
    const form = fake.inboundForm({ from: SHOPPER, to: SENDER, body: "Hi, where is my refund?", profileName: "Ann Lee" });
    const first = await postInbound(shop.id, form);
    expect(first.status).toBe(200);
    expect(first.body).toContain("<Response/>");
    // Twilio delivers again: stored once.
    expect((await postInbound(shop.id, form)).status).toBe(200);
    await drainJobs();

    const conversation = await db().conversation.findFirstOrThrow({ where: { shopId: shop.id }, include: { messages: { orderBy: { createdAt: "asc" } } } });
    expect(conversation).toMatchObject({ channel: "whatsapp", customerName: "Ann Lee", customerPhone: "+447700900123" });
    const customer = conversation.messages.filter((m) => m.role === "customer");
    expect(customer).toHaveLength(1);
    expect(customer[0]).toMatchObject({ text: "Hi, where is my refund?", externalId: form.MessageSid, deliveryStatus: null });

    expect(fake.messages).toHaveLength(1);
    const sent = fake.messages[0]!;
    expect(sent).toMatchObject({ to: SHOPPER, from: SENDER, statusCallback: `${PUBLIC}/webhooks/twilio/${shop.id}/whatsapp/status` });
    expect(sent.body).toBeTruthy();
    const answer = await db().message.findFirstOrThrow({ where: { conversationId: conversation.id, role: "ai" } });
    expect(answer).toMatchObject({ externalId: sent.sid, deliveryStatus: "queued", text: sent.body });

    for (const { url, form: status } of fake.statusForms(sent.sid)) expect((await postStatus(shop.id, url, status)).status).toBe(200);
    expect((await db().message.findUniqueOrThrow({ where: { id: answer.id } })).deliveryStatus).toBe("read");

    // A second message from the same number lands in the same conversation.
    await postInbound(shop.id, fake.inboundForm({ from: SHOPPER, to: SENDER, body: "Thanks" }));
    expect(await db().conversation.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("keeps a sender with a WhatsApp user id and no phone number", async () => {
    const { shop } = await shopWithWhatsApp();
    const res = await postInbound(shop.id, fake.inboundForm({ from: "whatsapp:US.ENT.abc123XYZ", to: SENDER, body: "hello" }));
    expect(res.status).toBe(200);
    const conversation = await db().conversation.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(conversation.customerPhone).toBeNull();
    expect((conversation.metadata as Json).whatsapp.address).toBe("whatsapp:US.ENT.abc123XYZ");
  });

  it("stores a location and an unsupported message readably", async () => {
    const { shop } = await shopWithWhatsApp();
    await postInbound(shop.id, fake.inboundForm({ from: SHOPPER, to: SENDER, extra: { MessageType: "location", Latitude: "51.5074", Longitude: "-0.1278", Label: "Home" } }));
    await postInbound(shop.id, fake.inboundForm({ from: SHOPPER, to: SENDER, extra: { MessageType: "sticker" } }));
    const texts = (await db().message.findMany({ where: { shopId: shop.id, role: "customer" }, orderBy: { createdAt: "asc" } })).map((m) => m.text);
    expect(texts[0]).toBe("[Location] Home (51.5074, -0.1278) https://maps.google.com/?q=51.5074,-0.1278");
    expect(texts[1]).toBe("[WhatsApp message Dokani cannot show: sticker]");
  });

  describe("signatures", () => {
    it("accepts the request behind a proxy, checked against DOKANI_PUBLIC_URL and the raw path", async () => {
      const { shop } = await shopWithWhatsApp();
      const form = fake.inboundForm({ from: SHOPPER, to: SENDER, body: "via proxy" });
      const res = await postInbound(shop.id, form, { requestUrl: `http://10.0.0.7:3000/webhooks/twilio/${shop.id}/whatsapp`, headers: { "X-Forwarded-Proto": "http", "X-Forwarded-Host": "10.0.0.7:3000" } });
      expect(res.status).toBe(200);
      expect(await db().message.count({ where: { shopId: shop.id, role: "customer" } })).toBe(1);
    });

    it("refuses a signature over a URL rebuilt from forwarded headers, a wrong token, a changed field, and no signature; writes nothing", async () => {
      const { shop } = await shopWithWhatsApp();
      const form = fake.inboundForm({ from: SHOPPER, to: SENDER, body: "forged" });
      const rebuilt = `https://attacker.example/webhooks/twilio/${shop.id}/whatsapp`;
      const cases = [
        await postInbound(shop.id, form, { requestUrl: rebuilt, signUrl: rebuilt, headers: { "X-Forwarded-Host": "attacker.example", "X-Forwarded-Proto": "https" } }),
        await postInbound(shop.id, form, { token: "f".repeat(32) }),
        await read(await inboundAction(routeArgs(new Request(inboundUrl(shop.id), { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": fake.signedRequest(inboundUrl(shop.id), form).headers.get("x-twilio-signature")! }, body: new URLSearchParams({ ...form, Body: "changed" }).toString() }), { shopId: shop.id }))),
        await read(await inboundAction(routeArgs(new Request(inboundUrl(shop.id), { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() }), { shopId: shop.id }))),
      ];
      for (const res of cases) expect(res).toMatchObject({ status: 401, body: { error: { code: "invalid_signature" } } });
      expect(await db().message.count()).toBe(0);
      expect(await db().conversation.count()).toBe(0);
    });

    it("refuses another shop's id, an unknown shop and a shop without WhatsApp alike", async () => {
      const { shop } = await shopWithWhatsApp();
      const other = await shopWithWhatsApp({ connect: false });
      const form = fake.inboundForm({ from: SHOPPER, to: SENDER, body: "hi" });
      const signedForOne = fake.signedRequest(inboundUrl(shop.id), form);
      const res1 = await read(await inboundAction(routeArgs(new Request(inboundUrl(other.shop.id), { method: "POST", headers: signedForOne.headers, body: new URLSearchParams(form).toString() }), { shopId: other.shop.id })));
      const res2 = await postInbound("not-a-uuid", form, { requestUrl: inboundUrl("not-a-uuid"), signUrl: inboundUrl("not-a-uuid") });
      expect(res1.status).toBe(401);
      expect(res2.status).toBe(401);
      expect(await db().message.count()).toBe(0);
    });
  });
});

describe("photos", () => {
  it("fetches a photo from Twilio with the account's credentials into storage and keeps it on the message", async () => {
    const { shop } = await shopWithWhatsApp();
    const png = patternPng(64, 64, 7);
    const media = fake.addMedia(png, "image/png");
    await postInbound(shop.id, fake.inboundForm({ from: SHOPPER, to: SENDER, body: "It arrived broken", messageSid: media.messageSid, media: [{ url: media.url, contentType: "image/png" }] }));
    await drainJobs();
    const message = await db().message.findFirstOrThrow({ where: { shopId: shop.id, role: "customer" }, include: { attachments: true } });
    expect(message.text).toBe("[Photo]\nIt arrived broken");
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments[0]).toMatchObject({ mimeType: "image/png", byteSize: png.byteLength });
    expect(Buffer.compare(await getFile(message.attachments[0]!.storageKey, message.attachments[0]!.storage), png)).toBe(0);
    const mediaCall = fake.calls.find((c) => c.path.includes("/Media/"))!;
    expect(mediaCall.auth).toBe(`Basic ${Buffer.from(`${fake.accountSid}:${fake.authToken}`).toString("base64")}`);
    // The redirect to Twilio's media store leaves the origin's credentials behind... the store needs none.
    expect(fake.calls.find((c) => c.path.startsWith("/media-store/"))).toMatchObject({ status: 200 });
  });

  it("refuses a photo over 10 MB, bytes that are not a photo, and a URL outside Twilio, and says so on the message", async () => {
    const { shop } = await shopWithWhatsApp();
    const big = fake.addMedia(Buffer.concat([patternPng(8, 8, 1), Buffer.alloc(10 * 1024 * 1024)]), "image/png");
    const text = fake.addMedia(Buffer.from("not a picture"), "image/jpeg");
    await postInbound(shop.id, fake.inboundForm({
      from: SHOPPER, to: SENDER, messageSid: big.messageSid,
      media: [{ url: big.url, contentType: "image/png" }, { url: text.url, contentType: "image/jpeg" }, { url: "http://169.254.169.254/latest/meta-data", contentType: "image/jpeg" }],
    }));
    await drainJobs();
    const message = await db().message.findFirstOrThrow({ where: { shopId: shop.id, role: "customer" }, include: { attachments: true } });
    expect(message.attachments).toHaveLength(0);
    expect((message.metadata as Json).whatsappMediaNotes).toEqual(["Photo 1 was not kept: larger than 10 MB.", "Photo 2 was not kept: not a JPEG, PNG, WebP or HEIC photo.", "Photo 3 was not kept: not a Twilio media URL."]);
    expect(fake.calls.some((c) => c.path.includes("meta-data"))).toBe(false);
    // Run again (a retried job): nothing doubles.
    await fetchWhatsAppMedia({ shopId: shop.id, messageId: message.id });
    expect(await db().evidenceFile.count()).toBe(0);
  });
});

describe("status callbacks", () => {
  async function sentReply() {
    const { shop, key } = await shopWithWhatsApp();
    await postInbound(shop.id, fake.inboundForm({ from: SHOPPER, to: SENDER, body: "hello" }));
    await drainJobs();
    const sent = fake.messages.at(-1)!;
    return { shop, key, sent, message: await db().message.findFirstOrThrow({ where: { externalId: sent.sid } }) };
  }

  it("keeps the furthest status whatever the order, and a repeat changes nothing", async () => {
    const { shop, sent, message } = await sentReply();
    const forms = fake.statusForms(sent.sid);
    const [s, d, r] = forms;
    for (const step of [r!, s!, d!, s!, r!]) expect((await postStatus(shop.id, step.url, step.form)).status).toBe(200);
    expect(await db().message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ deliveryStatus: "read", deliveryError: null });
  });

  it("a 63016 marks the message failed with the reason and tells the merchant in a note", async () => {
    const { shop, sent, message } = await sentReply();
    const [failed] = fake.statusForms(sent.sid, [{ status: "sent" }, { status: "undelivered", errorCode: 63016 }]).slice(1);
    await postStatus(shop.id, failed!.url, failed!.form);
    const after = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(after.deliveryStatus).toBe("failed");
    expect(after.deliveryError).toMatch(/^63016: .*24-hour window.*template/);
    const note = await db().message.findFirstOrThrow({ where: { conversationId: message.conversationId, internal: true } });
    expect(note.text).toContain("63016");
  });

  it("ignores a status for a message of another shop", async () => {
    const { sent, message } = await sentReply();
    const other = await shopWithWhatsApp();
    const [step] = fake.statusForms(sent.sid, [{ status: "failed", errorCode: 30008 }]);
    const url = `${PUBLIC}/webhooks/twilio/${other.shop.id}/whatsapp/status`;
    expect((await postStatus(other.shop.id, url, step!.form)).status).toBe(200);
    expect((await db().message.findUniqueOrThrow({ where: { id: message.id } })).deliveryStatus).toBe("queued");
  });
});

describe("the 24-hour window", () => {
  async function conversationAt(minutesAgo: number) {
    const { shop, key } = await shopWithWhatsApp();
    await postInbound(shop.id, fake.inboundForm({ from: SHOPPER, to: SENDER, body: "hello" }));
    await drainJobs();
    const conversation = await db().conversation.findFirstOrThrow({ where: { shopId: shop.id } });
    const at = new Date(Date.now() - minutesAgo * 60_000);
    await db().message.updateMany({ where: { conversationId: conversation.id, role: "customer" }, data: { createdAt: at } });
    fake.setClock(() => Date.now());
    fake.messages.length = 0;
    fake.calls.length = 0;
    return { shop, key, conversation };
  }

  it("sends free-form text at 23:59 after the shopper's last message", async () => {
    const { key, conversation } = await conversationAt(23 * 60 + 59);
    const res = await reply(key, conversation.id, { text: "Your refund is on its way." });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ role: "agent", text: "Your refund is on its way.", channel: "whatsapp", deliveryStatus: "queued" });
    await drainJobs();
    expect(fake.messages[0]).toMatchObject({ body: "Your refund is on its way.", contentSid: null });
  });

  it("refuses free-form text at 24:01 with reply_window_closed, stores nothing, and sends a template instead", async () => {
    const { key, conversation } = await conversationAt(24 * 60 + 1);
    const before = await db().message.count();
    const refused = await reply(key, conversation.id, { text: "Still there?" });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: "reply_window_closed" } } });
    expect(await db().message.count()).toBe(before);

    const sent = await reply(key, conversation.id, { template: "return_update", variables: { "1": "Ann", "2": "#1001" } });
    expect(sent.status).toBe(201);
    expect(sent.body.text).toBe("[Template return_update] 1: Ann · 2: #1001");
    await drainJobs();
    expect(fake.messages[0]).toMatchObject({ body: null, contentSid: TEMPLATE.contentSid, contentVariables: { "1": "Ann", "2": "#1001" } });
    const form = fake.calls.find((c) => c.path.endsWith("Messages.json"))!.form!;
    expect(form.ContentVariables).toBe('{"1":"Ann","2":"#1001"}');
  });

  it("messages the shop sends never reopen the window", async () => {
    const { key, conversation } = await conversationAt(24 * 60 + 1);
    await reply(key, conversation.id, { template: "return_update", variables: { "1": "Ann", "2": "#1001" } });
    expect((await reply(key, conversation.id, { text: "And another thing" })).status).toBe(409);
  });

  it("refuses an unknown template, missing or extra variables, and text with a template", async () => {
    const { key, conversation } = await conversationAt(60);
    expect((await reply(key, conversation.id, { template: "nope" })).body.error.fields).toEqual({ template: expect.any(String) });
    expect((await reply(key, conversation.id, { template: "return_update", variables: { "1": "Ann", "3": "x" } })).body.error.fields).toEqual({ "variables.2": expect.any(String), "variables.3": expect.any(String) });
    expect((await reply(key, conversation.id, { text: "hi", template: "return_update" })).status).toBe(400);
    expect((await reply(key, conversation.id, {})).status).toBe(400);
  });

  it("answers 404 for another shop's conversation", async () => {
    const { conversation } = await conversationAt(60);
    const other = await shopWithWhatsApp();
    expect((await reply(other.key, conversation.id, { text: "hi" })).status).toBe(404);
  });

  it("an AI answer whose delivery comes after the window fails locally, without calling Twilio", async () => {
    const { conversation, shop } = await conversationAt(25 * 60);
    const { sendReply } = await import("../../conversations/send-reply.server");
    const message = await sendReply({ shop, actor: { type: "system" } }, conversation, { role: "ai", text: "Late answer", toolCalls: null, sources: null, metadata: {} });
    await drainJobs();
    expect(fake.messages).toHaveLength(0);
    expect(await db().message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ deliveryStatus: "failed", deliveryError: expect.stringContaining("24-hour") });
  });
});

describe("return notifications on WhatsApp", () => {
  async function returnOnWhatsApp(minutesAgo: number) {
    const { shop } = await shopWithWhatsApp();
    await postInbound(shop.id, fake.inboundForm({ from: SHOPPER, to: SENDER, body: "I want to return my order", profileName: "Ann Lee" }));
    await drainJobs();
    const conversation = await db().conversation.findFirstOrThrow({ where: { shopId: shop.id } });
    await db().message.updateMany({ where: { conversationId: conversation.id, role: "customer" }, data: { createdAt: new Date(Date.now() - minutesAgo * 60_000) } });
    const created = await createReturn(shop.id, "ann@example.com");
    await db().returnRequest.update({ where: { id: created.id }, data: { conversationId: conversation.id, status: "approved" } });
    fake.messages.length = 0;
    return { shop, conversation, returnId: created.id };
  }

  it("tells the shopper as text inside the window, once", async () => {
    const { returnId } = await returnOnWhatsApp(60);
    const { notifyReturnOnWhatsApp } = await import("../../notifications/notify-return-on-whatsapp.server");
    await notifyReturnOnWhatsApp(db(), returnId, "approved");
    await notifyReturnOnWhatsApp(db(), returnId, "approved");
    await drainJobs();
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]!.body).toMatch(/approved/);
    expect(fake.messages[0]!.contentSid).toBeNull();
  });

  it("sends the return_update template once the window has closed", async () => {
    const { returnId } = await returnOnWhatsApp(25 * 60);
    const { notifyReturnOnWhatsApp } = await import("../../notifications/notify-return-on-whatsapp.server");
    await notifyReturnOnWhatsApp(db(), returnId, "approved");
    await drainJobs();
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]).toMatchObject({ body: null, contentSid: TEMPLATE.contentSid, contentVariables: { "1": "Ann", "2": expect.stringMatching(/^#/) } });
  });
});

describe("order details by the sender's number", () => {
  const DAY = 24 * 3600 * 1000;
  const ORDER = {
    id: "7001", name: "#1001", email: "alex@example.com", phone: "+44 7700 900123", customerName: "Alex Doe", currency: "USD",
    processedAt: new Date(Date.now() - 8 * DAY).toISOString(), deliveredAt: new Date(Date.now() - 5 * DAY).toISOString(),
    lineItems: [{ id: "L1", title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 1, unitPrice: "49.00" }],
  };

  /** A demo store with a policy, order #1001 carrying SHOPPER's number, and WhatsApp connected. */
  async function storeWithOrder(domain = `wa-${Math.random().toString(36).slice(2, 8)}.myshopify.com`) {
    const { shopId } = await seedDemoShop(db(), { domain, orders: [ORDER] });
    const { key } = await createApiKey(db(), shopId, { name: "Ops" });
    expect((await connect(key, { accountSid: fake.accountSid, authToken: fake.authToken, from: SENDER, templates: [TEMPLATE] })).status).toBe(200);
    return shopId;
  }

  async function say(shopId: string, from: string, body: string) {
    fake.messages.length = 0;
    expect((await postInbound(shopId, fake.inboundForm({ from, to: SENDER, body }))).status).toBe(200);
    await drainJobs();
    return fake.messages.map((m) => m.body ?? "").join("\n");
  }

  it("tells the order's status to the number the order carries, without asking for an email, and proves that number on the contact", async () => {
    const shopId = await storeWithOrder();
    const answer = await say(shopId, SHOPPER, "Where is my order #1001?");
    expect(answer).toContain("Order #1001 was placed on");
    expect(answer).not.toMatch(/email/i);
    const conversation = await db().conversation.findFirstOrThrow({ where: { shopId }, include: { contact: { include: { identities: true } } } });
    expect(conversation.contact?.identities).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "whatsapp", value: "+447700900123", verified: true }), expect.objectContaining({ kind: "phone", value: "+447700900123", verified: true })]));
    // The order's email is not handed to the number's contact: a shipping phone proves the order, not who bought it.
    expect(conversation.contact?.identities.some((i) => i.kind === "email")).toBe(false);
  });

  it("asks another number for the email, the same way for an order that does not exist, and reveals nothing until the email matches", async () => {
    const shopId = await storeWithOrder();
    const stranger = "whatsapp:+447700900999";
    const asked = await say(shopId, stranger, "Where is my order #1001?");
    expect(asked).toBe(phrase("en", "askEmailPhoneNotOnOrder", { order: "#1001" }));
    const missing = await say(shopId, "whatsapp:+447700900888", "Where is my order #9999?");
    expect(missing).toBe(phrase("en", "askEmailPhoneNotOnOrder", { order: "#9999" }));
    const wrongEmail = await say(shopId, stranger, "sam@example.com");
    expect(wrongEmail).not.toMatch(/placed|Linen/);
    await say(shopId, stranger, "#1001");
    const proved = await say(shopId, stranger, "alex@example.com");
    expect(proved).toContain("Order #1001 was placed on");
    const texts = (await db().message.findMany({ where: { shopId, role: "ai" }, orderBy: { createdAt: "asc" } })).map((m) => m.text);
    expect(texts.filter((t) => /Linen|placed/.test(t))).toHaveLength(1);
  });

  it("never proves an order of another shop that has the same number and the sender's phone", async () => {
    await storeWithOrder();
    const { shopId } = await seedDemoShop(db(), { domain: "wa-other.myshopify.com", orders: [{ ...ORDER, id: "8001", phone: "+44 7700 900555" }] });
    const { key } = await createApiKey(db(), shopId, { name: "Ops" });
    await connect(key, { accountSid: fake.accountSid, authToken: fake.authToken, from: SENDER, templates: [TEMPLATE] });
    expect(await say(shopId, SHOPPER, "Where is my order #1001?")).toBe(phrase("en", "askEmailPhoneNotOnOrder", { order: "#1001" }));
  });

  it.each([
    ["fr", "Bonjour, où est ma commande #1001 ?"],
    ["es", "Hola, ¿dónde está mi pedido #1001?"],
    ["de", "Hallo, wo ist meine Bestellung #1001?"],
  ] as const)("answers in %s, the language the shopper writes in, and keeps it for the conversation", async (language, text) => {
    const shopId = await storeWithOrder();
    expect(await say(shopId, "whatsapp:+447700900999", text)).toBe(phrase(language, "askEmailPhoneNotOnOrder", { order: "#1001" }));
    expect((await db().conversation.findFirstOrThrow({ where: { shopId } })).locale).toBe(language);
    // A message with no words to tell (an order number) keeps the conversation's language.
    expect(await say(shopId, "whatsapp:+447700900999", "#1001")).toBe(phrase(language, "askEmailPhoneNotOnOrder", { order: "#1001" }));
  });
});

describe("return updates on WhatsApp in the shopper's language", () => {
  async function conversationIn(locale: string, minutesAgo: number, customerName: string | null = "Ann Lee") {
    const { shop } = await shopWithWhatsApp();
    await postInbound(shop.id, fake.inboundForm({ from: SHOPPER, to: SENDER, body: "hi" }));
    await drainJobs();
    const conversation = await db().conversation.findFirstOrThrow({ where: { shopId: shop.id } });
    await db().conversation.update({ where: { id: conversation.id }, data: { locale: locale, customerName } });
    await db().message.updateMany({ where: { conversationId: conversation.id, role: "customer" }, data: { createdAt: new Date(Date.now() - minutesAgo * 60_000) } });
    const created = await createReturn(shop.id, "ann@example.com");
    await db().returnRequest.update({ where: { id: created.id }, data: { conversationId: conversation.id, status: "approved" } });
    fake.messages.length = 0;
    return { returnId: created.id };
  }

  const HEADLINES = {
    en: { approved: "Your return for #1001 is approved.", info: "A question about your return for #1001:", details: "Details: " },
    fr: { approved: "Votre retour pour la commande #1001 est accepté.", info: "Une question sur votre retour pour la commande #1001 :", details: "Détails : " },
    es: { approved: "Tu devolución del pedido #1001 está aprobada.", info: "Una pregunta sobre tu devolución del pedido #1001:", details: "Detalles: " },
    de: { approved: "Ihre Rücksendung für die Bestellung #1001 ist genehmigt.", info: "Eine Frage zu Ihrer Rücksendung für die Bestellung #1001:", details: "Details: " },
  } as const;

  it.each(LANGUAGES)("sends the update and the store's question in %s inside the window", async (language) => {
    const { returnId } = await conversationIn(language, 60);
    const { notifyReturnOnWhatsApp } = await import("../../notifications/notify-return-on-whatsapp.server");
    await notifyReturnOnWhatsApp(db(), returnId, "approved");
    await notifyReturnOnWhatsApp(db(), returnId, "info_requested", { id: "q1", text: "Is the tag still on?" });
    await drainJobs();
    const bodies = fake.messages.map((m) => m.body ?? "");
    expect(bodies).toHaveLength(2);
    expect(bodies[0]!.split("\n")[0]).toBe(HEADLINES[language].approved);
    expect(bodies[0]!.split("\n")[1]).toMatch(new RegExp(`^${HEADLINES[language].details}https?://`));
    expect(bodies[1]).toContain(HEADLINES[language].info);
    expect(bodies[1]).toContain("Is the tag still on?");
  });

  it.each(LANGUAGES)("fills the template's name in %s when the shopper's name is unknown, once the window has closed", async (language) => {
    const { returnId } = await conversationIn(language, 25 * 60, null);
    const { notifyReturnOnWhatsApp } = await import("../../notifications/notify-return-on-whatsapp.server");
    await notifyReturnOnWhatsApp(db(), returnId, "approved");
    await drainJobs();
    expect(fake.messages[0]).toMatchObject({ body: null, contentSid: TEMPLATE.contentSid, contentVariables: { "1": namelessGreeting(language), "2": "#1001" } });
  });

  it("follows the shop's language setting over the shopper's", async () => {
    const { returnId } = await conversationIn("fr", 60);
    const conversation = await db().conversation.findFirstOrThrow({ where: { returns: { some: { id: returnId } } }, include: { shop: true } });
    await db().shop.update({ where: { id: conversation.shopId }, data: { settings: { ...(conversation.shop.settings as object), language: "de" } } });
    const { notifyReturnOnWhatsApp } = await import("../../notifications/notify-return-on-whatsapp.server");
    await notifyReturnOnWhatsApp(db(), returnId, "approved");
    await drainJobs();
    expect(fake.messages[0]!.body).toContain(HEADLINES.de.approved);
  });
});

describe("the reply route on other channels", () => {
  it("replies in a web chat with text and refuses a template there", async () => {
    const shop = await createShop({ platform: "demo" });
    const { key } = await createApiKey(db(), shop.id, { name: "Ops" });
    const conversation = await db().conversation.create({ data: { shopId: shop.id, channel: "chat" } });
    const ok = await reply(key, conversation.id, { text: "Hello from the shop" });
    expect(ok).toMatchObject({ status: 201, body: { role: "agent", channel: "chat", deliveryStatus: null } });
    expect((await reply(key, conversation.id, { template: "return_update" })).status).toBe(400);
  });
});

it("a twilio SID the fake made has Twilio's shape", () => {
  expect(fakeSid("SM")).toMatch(/^SM[0-9a-f]{32}$/);
});
