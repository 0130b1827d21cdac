import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { expectAccessible, launchChromium } from "../support/browser";
import { solidPng } from "../support/images";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { parseEnv, resetEnv } from "../../app/.server/env.server";
import { loader as assetLoader } from "../../app/routes/demo.assets.$file";
import en from "../../extensions/theme-chat-widget/locales/en.default.json";
import type { MessageView } from "../../extensions/theme-chat-widget/src/types";
import { JOURNEY_TIMEOUT_MS } from "../support/timeouts";

// Every step drives a real browser against a real server: bound a hang, not a busy machine.
vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS });

/**
 * The storefront chat widget in a real Chromium: a small storefront page loads the built launcher
 * from extensions/theme-chat-widget/assets/, and a fake chat API written here answers the chat
 * contract (sessions, streamed replies, the events stream with Last-Event-ID replay, photos,
 * ratings) so each test can drive what the shop's side does and when.
 */

const ASSETS = path.resolve("extensions/theme-chat-widget/assets");
const SHOTS = path.resolve("test-results");
const SHOP = "test-shop.myshopify.com";
const P = en.panel;
const GREETING = "Welcome to Test Shop! Ask us anything.";

/** A promise with its resolve exposed. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

type FakeSession = { id: string; token: string; messages: MessageView[]; streams: Set<ServerResponse> };
type Logged = { method: string; path: string; headers: IncomingMessage["headers"]; body: string };

/** The chat contract, in memory, with handles for the test to act as the shop's side. */
class FakeChatApi {
  readonly sessions = new Map<string, FakeSession>();
  readonly log: Logged[] = [];
  readonly ratings: number[] = [];
  readonly uploads = new Map<string, Buffer>();
  /** When set, a streamed reply waits for `release("first")` before its first piece and `release("rest")` before the others. */
  holdReplies = false;
  /** Answers the next message with 429 and this Retry-After. */
  rateLimitNext: number | null = null;
  /** Answers every events request with 503. */
  eventsDown = false;
  private gates = new Map<string, ReturnType<typeof deferred>>();
  private server: Server;
  url = "";

  constructor() {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
  }

  async listen() {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close() {
    for (const session of this.sessions.values()) for (const stream of session.streams) stream.end();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  reset() {
    this.sessions.clear();
    this.log.length = 0;
    this.ratings.length = 0;
    this.holdReplies = false;
    this.rateLimitNext = null;
    this.eventsDown = false;
    this.gates.clear();
  }

  private gate(name: string) {
    if (!this.gates.has(name)) this.gates.set(name, deferred());
    return this.gates.get(name)!.promise;
  }

  release(name: string) {
    if (!this.gates.has(name)) this.gates.set(name, deferred());
    this.gates.get(name)!.resolve();
  }

  /** Requests to the chat API (not the page or its assets). */
  chatRequests() {
    return this.log.filter((r) => r.path.startsWith("/apps/dokani/"));
  }

  only(): FakeSession {
    expect(this.sessions.size).toBe(1);
    return [...this.sessions.values()][0]!;
  }

  /** A message from the shop's side, delivered to every open events stream (and kept for replay). */
  push(session: FakeSession, message: Omit<MessageView, "id" | "createdAt">): MessageView {
    const full = { id: randomUUID(), createdAt: new Date().toISOString(), ...message } as MessageView;
    session.messages.push(full);
    for (const stream of session.streams) stream.write(`id: ${full.id}\nevent: message\ndata: ${JSON.stringify(full)}\n\n`);
    return full;
  }

  pushState(session: FakeSession, state: { status: string; aiActive: boolean; agentName: string | null }) {
    for (const stream of session.streams) stream.write(`event: state\ndata: ${JSON.stringify(state)}\n\n`);
  }

  /** Ends every open events stream, as a proxy or a network drop would. */
  drop(session: FakeSession) {
    for (const stream of session.streams) stream.end();
    session.streams.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://x");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    this.log.push({ method: req.method ?? "GET", path: url.pathname, headers: req.headers, body: raw.toString("latin1") });

    if (url.pathname === "/") return this.page(res, url.searchParams);
    if (url.pathname === "/favicon.ico") return res.writeHead(204).end();
    if (url.pathname.startsWith("/assets/")) {
      const file = path.basename(url.pathname);
      const body = await readFile(path.join(ASSETS, file)).catch(() => null);
      if (!body) return res.writeHead(404).end();
      return res.writeHead(200, { "Content-Type": file.endsWith(".css") ? "text/css" : "text/javascript" }).end(body);
    }
    if (url.pathname.startsWith("/uploads/")) {
      const body = this.uploads.get(path.basename(url.pathname, ".png"));
      return body ? res.writeHead(200, { "Content-Type": "image/png" }).end(body) : res.writeHead(404).end();
    }
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { "Content-Type": "application/json", ...headers }).end(JSON.stringify(body));

    if (req.method === "POST" && url.pathname === "/apps/dokani/chat/sessions") {
      const session: FakeSession = { id: randomUUID(), token: `tok_${randomUUID()}`, messages: [], streams: new Set() };
      this.sessions.set(session.id, session);
      session.messages.push({ id: randomUUID(), role: "ai", text: GREETING, createdAt: new Date().toISOString() });
      return json(201, { session: { id: session.id, token: session.token }, greeting: GREETING });
    }
    const match = /^\/apps\/dokani\/chat\/sessions\/([^/]+)\/(messages|events|attachments|satisfaction)$/.exec(url.pathname);
    if (!match) return json(404, { error: { code: "not_found", message: "Not found" } });
    const session = this.sessions.get(decodeURIComponent(match[1]!));
    if (!session) return json(404, { error: { code: "not_found", message: "No such conversation" } });
    if (req.headers.authorization !== `Bearer ${session.token}`) return json(401, { error: { code: "invalid_token", message: "Invalid token" } });

    const resource = match[2];
    if (resource === "messages" && req.method === "GET") return json(200, { messages: session.messages });
    if (resource === "messages" && req.method === "POST") return this.reply(session, JSON.parse(raw.toString("utf8")), req, res, json);
    if (resource === "events" && this.eventsDown) return json(503, { error: { code: "unavailable", message: "Try again later" } });
    if (resource === "events") {
      res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store" });
      res.write(": connected\n\n");
      const last = req.headers["last-event-id"];
      const from = typeof last === "string" ? session.messages.findIndex((m) => m.id === last) : -1;
      if (from >= 0) {
        for (const missed of session.messages.slice(from + 1).filter((m) => m.role === "agent" || m.role === "system")) {
          res.write(`id: ${missed.id}\nevent: message\ndata: ${JSON.stringify(missed)}\n\n`);
        }
      }
      session.streams.add(res);
      req.on("close", () => session.streams.delete(res));
      return;
    }
    if (resource === "attachments") {
      const boundary = /boundary=(.+)$/.exec(req.headers["content-type"] ?? "")?.[1];
      const text = raw.toString("latin1");
      const part = text.indexOf('name="file"');
      if (!boundary || part < 0) return json(400, { error: { code: "invalid_request", message: "No file" } });
      const start = text.indexOf("\r\n\r\n", part) + 4;
      const end = text.lastIndexOf(`\r\n--${boundary}`);
      const bytes = raw.subarray(start, end);
      if (!bytes.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))) return json(415, { error: { code: "unsupported_media_type", message: "Not an image" } });
      const id = randomUUID();
      this.uploads.set(id, bytes);
      return json(201, { attachment: { id, url: `/uploads/${id}.png` } });
    }
    if (resource === "satisfaction") {
      this.ratings.push((JSON.parse(raw.toString("utf8")) as { rating: number }).rating);
      return json(200, { ok: true });
    }
    return json(405, { error: { code: "method_not_allowed", message: "Method not allowed" } });
  }

  private async reply(
    session: FakeSession,
    body: { text: string; attachmentIds?: string[] },
    req: IncomingMessage,
    res: ServerResponse,
    json: (status: number, body: unknown, headers?: Record<string, string>) => void,
  ) {
    if (this.rateLimitNext !== null) {
      const seconds = this.rateLimitNext;
      this.rateLimitNext = null;
      return json(429, { error: { code: "rate_limited", message: "Slow down" } }, { "Retry-After": String(seconds) });
    }
    const attachments = (body.attachmentIds ?? []).map((id) => ({ id, url: `/uploads/${id}.png` }));
    session.messages.push({ id: randomUUID(), role: "customer", text: body.text, createdAt: new Date().toISOString(), ...(attachments.length ? { attachments } : {}) });
    const answer = /order/i.test(body.text) ? ["Orders ship ", "within 2 business days", "."] : ["Thanks, ", "we are on it."];
    const reply: MessageView = {
      id: randomUUID(),
      role: "ai",
      text: answer.join(""),
      createdAt: new Date().toISOString(),
      sources: /order/i.test(body.text) ? [{ title: "Shipping times", articleId: "a1" }] : [],
    };
    if (!String(req.headers.accept).includes("text/event-stream")) {
      session.messages.push(reply);
      return json(200, { reply, handedOff: false });
    }
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store" });
    const hold = this.holdReplies;
    if (hold) await this.gate("first");
    res.write(`event: delta\ndata: ${JSON.stringify({ text: answer[0] })}\n\n`);
    if (hold) await this.gate("rest");
    for (const piece of answer.slice(1)) res.write(`event: delta\ndata: ${JSON.stringify({ text: piece })}\n\n`);
    session.messages.push(reply);
    res.end(`event: done\ndata: ${JSON.stringify({ reply, handedOff: false })}\n\n`);
  }

  /** A storefront page as a theme with the app embed renders it: the widget element and the launcher script. */
  private page(res: ServerResponse, query: URLSearchParams) {
    const attr = (name: string, fallback: string) => (query.get(name) ?? fallback).replace(/[^\w#-]/g, "");
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Test Shop</title>
<script src="/assets/dokani-chat-launcher.js" defer></script></head>
<body style="margin:0;font-family:Georgia,serif">
<main style="padding:2rem"><h1>Test Shop</h1><p>Linen shirts and summer dresses.</p><p><a href="#top">Back to top</a></p></main>
<div id="dokani-chat-widget" data-dokani-chat data-proxy-base="/apps/dokani" data-shop="${SHOP}" data-locale="${attr("locale", "en")}"
  data-accent="${attr("accent", "#ffd400")}" data-position="${attr("position", "right")}"
  data-panel-src="/assets/dokani-chat-panel.js" data-panel-css="/assets/dokani-chat-panel.css"></div>
</body></html>`);
  }
}

/** The element that has focus, looking inside shadow roots: its accessible label, id or tag. */
function focused(page: Page) {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active) return null;
    return { label: active.getAttribute("aria-label"), id: active.id, tag: active.tagName.toLowerCase(), inDialog: Boolean(active.closest("[role=dialog]")) };
  });
}

/** Resolves once the page's main thread has gone idle, when the launcher would do any deferred work. */
function idle(page: Page) {
  return page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 5000 })));
}

describe("storefront chat widget", () => {
  const fake = new FakeChatApi();
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [browser] = await Promise.all([launchChromium(), fake.listen()]);
  }, JOURNEY_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await fake.close();
  });

  beforeEach(async () => {
    fake.reset();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    page = await context.newPage();
    consoleErrors = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    await page.addInitScript(() => {
      const w = window as unknown as { __shift: number };
      w.__shift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as Array<{ value: number }>) w.__shift += entry.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
  });
  afterEach(async () => {
    await context.close();
  });

  const launcher = () => page.getByRole("button", { name: en.launcher.label });
  const dialog = () => page.getByRole("dialog", { name: en.launcher.label });
  const messages = () => page.getByTestId("dokani-chat-messages");
  const composer = () => page.getByRole("textbox", { name: P.message_label });
  const liveRegion = () => page.getByTestId("dokani-chat-live");

  async function openChat() {
    await launcher().click();
    await dialog().waitFor();
    await page.waitForFunction(() => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active?.tagName === "TEXTAREA";
    });
  }

  it("loads only the launcher until opened, shifts nothing, and is a keyboard-friendly modal dialog", async () => {
    await page.goto(fake.url);
    await launcher().waitFor();
    await idle(page);

    // Before the click: one small script, no chat API, no panel.
    const fetched = fake.log.map((r) => r.path).filter((p) => p !== "/favicon.ico");
    expect(fetched).toEqual(["/", "/assets/dokani-chat-launcher.js"]);
    expect(await launcher().getAttribute("aria-expanded")).toBe("false");
    const controls = await launcher().getAttribute("aria-controls");
    expect(await page.locator(`#${controls}`).count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __shift: number }).__shift)).toBe(0);
    // A light accent gets black text, which reads on it; the button is fixed and reserves its size.
    const style = await launcher().evaluate((b) => {
      const s = getComputedStyle(b);
      return { color: s.color, background: s.backgroundColor, position: s.position, width: s.width, height: s.height };
    });
    expect(style).toEqual({ color: "rgb(0, 0, 0)", background: "rgb(255, 212, 0)", position: "fixed", width: "56px", height: "56px" });

    // Opening loads the panel, moves focus into it, and still asks the chat API nothing until the shopper writes.
    await openChat();
    expect(fake.log.map((r) => r.path)).toEqual(expect.arrayContaining(["/assets/dokani-chat-panel.js", "/assets/dokani-chat-panel.css"]));
    expect(fake.chatRequests()).toEqual([]);
    expect(await launcher().getAttribute("aria-expanded")).toBe("true");
    expect(await dialog().getAttribute("aria-modal")).toBe("true");
    expect(await page.evaluate(() => (window as unknown as { __shift: number }).__shift)).toBe(0);
    await messages().getByText(P.greeting).waitFor();
    await expectAccessible(page, "open panel");

    // Tab and Shift+Tab go round the dialog's controls and never leave it.
    expect(await focused(page)).toMatchObject({ tag: "textarea", inDialog: true });
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ label: P.send, inDialog: true });
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ label: P.close, inDialog: true });
    await page.keyboard.press("Shift+Tab");
    expect(await focused(page)).toMatchObject({ label: P.send, inDialog: true });
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      expect((await focused(page))?.inDialog, `Tab ${i + 1} stays in the dialog`).toBe(true);
    }

    // Escape closes and gives focus back to the launcher.
    await page.keyboard.press("Escape");
    await dialog().waitFor({ state: "hidden" });
    expect(await focused(page)).toMatchObject({ label: en.launcher.label, inDialog: false });
    expect(await launcher().getAttribute("aria-expanded")).toBe("false");
    // The launcher's own keyboard use: Enter opens again, the close button closes.
    await page.keyboard.press("Enter");
    await dialog().waitFor();
    await dialog().getByRole("button", { name: P.close }).click();
    await dialog().waitFor({ state: "hidden" });
    expect(fake.chatRequests()).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it("streams a reply with a typing indicator, then shows a person's messages live, through a dropped connection, and a rating", async () => {
    await page.goto(fake.url);
    await openChat();
    fake.holdReplies = true;
    await composer().fill("Where is my order?");
    await composer().press("Enter");

    // The shopper's message shows at once; the typing indicator while the answer is on its way.
    await messages().locator("[data-role=customer]").getByText("Where is my order?").waitFor();
    expect(await composer().inputValue()).toBe("");
    const typing = page.getByTestId("dokani-chat-typing");
    await typing.waitFor({ state: "visible" });
    const postedMessage = () => fake.log.find((r) => r.method === "POST" && r.path.endsWith("/messages"));
    await expect.poll(postedMessage).toBeDefined();
    const session = fake.only();
    const sent = postedMessage()!;
    expect(sent.headers.authorization).toBe(`Bearer ${session.token}`);
    expect(sent.headers.accept).toBe("text/event-stream");
    expect(JSON.parse(sent.body)).toEqual({ text: "Where is my order?" });

    // The first piece replaces the indicator with a bubble that grows as the rest arrives.
    fake.release("first");
    const streaming = messages().locator(".dk-live");
    await streaming.getByText("Orders ship", { exact: true }).waitFor();
    await typing.waitFor({ state: "hidden" });
    expect(await liveRegion().textContent()).toBe("");
    fake.release("rest");
    const reply = messages().locator("[data-role=ai]").filter({ hasText: "Orders ship within 2 business days." });
    await reply.waitFor();
    expect(await reply.locator(".dk-source").textContent()).toBe("From: Shipping times");
    await liveRegion().getByText("Assistant: Orders ship within 2 business days.").waitFor();
    expect(await liveRegion().locator("p").count()).toBe(1);

    // A person takes over: their message and state arrive on the events stream and are announced once.
    await expect.poll(() => session.streams.size).toBe(1);
    fake.pushState(session, { status: "open", aiActive: false, agentName: "Maya" });
    await dialog().getByText("Maya is here to help").waitFor();
    const hello = fake.push(session, { role: "agent", authorName: "Maya", text: "Hi, I'm Maya. Your parcel is with the carrier." });
    const agent = messages().locator("[data-role=agent]").filter({ hasText: hello.text });
    await agent.waitFor();
    expect(await agent.locator(".dk-who").textContent()).toBe("Maya");
    await liveRegion().getByText(`Maya: ${hello.text}`).waitFor();

    // The stream drops; a message sent meanwhile comes back on reconnection through Last-Event-ID.
    const eventsBefore = fake.log.filter((r) => r.path.endsWith("/events")).length;
    fake.drop(session);
    const missed = fake.push(session, { role: "agent", authorName: "Maya", text: "It should arrive tomorrow." });
    await messages().getByText(missed.text).waitFor();
    const reconnect = fake.log.filter((r) => r.path.endsWith("/events"))[eventsBefore]!;
    expect(reconnect.headers["last-event-id"]).toBe(hello.id);
    expect(reconnect.headers.authorization).toBe(`Bearer ${session.token}`);
    await liveRegion().getByText(`Maya: ${missed.text}`).waitFor();
    expect(await messages().getByText(missed.text).count()).toBe(1);
    expect(await dialog().locator(".dk-conn").textContent()).toBe("");

    // The conversation closes with a rating request.
    fake.push(session, { role: "system", text: "How did we do?", kind: "satisfaction_request" });
    const rating = dialog().getByRole("group", { name: P.rating_group });
    await rating.waitFor();
    await expectAccessible(page, "conversation with a rating request");
    await rating.getByRole("button", { name: "5 out of 5" }).click();
    await messages().getByText(P.rating_thanks, { exact: true }).waitFor();
    await liveRegion().getByText(P.rating_thanks).waitFor();
    expect(fake.ratings).toEqual([5]);
    await page.screenshot({ path: path.join(SHOTS, "chat-widget-conversation.png") });
    expect(consoleErrors).toEqual([]);
  });

  it("says 'Reconnecting…' while the events stream is down, and forgets a session the server no longer knows", async () => {
    await page.goto(fake.url);
    await openChat();
    await dialog().getByRole("button", { name: P.quick_person }).click();
    await messages().locator("[data-role=ai]").filter({ hasText: "we are on it." }).waitFor();
    const session = fake.only();
    await expect.poll(() => session.streams.size).toBe(1);

    // The stream drops and the server refuses reconnections for a while.
    fake.eventsDown = true;
    fake.drop(session);
    const status = dialog().getByRole("status").filter({ hasText: P.reconnecting });
    await status.waitFor();
    await expect.poll(() => fake.log.filter((r) => r.path.endsWith("/events")).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    expect(await status.isVisible()).toBe(true);
    fake.eventsDown = false;
    await expect.poll(() => session.streams.size, { timeout: 15_000 }).toBe(1);
    await status.waitFor({ state: "detached" });

    // The token no longer works (401): the widget stops retrying and forgets the stored session.
    session.token = "rotated";
    fake.drop(session);
    // The widget learns it on its next reconnection, after its back-off: as long as the reconnections above may take.
    await expect.poll(() => page.evaluate((shop) => localStorage.getItem(`dokani-chat:${shop}`), SHOP), { timeout: 15_000 }).toBeNull();
    expect(await dialog().locator(".dk-conn").textContent()).toBe("");
    expect(consoleErrors.every((e) => /status of (401|503)/.test(e))).toBe(true);
  });

  it("keeps the conversation across a page load, with an unread badge for what arrived meanwhile", async () => {
    await page.goto(fake.url);
    await openChat();
    await dialog().getByRole("button", { name: P.quick_track }).click();
    await messages().locator("[data-role=ai]").filter({ hasText: "Orders ship within 2 business days." }).waitFor();
    const session = fake.only();
    const stored = await page.evaluate((shop) => JSON.parse(localStorage.getItem(`dokani-chat:${shop}`)!), SHOP);
    expect(stored).toMatchObject({ id: session.id, token: session.token, greeting: GREETING });

    // With the panel closed, a person answers: the launcher counts it as unread, on this page and the next.
    await page.keyboard.press("Escape");
    fake.push(session, { role: "agent", authorName: "Maya", text: "Your order is packed." });
    await expect.poll(() => launcher().getAttribute("aria-describedby")).toBe("dokani-chat-unread");
    await page.reload();
    await launcher().waitFor();
    await idle(page);
    await expect.poll(() => launcher().getAttribute("aria-describedby")).toBe("dokani-chat-unread");
    expect(await page.locator("#dokani-chat-unread").textContent()).toBe("1 unread");

    await openChat();
    for (const text of [GREETING, "Track my order", "Orders ship within 2 business days.", "Your order is packed."]) await messages().getByText(text, { exact: true }).waitFor();
    // The greeting the server stored is shown once, not twice.
    expect(await messages().getByText(GREETING, { exact: true }).count()).toBe(1);
    expect(await launcher().getAttribute("aria-describedby")).toBeNull();
    const restore = fake.log.filter((r) => r.method === "GET" && r.path.endsWith("/messages")).at(-1)!;
    expect(restore.headers.authorization).toBe(`Bearer ${session.token}`);
    expect(fake.sessions.size).toBe(1);
    expect(consoleErrors).toEqual([]);
  });

  it("starts a new conversation when the stored one is gone", async () => {
    await page.addInitScript((shop) => localStorage.setItem(`dokani-chat:${shop}`, JSON.stringify({ id: "gone", token: "old" })), SHOP);
    await page.goto(fake.url);
    await openChat();
    await messages().getByText(P.greeting).waitFor();
    // The widget learns it on its next reconnection, after its back-off: as long as the reconnections above may take.
    await expect.poll(() => page.evaluate((shop) => localStorage.getItem(`dokani-chat:${shop}`), SHOP), { timeout: 15_000 }).toBeNull();
    await composer().fill("Hello again");
    await composer().press("Enter");
    await messages().getByText("we are on it.", { exact: false }).waitFor();
    expect(fake.sessions.size).toBe(1);
    // Only the browser's own note of the 404 answer, nothing from the widget.
    expect(consoleErrors.every((e) => e.includes("404"))).toBe(true);
  });

  it("uploads photos with the message and refuses files that are not photos", async () => {
    await page.goto(fake.url);
    await openChat();
    const input = page.getByTestId("dokani-chat-file");
    expect(await input.getAttribute("accept")).toContain("image/heic");

    await input.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a photo") });
    await dialog().getByRole("alert").getByText(P.file_type.replace("{name}", "notes.txt")).waitFor();

    await input.setInputFiles({ name: "torn-seam.png", mimeType: "image/png", buffer: solidPng(48, 48, [200, 60, 40]) });
    await liveRegion().getByText("torn-seam.png is ready to send").waitFor();
    expect(await dialog().getByRole("button", { name: "Remove torn-seam.png" }).count()).toBe(1);
    const session = fake.only();
    const upload = fake.log.find((r) => r.path.endsWith("/attachments"))!;
    expect(upload.headers.authorization).toBe(`Bearer ${session.token}`);

    await composer().fill("The seam came apart");
    await composer().press("Enter");
    const mine = messages().locator("[data-role=customer]").filter({ hasText: "The seam came apart" });
    const photo = mine.getByRole("img", { name: "Photo 1" });
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(48);
    await messages().locator("[data-role=ai]").filter({ hasText: "we are on it." }).waitFor();
    const sent = JSON.parse(fake.log.find((r) => r.method === "POST" && r.path.endsWith("/messages"))!.body) as { attachmentIds: string[] };
    expect(sent.attachmentIds).toHaveLength(1);
    expect(fake.uploads.has(sent.attachmentIds[0]!)).toBe(true);
    expect(await dialog().getByRole("button", { name: "Remove torn-seam.png" }).count()).toBe(0);
    await expectAccessible(page, "message with a photo");
    await page.screenshot({ path: path.join(SHOTS, "chat-widget-photo.png") });
    expect(consoleErrors).toEqual([]);
  });

  it("sends on Enter, starts a new line on Shift+Enter, and counts down near the 4,000-character limit", async () => {
    await page.goto(fake.url);
    await openChat();
    await composer().pressSequentially("Two things:");
    await composer().press("Shift+Enter");
    await composer().pressSequentially("my order, and a return");
    expect(fake.chatRequests()).toEqual([]);
    await composer().press("Enter");
    await messages().locator("[data-role=customer] .dk-text").filter({ hasText: "Two things:" }).waitFor();
    await messages().locator("[data-role=ai]").filter({ hasText: "Orders ship within 2 business days." }).waitFor();
    expect(await messages().locator("[data-role=customer] .dk-text").textContent()).toBe("Two things:\nmy order, and a return");
    const sent = fake.log.find((r) => r.method === "POST" && r.path.endsWith("/messages"))!;
    expect(JSON.parse(sent.body)).toEqual({ text: "Two things:\nmy order, and a return" });

    const counter = dialog().locator("#dokani-chat-counter");
    await composer().fill("x".repeat(3700));
    expect(await counter.textContent()).toBe("");
    await composer().fill("x".repeat(3990));
    expect(await counter.textContent()).toBe("10 characters left");
    expect(await composer().getAttribute("maxlength")).toBe("4000");
    // Markup typed by a shopper stays text.
    await composer().fill('<img src=x onerror="window.__owned=1"><b>bold</b>');
    await composer().press("Enter");
    const markup = messages().locator("[data-role=customer] .dk-text").filter({ hasText: "<b>bold</b>" });
    await markup.waitFor();
    expect(await markup.locator("*").count()).toBe(0);
    expect(await page.evaluate(() => "__owned" in window)).toBe(false);
    expect(await counter.textContent()).toBe("");
    expect(consoleErrors).toEqual([]);
  });

  it("asks the shopper to wait when rate limited, and sends again on retry", async () => {
    await page.goto(fake.url);
    await openChat();
    await composer().fill("Hello");
    await composer().press("Enter");
    await messages().getByText("we are on it.", { exact: false }).waitFor();
    fake.rateLimitNext = 20;
    await composer().fill("Are you there?");
    await composer().press("Enter");
    await dialog().getByRole("alert").getByText(P.rate_limited.replace("{seconds}", "20")).waitFor();
    const mine = messages().locator("[data-role=customer]").filter({ hasText: "Are you there?" });
    await mine.getByRole("button", { name: P.retry }).click();
    await expect.poll(() => messages().locator("[data-role=ai]").filter({ hasText: "we are on it." }).count()).toBe(2);
    expect(await mine.getByRole("button", { name: P.retry }).count()).toBe(0);
    expect(consoleErrors.every((e) => e.includes("429"))).toBe(true);
  });

  it("is full screen on a phone and follows the block's position and language", async () => {
    await context.close();
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "fr-FR" });
    page = await context.newPage();
    await page.goto(`${fake.url}/?locale=fr-CA&position=left&accent=${encodeURIComponent("#0b3d2e")}`);
    const button = page.getByRole("button", { name: "Discuter avec nous" });
    await button.waitFor();
    expect(await button.evaluate((b) => ({ left: b.getBoundingClientRect().left, color: getComputedStyle(b).color }))).toEqual({ left: 20, color: "rgb(255, 255, 255)" });
    await button.click();
    const panel = page.getByRole("dialog", { name: "Discuter avec nous" });
    await panel.waitFor();
    expect(await panel.evaluate((d) => d.getBoundingClientRect().width)).toBe(390);
    await panel.getByRole("button", { name: "Suivre ma commande" }).waitFor();
    await page.getByRole("textbox", { name: "Message" }).waitFor();
    await expectAccessible(page, "panel in French on a phone");
    await page.screenshot({ path: path.join(SHOTS, "chat-widget-phone-fr.png") });
  });
});

describe("the demo serves the widget's built files", () => {
  const call = (file: string) =>
    assetLoader({ params: { file }, request: new Request(`http://localhost/demo/assets/${file}`), context: { remoteAddress: "127.0.0.1", requestId: "e2e" } }) as Promise<Response>;
  afterAll(() => resetEnv());

  it("serves the launcher, the panel and its stylesheet from the extension's assets", async () => {
    resetEnv(parseEnv({ NODE_ENV: "test", DOKANI_DEMO: "1" }));
    for (const [file, type] of [
      ["dokani-chat-launcher.js", "text/javascript; charset=utf-8"],
      ["dokani-chat-panel.js", "text/javascript; charset=utf-8"],
      ["dokani-chat-panel.css", "text/css; charset=utf-8"],
    ] as const) {
      const response = await call(file);
      expect(response.status, file).toBe(200);
      expect(response.headers.get("content-type")).toBe(type);
      expect(Buffer.from(await response.arrayBuffer()).equals(await readFile(path.join(ASSETS, file)))).toBe(true);
    }
    expect((await call("chat-widget.liquid")).status).toBe(404);
  });
});
