import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpCapture } from "../../../../tests/fakes/email";
import { drainJobs } from "../../../../tests/fakes/woocommerce";
import { clearDatabase, setupTestDatabase } from "../../../../tests/support/test-database";
import { db } from "../../db.server";
import { seedDemoShop } from "../../demo/seed-demo-shop";
import { parseEnv, resetEnv } from "../../env.server";
import { jobRegistry } from "../../job-registry.server";
import { startJobRuntime, stopJobRuntime } from "../../jobs/runtime.server";
import { ensureInboundAddress, replyToken } from "./addresses.server";
import { startSmtpReceiver, type RunningSmtpReceiver } from "./smtp-receiver.server";

setupTestDatabase();

let capture: Awaited<ReturnType<typeof startSmtpCapture>>;
let receiver: RunningSmtpReceiver;
let address: string;

beforeAll(async () => {
  capture = await startSmtpCapture();
  resetEnv(parseEnv({ ...process.env, SMTP_URL: capture.url, OPENAI_API_KEY: "", DOKANI_MAIL_FROM: "" }));
  await clearDatabase();
  const { shopId } = await seedDemoShop(db(), { domain: "smtp-shop.myshopify.com", orders: [] });
  address = (await ensureInboundAddress({ id: shopId, domain: "smtp-shop.myshopify.com" }))!;
  await startJobRuntime({ client: db(), registry: jobRegistry, pollMs: 50 });
  receiver = await startSmtpReceiver({ port: 0 });
});
afterAll(async () => {
  await receiver?.close();
  await stopJobRuntime();
  await capture?.close();
  resetEnv(undefined);
});

const client = () => nodemailer.createTransport({ host: "127.0.0.1", port: receiver.port, secure: false, ignoreTLS: true });

describe("the embedded SMTP receiver, end to end", () => {
  it("turns a mail sent with nodemailer into a conversation that the assistant answers by email, threaded", async () => {
    const info = await client().sendMail({ from: "Ann Shopper <ann@example.com>", to: address, subject: "Do you ship to Canada?", text: "Hello, do you ship to Canada?", messageId: "<smtp-e2e-1@example.com>" });
    expect(info.accepted).toEqual([address]);
    const message = await db().message.findFirstOrThrow({ where: { externalId: "<smtp-e2e-1@example.com>" }, include: { conversation: true } });
    expect(message.conversation).toMatchObject({ channel: "email", subject: "Do you ship to Canada?", customerEmail: "ann@example.com", customerName: "Ann Shopper" });

    await drainJobs();
    const reply = await capture.next();
    expect(reply.envelope.to).toEqual(["ann@example.com"]);
    expect(reply.parsed.subject).toBe("Re: Do you ship to Canada?");
    expect(reply.parsed.inReplyTo).toBe("<smtp-e2e-1@example.com>");
    expect(reply.parsed.references).toBe("<smtp-e2e-1@example.com>");
    expect(reply.parsed.headers.get("auto-submitted")).toBe("auto-replied");
    expect(reply.parsed.messageId).toMatch(new RegExp(`^<conversation/${message.conversationId}/messages/[0-9a-f-]{36}@inbound\\.localhost>$`));
    const replyTo = reply.parsed.replyTo!.value[0]!.address!;
    expect(replyTo).toBe(`reply+${replyToken(message.conversationId)}@inbound.localhost`);

    // The shopper answers the AI's mail: it lands in the same conversation.
    await client().sendMail({ from: "ann@example.com", to: replyTo, subject: "Re: Do you ship to Canada?", text: "Great, thanks!\n\nOn Tue, Dokani wrote:\n> We do.", inReplyTo: reply.parsed.messageId, references: [reply.parsed.messageId!] });
    const second = await db().message.findFirstOrThrow({ where: { text: "Great, thanks!" } });
    expect(second.conversationId).toBe(message.conversationId);
  });

  it("refuses unknown recipients with 550 at RCPT TO", async () => {
    const error = await client()
      .sendMail({ from: "ann@example.com", to: "nobody@inbound.localhost", subject: "Hi", text: "Hi" })
      .then(() => null, (e: { responseCode?: number }) => e);
    expect(error?.responseCode).toBe(550);
    const elsewhere = await client()
      .sendMail({ from: "ann@example.com", to: "someone@gmail.com", subject: "Hi", text: "Hi" })
      .then(() => null, (e: { responseCode?: number }) => e);
    expect(elsewhere?.responseCode).toBe(550);
  });

  it("refuses a message over 15 MB with 552 and stores nothing", async () => {
    const before = await db().message.count();
    const error = await client()
      .sendMail({ from: "ann@example.com", to: address, subject: "Huge", text: "x".repeat(20 * 1024 * 1024) })
      .then(() => null, (e: { responseCode?: number }) => e);
    expect(error?.responseCode).toBe(552);
    expect(await db().message.count()).toBe(before);
  });

  it("stores a bounce (empty return path) and never answers it", async () => {
    const jobs = await db().jobOutbox.count({ where: { name: "conversations.answer" } });
    await client().sendMail({ envelope: { from: "", to: [address] }, from: "MAILER-DAEMON@mx.example.net", to: address, subject: "Undelivered Mail Returned to Sender", text: "Your message could not be delivered." });
    const bounce = await db().message.findFirstOrThrow({ where: { text: "Your message could not be delivered." } });
    expect((bounce.metadata as { email: { noise: string } }).email.noise).toBe("bounce");
    expect(await db().jobOutbox.count({ where: { name: "conversations.answer" } })).toBe(jobs);
  });
});
