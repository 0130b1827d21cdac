import { mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import en from "../../extensions/theme-chat-widget/locales/en.default.json";
import { FAKE_OPENAI_KEY, FakeOpenAI } from "../fakes/openai";
import { expectAccessible, launchChromium } from "../support/browser";
import { spawnDemo, type DemoProcess } from "../support/spawn-demo";
import { JOURNEY_TIMEOUT_MS, START_HOOK_TIMEOUT_MS, START_TIMEOUT_MS } from "../support/timeouts";

// Every step drives a real browser against a real server: bound a hang, not a busy machine.
vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS });

/**
 * The chat on the demo storefront, end to end, in a real Chromium against a real `npm run demo` on
 * an empty data folder. A shopper (one browser context) asks the help centre, checks an order,
 * starts a return and asks for a person; the merchant (another context) finds the chat in the
 * inbox, reads what the assistant did, answers, closes it and asks for a rating. Then the same
 * with a model: a fake OpenAI server calls the knowledge-base tool and streams its answer.
 */

const SHOTS = path.resolve("test-results");
const L = en.launcher;
const P = en.panel;
const MERCHANT = "Demo merchant";

function shoot(page: Page, name: string) {
  return page.screenshot({ path: path.join(SHOTS, `chat-${name}.png`), fullPage: false });
}

/**
 * React's development-build warning that a server-rendered hidden input carried a `style` attribute
 * the client did not render; seen now and then on a reloaded inbox conversation page and reported
 * rather than hidden anywhere else.
 */
const KNOWN_HYDRATION_WARNING = /^Warning: Extra attributes from the server: %s%s style/;

/** Page errors, console errors and answers of 500 or more, for one page, to be asserted empty. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !KNOWN_HYDRATION_WARNING.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 500) problems.push(`${response.status()} from ${response.request().method()} ${response.url()}`);
  });
  return problems;
}

/** The shopper's side: the widget on /demo, reached through its accessible names. */
function storefront(page: Page) {
  const dialog = page.getByRole("dialog", { name: L.label });
  const messages = page.getByTestId("dokani-chat-messages");
  const composer = page.getByRole("textbox", { name: P.message_label });
  return {
    launcher: page.getByRole("button", { name: L.label }),
    dialog,
    messages,
    composer,
    live: page.getByTestId("dokani-chat-live"),
    /** The shop's side's messages of one role, in order. */
    fromShop: (role: "ai" | "agent" | "system") => messages.locator(`[data-role=${role}]`),
    async open() {
      await this.launcher.click();
      await dialog.waitFor();
      await page.waitForFunction(() => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return active?.tagName === "TEXTAREA";
      });
    },
    /** Sends `text` and resolves with the reply the server streamed back (the `done` event's). */
    async send(text: string) {
      const answered = page.waitForResponse((r) => r.url().endsWith("/messages") && r.request().method() === "POST");
      await composer.fill(text);
      await composer.press("Enter");
      return replyOf(await answered);
    },
    async quick(name: string) {
      const answered = page.waitForResponse((r) => r.url().endsWith("/messages") && r.request().method() === "POST");
      await dialog.getByRole("button", { name }).click();
      return replyOf(await answered);
    },
  };
}

type Reply = { reply: { id: string; role: string; text: string; sources?: Array<{ title: string }> }; handedOff: boolean };

async function replyOf(response: import("playwright-core").Response): Promise<Reply> {
  expect(response.status()).toBe(200);
  const body = await response.text();
  const done = /event: done\ndata: (.+)\n/.exec(body)?.[1];
  expect(done, "the stream ends with a done event").toBeTruthy();
  return JSON.parse(done!) as Reply;
}

/** The stored chat session of this page's shop. */
async function storedSession(page: Page) {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith("dokani-chat:"));
    return key ? (JSON.parse(localStorage.getItem(key)!) as { id: string; token: string }) : null;
  });
}

/** The order /demo tells the shopper to try. */
async function sampleOrder(page: Page) {
  const strong = page.locator("#returns p strong");
  return { orderNumber: (await strong.nth(0).textContent())!, email: (await strong.nth(1).textContent())! };
}


describe("the chat journey on the demo storefront, without a model", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dokani-e2e-chat-"));
  let demo: DemoProcess;
  let browser: Browser;
  let shopperContext: BrowserContext;
  let merchantContext: BrowserContext;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [demo, browser] = await Promise.all([spawnDemo({ DOKANI_DATA_DIR: dataDir }, START_TIMEOUT_MS), launchChromium()]);
  }, START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    if (demo?.child.exitCode === null) await demo.stop();
  });

  it("answers from the help centre, checks an order, starts a return and hands off; the merchant answers, closes and gets a rating", async () => {
    shopperContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    merchantContext = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: "en-US" });
    const shopperPage = await shopperContext.newPage();
    const merchant = await merchantContext.newPage();
    const shopperProblems = watch(shopperPage);
    const merchantProblems = watch(merchant);
    const shopper = storefront(shopperPage);

    // The merchant keeps the inbox open; a new chat appears in it without a reload.
    await merchant.goto(`${demo.url}/app/conversations`);
    await merchant.getByRole("heading", { name: "Conversations" }).first().waitFor();

    // Step 1: a question the help centre answers, quoted with its article.
    await shopperPage.goto(`${demo.url}/demo`);
    const { orderNumber, email } = await sampleOrder(shopperPage);
    await shopper.open();
    await shopper.messages.getByText(P.greeting).waitFor();
    await expectAccessible(shopperPage, "open widget");
    await shoot(shopperPage, "01-open");

    // A policy question is answered from the active policy, with the article that agrees with it, then a return is offered.
    const question = await shopper.send("What is the return window for swimwear?");
    expect(question.reply.role).toBe("ai");
    expect(question.reply.sources?.map((s) => s.title)).toEqual(["Swimwear returns"]);
    expect(question.reply.text).toMatch(/^Swimwear: \*\*14 days from delivery\*\*\./);
    expect(question.reply.text).toContain("Would you like to start a return?");
    const answer = shopper.fromShop("ai").last();
    // The Markdown is rendered: the figure in bold, no asterisks shown.
    await answer.locator("strong").getByText("14 days from delivery", { exact: true }).waitFor();
    expect(await answer.locator(".dk-text").textContent()).not.toContain("**");
    expect(await answer.locator(".dk-source").textContent()).toBe(P.source.replace("{title}", "Swimwear returns"));
    await shopper.live.getByText(/^Assistant: Swimwear: 14 days from delivery/).waitFor();
    const session = (await storedSession(shopperPage))!;
    expect(session.id).toBeTruthy();
    await shoot(shopperPage, "02-knowledge-answer");

    // The chat shows up in the merchant's open inbox, newest first.
    const row = merchant.locator(`a[href="/app/conversations/${session.id}"]`);
    await row.waitFor();
    await shoot(merchant, "03-inbox");

    // Step 2: the order's status through the guided flow: order number, then email.
    expect((await shopper.quick(P.quick_track)).reply.text).toMatch(/order number/i);
    expect((await shopper.send(orderNumber)).reply.text).toContain(`email address you used for order ${orderNumber}`);
    const status = await shopper.send(email);
    expect(status.reply.text).toMatch(new RegExp(`^Order ${orderNumber} was placed on \\w+ \\d{1,2}, \\d{4}\\.`));
    await shopper.fromShop("ai").last().getByText(`Order ${orderNumber} was placed on`, { exact: false }).waitFor();
    await shoot(shopperPage, "04-order-status");

    // Step 3: a return of one item, decided by the policy engine.
    const items = await shopper.quick(P.quick_return);
    expect(items.reply.text).toContain(`These items of ${orderNumber} can be returned:`);
    const firstItem = /\n1\. ([^\n]+)/.exec(items.reply.text)?.[1];
    expect(firstItem, "the sample order has a returnable item").toBeTruthy();
    expect((await shopper.send("1")).reply.text).toContain("Why are you returning this item?");
    const resolutions = await shopper.send("2"); // Too large
    expect(resolutions.reply.text).toMatch(/^Would you like 1\. /);
    // Nothing is requested before the shopper confirms a summary naming the order; "Yes" is a button to tap.
    const summary = await shopper.send("1");
    expect(summary.reply.text).toContain(`Here is the return I'll request for order ${orderNumber}:`);
    expect(summary.reply.text).toMatch(/Resolution: a refund\nEstimate: \d+\.\d{2} USD/);
    await shopper.fromShop("ai").last().getByRole("button", { name: "Yes", exact: true }).waitFor();
    const decision = await shopper.quick("Yes");
    expect(decision.reply.text).toMatch(new RegExp(`^Your return request for ${orderNumber} is (approved|declined|waiting for a review by the team)\\. \\S`));
    await shopper.fromShop("ai").last().getByText(`Your return request for ${orderNumber}`, { exact: false }).waitFor();
    await shoot(shopperPage, "05-return-decision");

    // Step 4: a person, please.
    const handoff = await shopper.quick(P.quick_person);
    expect(handoff.handedOff).toBe(true);
    await shopper.dialog.getByText(P.status_waiting).first().waitFor();
    // The shop's hand-off notice shows once (the widget's stand-in gives way to it) and is announced.
    await shopper.fromShop("system").getByText(/will answer here as soon as they can/).waitFor();
    expect(await shopper.fromShop("system").count()).toBe(1);
    await shopper.live.getByText(/will answer here as soon as they can/).waitFor();
    await expectAccessible(shopperPage, "handed off");
    await shoot(shopperPage, "06-handed-off");

    // The merchant opens the conversation: the transcript with the assistant's tools and sources.
    await row.click();
    await merchant.waitForURL(`**/app/conversations/${session.id}`);
    const transcript = merchant.getByRole("list", { name: "Messages" });
    await transcript.getByText("What is the return window for swimwear?", { exact: true }).waitFor();
    await transcript.getByText("Sources: Swimwear returns").waitFor();
    await transcript.getByText("Tools used (1): return_policy").waitFor();
    await transcript.getByText(/Tools used \(\d\): lookup_order/).waitFor();
    // The return summary and the confirmed return each ran start_return.
    await transcript.getByText(/Tools used \(\d\): .*start_return/).last().waitFor();
    expect(await transcript.getByText(/Tools used \(\d\): .*start_return/).count()).toBe(2);
    const lookupTools = transcript.locator("details").filter({ hasText: /Tools used \(\d\): lookup_order/ });
    await lookupTools.locator("summary").click();
    await lookupTools.locator("pre").filter({ hasText: email.toLowerCase() }).first().waitFor();
    await lookupTools.locator("pre").getByText(`verified ${orderNumber}`, { exact: true }).waitFor();
    expect(await transcript.getByText("Not recorded").count()).toBe(0);
    await expectAccessible(merchant, "inbox conversation");
    await shoot(merchant, "07-inbox-conversation");

    // The merchant replies; the shopper sees it arrive in the open widget and hears it announced.
    const replyText = `Hi, this is the team. Your return for ${firstItem} is noted; the label follows by email.`;
    await merchant.getByRole("textbox", { name: "Reply" }).fill(replyText);
    await merchant.getByRole("button", { name: "Send reply" }).click();
    await transcript.getByText(replyText, { exact: true }).waitFor();
    const fromMerchant = shopper.fromShop("agent").filter({ hasText: replyText });
    await fromMerchant.waitFor();
    expect(await fromMerchant.locator(".dk-who").textContent()).toBe(MERCHANT);
    await shopper.live.getByText(`${MERCHANT}: ${replyText}`).waitFor();
    await shopper.dialog.getByText(P.status_agent.replace("{name}", MERCHANT)).waitFor();
    await shoot(shopperPage, "08-merchant-reply");

    // The merchant closes and asks for a rating; the shopper gives one; the inbox shows it.
    expect(await merchant.getByRole("checkbox", { name: "Ask the shopper to rate this conversation" }).isChecked()).toBe(true);
    await merchant.getByRole("button", { name: "Close conversation" }).click();
    await merchant.getByRole("button", { name: "Reopen conversation" }).waitFor();
    const rating = shopper.dialog.getByRole("group", { name: P.rating_group });
    await rating.waitFor();
    await expectAccessible(shopperPage, "rating request");
    const rated = shopperPage.waitForResponse((r) => r.url().endsWith("/satisfaction"));
    await rating.getByRole("button", { name: P.rating_option.replace("{rating}", "4") }).click();
    expect((await rated).status()).toBe(200);
    await shopper.messages.getByText(P.rating_thanks, { exact: true }).waitFor();
    await shopper.live.getByText(P.rating_thanks).waitFor();
    await shoot(shopperPage, "09-rated");

    await merchant.reload();
    await merchant.getByText("4 / 5").waitFor();
    await shoot(merchant, "10-inbox-rated");

    // A reload of the storefront brings the conversation back into the widget.
    await shopperPage.reload();
    await shopper.open();
    for (const text of ["What is the return window for swimwear?", email, replyText]) await shopper.messages.getByText(text, { exact: true }).first().waitFor();
    await shopper.fromShop("ai").filter({ hasText: `Your return request for ${orderNumber}` }).waitFor();
    expect(await shopper.messages.getByText(replyText).count()).toBe(1);
    expect((await storedSession(shopperPage))?.id).toBe(session.id);
    await expectAccessible(shopperPage, "restored conversation");
    await shoot(shopperPage, "11-restored");

    expect(shopperProblems).toEqual([]);
    expect(merchantProblems).toEqual([]);
    await shopperContext.close();
    await merchantContext.close();
  }, JOURNEY_TIMEOUT_MS);
});

describe("the chat journey on the demo storefront, with a model", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dokani-e2e-chat-ai-"));
  const openai = new FakeOpenAI();
  let demo: DemoProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const base = await openai.start();
    [demo, browser] = await Promise.all([spawnDemo({ DOKANI_DATA_DIR: dataDir, OPENAI_API_KEY: FAKE_OPENAI_KEY, OPENAI_BASE_URL: base }, START_TIMEOUT_MS), launchChromium()]);
  }, START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    if (demo?.child.exitCode === null) await demo.stop();
    await openai.stop();
  });

  it("streams the model's answer into the widget, and the inbox shows the tool it called", async () => {
    const shopperContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    const merchantContext = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: "en-US" });
    const shopperPage = await shopperContext.newPage();
    const merchant = await merchantContext.newPage();
    const shopperProblems = watch(shopperPage);
    const merchantProblems = watch(merchant);
    const shopper = storefront(shopperPage);

    let release!: () => void;
    const rest = new Promise<void>((resolve) => (release = resolve));
    const answer =
      "Standard shipping is $6.95 and free on orders of $75 or more; it takes 3 to 5 business days after dispatch. Express costs $14.95 and takes 1 to 2 business days.";
    openai.enqueue({ toolCalls: [{ name: "search_knowledge_base", arguments: { query: "express shipping cost" } }] }, { text: answer, pieces: 2, hold: rest });

    await shopperPage.goto(`${demo.url}/demo`);
    await shopper.open();
    await shopper.composer.fill("How much is express shipping?");
    await shopper.composer.press("Enter");

    // The first piece shows in a growing bubble while the rest is still on its way (Dokani holds back
    // the last 40 characters it has, to check for a leaked prompt, so the first of two pieces shows in part).
    const streaming = shopper.messages.locator(".dk-live");
    await streaming.getByText(/^Standard shipping/).waitFor();
    const partial = (await streaming.locator(".dk-text").textContent()) ?? "";
    expect(answer.startsWith(partial), partial).toBe(true);
    expect(partial.length).toBeLessThan(answer.length);
    expect(await shopper.live.textContent()).toBe("");
    await shoot(shopperPage, "12-model-streaming");
    release();
    const final = shopper.fromShop("ai").filter({ hasText: answer });
    await final.waitFor();
    // With a model the demo's articles get embeddings, and hybrid search may cite a related article after the best one.
    expect(await final.locator(".dk-source").first().textContent()).toBe(P.source.replace("{title}", "Shipping times and costs"));
    await shopper.live.getByText(`${P.assistant}: ${answer}`).waitFor();
    await expectAccessible(shopperPage, "model answer");
    await shoot(shopperPage, "13-model-answer");

    // The model was asked twice: once with the tools, once with the tool's passages.
    expect(openai.requests).toHaveLength(2);
    expect(openai.requests[0]!.tools?.map((t) => t.function.name)).toContain("search_knowledge_base");
    const toolMessage = openai.requests[1]!.messages.find((m) => m.role === "tool");
    expect(String(toolMessage?.content)).toContain("Express");

    // The inbox records the tool call on the AI message.
    const session = (await storedSession(shopperPage))!;
    await merchant.goto(`${demo.url}/app/conversations/${session.id}`);
    const transcript = merchant.getByRole("list", { name: "Messages" });
    await transcript.getByText(answer, { exact: true }).waitFor();
    const tools = transcript.locator("details").filter({ hasText: "Tools used (1): search_knowledge_base" });
    await tools.locator("summary").click();
    await tools.locator("pre").filter({ hasText: "express shipping cost" }).waitFor();
    await tools.locator("pre").getByText(/^\d+ passages from .*Shipping times and costs/).waitFor();
    await transcript.getByText("Sources: Shipping times and costs").waitFor();
    await expectAccessible(merchant, "inbox conversation with a model's tool call");
    await shoot(merchant, "14-model-inbox");

    expect(shopperProblems).toEqual([]);
    expect(merchantProblems).toEqual([]);
    await shopperContext.close();
    await merchantContext.close();
  }, JOURNEY_TIMEOUT_MS);
});
