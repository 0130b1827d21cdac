import { mkdirSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { expectAccessible, launchChromium } from "../support/browser";
import { spawnDemo, type DemoProcess } from "../support/spawn-demo";
import { JOURNEY_TIMEOUT_MS, START_HOOK_TIMEOUT_MS, START_TIMEOUT_MS } from "../support/timeouts";

vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS });
const NAVIGATION = { timeout: 30_000 };

/**
 * One inbox for every channel, in a real Chromium against a real `npm run demo`: a shopper's email
 * reaches the shop's inbound address through the demo's SMTP receiver and the merchant answers it by
 * email; a shopper writes on WhatsApp from the demo's phone simulator and the merchant's reply
 * reaches the phone with its delivery ticks; the contacts and automation pages pass axe-core. Any
 * page error, console error or 5xx fails the test that met it. Screenshots go to test-results/inbox-*.png.
 */

const SHOTS = path.resolve("test-results");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function watchedPage(context: BrowserContext) {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error on ${page.url()}: ${message.text()} (${message.location().url})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 500) problems.push(`${response.status()} from ${response.request().method()} ${response.url()}`);
  });
  return { page, problems };
}

async function open(page: Page, url: string) {
  const response = await page.goto(url, { waitUntil: "networkidle" });
  expect(response?.status(), url).toBe(200);
  await page.locator("h1").first().waitFor();
}

describe("the inbox across channels on the demo", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dokani-e2e-inbox-"));
  let demo: DemoProcess;
  let browser: Browser;
  let context: BrowserContext;
  let smtpPort: number;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    smtpPort = await freePort();
    [demo, browser] = await Promise.all([spawnDemo({ DOKANI_DATA_DIR: dataDir, DOKANI_SMTP_PORT: String(smtpPort) }, START_TIMEOUT_MS), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  }, START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    if (demo?.child.exitCode === null) await demo.stop();
  });

  it("an email to the shop's inbound address lands in the inbox, and the merchant's answer goes out by email in the same thread", async () => {
    const { page, problems } = await watchedPage(context);
    const subject = `Parcel to Lyon ${Date.now().toString(36)}`;
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtpPort, secure: false, ignoreTLS: true });
    const sent = await transport.sendMail({ from: "Camille Martin <camille@example.com>", to: "dokani-demo@inbound.localhost", subject, text: "Hello, has my parcel left the warehouse yet?\n\nCamille" });
    expect(sent.rejected).toEqual([]);

    // The inbox filtered to email shows the new thread by its subject; it opens as an email conversation.
    await open(page, `${demo.url}/app/conversations?status=all&channel=email`);
    const row = page.getByRole("row").filter({ hasText: subject });
    await expect.poll(async () => {
      if ((await row.count()) === 0) await page.reload({ waitUntil: "networkidle" });
      return row.count();
    }, NAVIGATION).toBe(1);
    await row.getByRole("link").first().click();
    await page.waitForURL(/\/app\/conversations\/[0-9a-f-]{36}$/);
    await page.getByText("Hello, has my parcel left the warehouse yet?").first().waitFor();
    await expectAccessible(page, "an email conversation", { settle: true });

    // The composer says it sends an email to the shopper's address, and does.
    await page.getByRole("button", { name: "Reply to shopper" }).click();
    await page.getByLabel("Reply by email").fill("It left this morning: you will have it on Thursday.");
    await page.getByText("Sends an email to camille@example.com").waitFor();
    await page.getByRole("button", { name: "Send email" }).click();
    await page.getByText("It left this morning: you will have it on Thursday.").first().waitFor(NAVIGATION);
    await page.screenshot({ path: path.join(SHOTS, "inbox-1-email-conversation.png"), fullPage: true });

    // Without SMTP_URL the demo keeps outgoing mail on the "Emails to shoppers" page: the answer is
    // there, to the shopper, replying to their subject.
    await expect
      .poll(async () => {
        await open(page, `${demo.url}/app/mail`);
        return page.getByText(`Re: ${subject}`).count();
      }, NAVIGATION)
      .toBeGreaterThan(0);
    await page.getByText("camille@example.com").first().waitFor();

    expect(problems).toEqual([]);
    await page.close();
  });

  it("a WhatsApp message from the demo phone reaches the inbox, and the merchant's reply reaches the phone with its ticks", async () => {
    const { page: phone, problems } = await watchedPage(context);
    await open(phone, `${demo.url}/demo/whatsapp`);
    await phone.getByRole("button", { name: /Connect the demo shop/ }).click();
    const input = phone.getByRole("textbox", { name: "Message" });
    await phone.locator("#phone-text:not([disabled])").waitFor(NAVIGATION);
    await expectAccessible(phone, "the WhatsApp phone simulator", { settle: true });
    await input.fill("Hi, can I still exchange the jacket I bought?");
    await phone.getByRole("button", { name: "Send", exact: true }).click();
    const thread = phone.getByRole("list", { name: "Messages" });
    await thread.getByText("Hi, can I still exchange the jacket I bought?").waitFor(NAVIGATION);

    // The simulator links to the conversation it started; the merchant sees WhatsApp's window.
    const inboxLink = phone.getByRole("link", { name: "merchant inbox" });
    await expect.poll(async () => {
      await phone.reload({ waitUntil: "networkidle" });
      return (await inboxLink.getAttribute("href")) ?? "";
    }, NAVIGATION).toMatch(/^\/app\/conversations\/[0-9a-f-]{36}$/);
    const { page: merchant, problems: merchantProblems } = await watchedPage(context);
    await open(merchant, `${demo.url}${await inboxLink.getAttribute("href")}`);
    await merchant.getByText("Hi, can I still exchange the jacket I bought?").first().waitFor();
    await merchant.getByText(/WhatsApp window open: \d+ h \d+ min left/).waitFor();
    await expectAccessible(merchant, "a WhatsApp conversation", { settle: true });

    await merchant.getByRole("button", { name: "Reply to shopper" }).click();
    await merchant.getByLabel("Reply", { exact: true }).fill("Yes, within 30 days: pick the new size in the returns portal.");
    await merchant.getByRole("button", { name: "Send reply" }).click();
    await merchant.getByText("Yes, within 30 days: pick the new size in the returns portal.").first().waitFor(NAVIGATION);
    await merchant.screenshot({ path: path.join(SHOTS, "inbox-2-whatsapp-conversation.png"), fullPage: true });

    // The reply arrives on the phone through the Twilio SDK, and the status callbacks tick it.
    const reply = thread.locator("li").filter({ hasText: "Yes, within 30 days: pick the new size in the returns portal." });
    await expect.poll(async () => {
      await phone.reload({ waitUntil: "networkidle" });
      return reply.count();
    }, NAVIGATION).toBe(1);
    await expect.poll(async () => {
      await phone.reload({ waitUntil: "networkidle" });
      return (await reply.innerText()).split("\n").pop()!.trim();
    }, NAVIGATION).not.toMatch(/queued|failed/);
    await phone.screenshot({ path: path.join(SHOTS, "inbox-3-whatsapp-phone.png"), fullPage: true });

    expect([...problems, ...merchantProblems]).toEqual([]);
    await merchant.close();
    await phone.close();
  });

  it("has no serious or critical accessibility violation, page error or server error on the contacts and automation pages", async () => {
    const { page, problems } = await watchedPage(context);
    const visit = async (pathname: string, step: string) => {
      await open(page, `${demo.url}${pathname}`);
      await expectAccessible(page, step, { settle: true });
    };
    await visit("/app/contacts", "contacts");
    const contact = await page.locator('a[href^="/app/contacts/"]').first().getAttribute("href");
    expect(contact, "a link to a contact").toMatch(/^\/app\/contacts\/[0-9a-f-]{36}$/);
    await visit(contact!, "a contact");
    await visit("/app/automation", "automation");
    await visit("/app/automation/webhooks", "outgoing webhooks");
    expect(problems).toEqual([]);
    await page.close();
  });
});
