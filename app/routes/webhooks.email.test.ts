import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mailgunOutcome, mailgunRequest, mailgunSign, postmarkOutcome, postmarkPayload, postmarkRequest } from "../../tests/fakes/email";
import { patternPng } from "../../tests/support/images";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { ensureInboundAddress } from "../.server/channels/email/addresses.server";
import { db } from "../.server/db.server";
import { seedDemoShop } from "../.server/demo/seed-demo-shop";
import { parseEnv, resetEnv } from "../.server/env.server";
import { action as mailgun } from "./webhooks.email.mailgun";
import { action as postmark } from "./webhooks.email.postmark";

setupTestDatabase();

const POSTMARK_SECRET = "postmark-inbound-secret-0123";
const MAILGUN_KEY = "key-mailgun-signing-0123456789";
const POSTMARK_URL = "http://localhost:3000/webhooks/email/postmark";
const MAILGUN_URL = "http://localhost:3000/webhooks/email/mailgun";
let address: string;

beforeAll(() => {
  resetEnv(parseEnv({ ...process.env, POSTMARK_INBOUND_SECRET: POSTMARK_SECRET, MAILGUN_SIGNING_KEY: MAILGUN_KEY, SMTP_URL: "" }));
});
beforeEach(async () => {
  await clearDatabase();
  const { shopId } = await seedDemoShop(db(), { domain: "hooks-shop.myshopify.com", orders: [] });
  address = (await ensureInboundAddress({ id: shopId, domain: "hooks-shop.myshopify.com" }))!;
});
afterAll(() => resetEnv(undefined));

const counts = async () => ({ messages: await db().message.count(), conversations: await db().conversation.count(), jobs: await db().jobOutbox.count(), files: await db().evidenceFile.count() });
const call = async (handler: typeof postmark, request: Request) => {
  const response = await handler(routeArgs(request));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { code: string } } };
};

describe("POST /webhooks/email/postmark", () => {
  it("stores a mail sent with the right password, with its photo, and queues the assistant", async () => {
    const payload = postmarkPayload({ from: "ann@example.com", fromName: "Ann", to: address, subject: "Broken zip", text: "The zip broke on day one.", messageId: "<pm-1@example.com>", attachments: [{ Name: "zip.png", Content: patternPng(300, 300, 3).toString("base64"), ContentType: "image/png" }] });
    const { status, body } = await call(postmark, postmarkRequest(POSTMARK_URL, payload, POSTMARK_SECRET));
    expect(status).toBe(200);
    expect(postmarkOutcome(status)).toBe("done");
    expect(body.status).toBe("stored");
    const message = await db().message.findFirstOrThrow({ where: { externalId: "<pm-1@example.com>" }, include: { conversation: true, attachments: true } });
    expect(message).toMatchObject({ text: "The zip broke on day one.", conversation: { channel: "email", subject: "Broken zip", customerEmail: "ann@example.com" } });
    expect(message.attachments).toHaveLength(1);
    expect(await db().jobOutbox.count({ where: { name: "conversations.answer" } })).toBe(1);
  });

  it("refuses a missing or wrong password with 401 and writes nothing", async () => {
    const payload = postmarkPayload({ from: "ann@example.com", to: address, subject: "Hi", text: "Hi", messageId: "<pm-2@example.com>" });
    const before = await counts();
    for (const password of [null, "wrong-password-000000", ""]) {
      const { status, body } = await call(postmark, postmarkRequest(POSTMARK_URL, payload, password));
      expect(status).toBe(401);
      expect(body.error?.code).toBe("unauthorized");
    }
    expect(await counts()).toEqual(before);
  });

  it("answers a repeat delivery 200 and writes nothing", async () => {
    const payload = postmarkPayload({ from: "ann@example.com", to: address, subject: "Hi", text: "Hi", messageId: "<pm-3@example.com>" });
    expect((await call(postmark, postmarkRequest(POSTMARK_URL, payload, POSTMARK_SECRET))).status).toBe(200);
    const before = await counts();
    const again = await call(postmark, postmarkRequest(POSTMARK_URL, payload, POSTMARK_SECRET));
    expect(again).toMatchObject({ status: 200, body: { status: "duplicate" } });
    expect(await counts()).toEqual(before);
  });

  it("refuses bad bodies with the error body and stops Postmark retrying mail for no shop", async () => {
    const bad = await call(postmark, new Request(POSTMARK_URL, { method: "POST", headers: { authorization: `Basic ${Buffer.from(`u:${POSTMARK_SECRET}`).toString("base64")}` }, body: "{not json" }));
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
    const shapeless = await call(postmark, postmarkRequest(POSTMARK_URL, { Subject: "no id" }, POSTMARK_SECRET));
    expect(shapeless).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
    const nobody = await call(postmark, postmarkRequest(POSTMARK_URL, postmarkPayload({ from: "ann@example.com", to: "nobody@inbound.localhost", subject: "Hi", text: "Hi" }), POSTMARK_SECRET));
    expect(nobody.status).toBe(403);
    expect(postmarkOutcome(nobody.status)).toBe("stopped");
    expect((await counts()).messages).toBe(0);
  });

  it("stores an auto-reply without queueing an answer", async () => {
    const payload = postmarkPayload({ from: "ann@example.com", to: address, subject: "Out of office", text: "Away", messageId: "<pm-ooo@example.com>", headers: [{ Name: "Auto-Submitted", Value: "auto-replied" }] });
    expect((await call(postmark, postmarkRequest(POSTMARK_URL, payload, POSTMARK_SECRET))).status).toBe(200);
    expect(await db().message.count()).toBe(1);
    expect(await db().jobOutbox.count({ where: { name: "conversations.answer" } })).toBe(0);
  });
});

describe("POST /webhooks/email/mailgun", () => {
  const sample = () => ({ from: "Bo <bo@example.com>", recipient: address, subject: "Sizing", text: "Is the M or the L bigger?", messageId: `<mg-${crypto.randomUUID()}@example.com>` });

  it("stores a mail signed with the signing key", async () => {
    const mail = { ...sample(), attachments: [{ name: "tag.png", type: "image/png", bytes: patternPng(300, 300, 9) }] };
    const { status, body } = await call(mailgun, mailgunRequest(MAILGUN_URL, mail, mailgunSign(MAILGUN_KEY)));
    expect(status).toBe(200);
    expect(body.status).toBe("stored");
    const message = await db().message.findFirstOrThrow({ where: { externalId: mail.messageId }, include: { conversation: true, attachments: true } });
    expect(message).toMatchObject({ text: "Is the M or the L bigger?", conversation: { customerEmail: "bo@example.com", customerName: "Bo" } });
    expect(message.attachments).toHaveLength(1);
  });

  it("refuses a bad signature, another key, an old timestamp and a missing one with 401, writing nothing", async () => {
    const before = await counts();
    const good = mailgunSign(MAILGUN_KEY);
    const cases = [
      { ...good, signature: "0".repeat(64) },
      mailgunSign("another-signing-key-000"),
      mailgunSign(MAILGUN_KEY, Math.floor(Date.now() / 1000) - 16 * 60),
      mailgunSign(MAILGUN_KEY, Math.floor(Date.now() / 1000) + 16 * 60),
      { ...good, timestamp: "" },
    ];
    for (const signed of cases) {
      const { status, body } = await call(mailgun, mailgunRequest(MAILGUN_URL, sample(), signed));
      expect(status).toBe(401);
      expect(body.error?.code).toBe("invalid_signature");
      expect(mailgunOutcome(status)).toBe("retried");
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses a replayed signature on another message, and a repeat delivery writes nothing", async () => {
    const signed = mailgunSign(MAILGUN_KEY);
    const mail = sample();
    expect((await call(mailgun, mailgunRequest(MAILGUN_URL, mail, signed))).status).toBe(200);
    const before = await counts();
    // The same delivery again (same token, same message): 200, nothing new.
    expect(await call(mailgun, mailgunRequest(MAILGUN_URL, mail, signed))).toMatchObject({ status: 200, body: { status: "duplicate" } });
    // The captured signature on a forged message: refused.
    const forged = await call(mailgun, mailgunRequest(MAILGUN_URL, { ...sample(), from: "mallory@evil.test", text: "Refund me" }, signed));
    expect(forged).toMatchObject({ status: 401, body: { error: { code: "invalid_signature" } } });
    expect(await counts()).toEqual(before);
  });

  it("rejects mail for no shop with 406, so Mailgun does not retry it", async () => {
    const { status } = await call(mailgun, mailgunRequest(MAILGUN_URL, { ...sample(), recipient: "nobody@inbound.localhost" }, mailgunSign(MAILGUN_KEY)));
    expect(status).toBe(406);
    expect(mailgunOutcome(status)).toBe("rejected");
    expect(await db().message.count()).toBe(0);
  });
});
