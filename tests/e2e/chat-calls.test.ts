import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page, type WebSocketRoute } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import en from "../../extensions/theme-chat-widget/locales/en.default.json";
import { createFakeTavus, type FakeTavus } from "../fakes/tavus";
import { expectAccessible } from "../support/browser";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../support/chromium";
import { JOURNEY_TIMEOUT_MS } from "../support/timeouts";

vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS });

/**
 * Calls from the storefront chat widget in a real Chromium with fake camera and microphone devices:
 * the built launcher, panel and on-demand call bundles from extensions/theme-chat-widget/assets/, a
 * chat API written here that answers the storefront chat and calls contract (its video calls are
 * real Tavus conversations on the local Tavus fake), ElevenLabs' conversation WebSocket played by a
 * local fake that speaks the protocol the ElevenLabs browser client expects, and the Tavus room
 * (a Daily page) served locally. Each test grants or refuses the microphone and camera.
 */

const ASSETS = path.resolve("extensions/theme-chat-widget/assets");
const SHOP = "call-shop.myshopify.com";
const P = en.panel;
const SIGNED_URL = "wss://api.elevenlabs.io/v1/convai/conversation?agent_id=agent_shop&conversation_signature=sig_test";

type FakeCall = { id: string; kind: "voice" | "video"; sessionId: string; ended: number; tavusId: string | null };

/** The storefront chat and calls contract, in memory; video calls create Tavus conversations on the fake. */
class FakeStore {
  readonly sessions = new Map<string, string>();
  readonly calls = new Map<string, FakeCall>();
  readonly callRequests: Array<{ kind: string; authorized: boolean }> = [];
  offer = { voice: true, video: true };
  url = "";
  private server: Server;

  constructor(private readonly tavus: FakeTavus) {
    this.server = createServer((req, res) => void this.handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error))));
  }

  async listen() {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  reset() {
    this.sessions.clear();
    this.calls.clear();
    this.callRequests.length = 0;
    this.offer = { voice: true, video: true };
  }

  only(): FakeCall {
    expect(this.calls.size).toBe(1);
    return [...this.calls.values()][0]!;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://x");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const json = (status: number, answer: unknown) => res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(answer));
    if (url.pathname === "/") {
      return res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Call Shop</title><script src="/assets/dokani-chat-launcher.js" defer></script></head>
<body><main><h1>Call Shop</h1><p>Linen shirts.</p></main>
<div id="dokani-chat-widget" data-dokani-chat data-proxy-base="/apps/dokani" data-shop="${SHOP}" data-locale="en" data-accent="#1d4ed8"
  data-panel-src="/assets/dokani-chat-panel.js" data-panel-css="/assets/dokani-chat-panel.css"></div></body></html>`);
    }
    if (url.pathname === "/favicon.ico") return res.writeHead(204).end();
    if (url.pathname.startsWith("/assets/")) {
      const file = path.basename(url.pathname);
      const asset = await readFile(path.join(ASSETS, file)).catch(() => null);
      if (!asset) return res.writeHead(404).end();
      return res.writeHead(200, { "Content-Type": file.endsWith(".css") ? "text/css" : "text/javascript" }).end(asset);
    }
    if (req.method === "POST" && url.pathname === "/apps/dokani/chat/sessions") {
      const id = randomUUID();
      const token = `tok_${randomUUID()}`;
      this.sessions.set(id, token);
      return json(201, { session: { id, token }, greeting: "Hi! How can we help?", calls: this.offer });
    }
    const sessionOf = () => [...this.sessions.entries()].find(([, token]) => req.headers.authorization === `Bearer ${token}`)?.[0];
    const chat = /^\/apps\/dokani\/chat\/sessions\/([^/]+)\/(messages|events)$/.exec(url.pathname);
    if (chat) {
      if (sessionOf() !== chat[1]) return json(401, { error: { code: "invalid_token", message: "Invalid token" } });
      if (chat[2] === "events") {
        res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store" });
        res.write(": connected\n\n");
        return;
      }
      if (req.method === "GET") return json(200, { messages: [], calls: this.offer });
      const text = (JSON.parse(body) as { text: string }).text;
      return json(200, { reply: { id: randomUUID(), role: "ai", text: `You said: ${text}`, createdAt: new Date().toISOString() }, handedOff: false });
    }
    if (req.method === "POST" && url.pathname === "/apps/dokani/calls") {
      const sessionId = sessionOf();
      const kind = (JSON.parse(body) as { kind: "voice" | "video" }).kind;
      this.callRequests.push({ kind, authorized: Boolean(sessionId) });
      if (!sessionId) return json(401, { error: { code: "invalid_token", message: "Invalid token" } });
      if (!this.offer[kind]) return json(409, { error: { code: "calls_unavailable", message: "Not available" } });
      const id = randomUUID();
      let joinUrl = SIGNED_URL;
      let tavusId: string | null = null;
      if (kind === "video") {
        const created = await fetch(`${this.tavus.url}/v2/conversations`, {
          method: "POST",
          headers: { "x-api-key": this.tavus.apiKey, "content-type": "application/json" },
          body: JSON.stringify({ replica_id: [...this.tavus.replicas][0], conversation_name: `Dokani call ${id}`, properties: { max_call_duration: 600 } }),
        });
        const conversation = (await created.json()) as { conversation_id: string; conversation_url: string };
        joinUrl = conversation.conversation_url;
        tavusId = conversation.conversation_id;
      }
      this.calls.set(id, { id, kind, sessionId, ended: 0, tavusId });
      return json(201, { call: { id, kind, status: "scheduled", joinUrl, expiresAt: null } });
    }
    const end = /^\/apps\/dokani\/calls\/([^/]+)\/end$/.exec(url.pathname);
    if (req.method === "POST" && end) {
      const call = this.calls.get(end[1]!);
      if (!call || sessionOf() !== call.sessionId) return json(404, { error: { code: "not_found", message: "No such call" } });
      call.ended += 1;
      if (call.tavusId && call.ended === 1) await fetch(`${this.tavus.url}/v2/conversations/${call.tavusId}/end`, { method: "POST", headers: { "x-api-key": this.tavus.apiKey } });
      return json(200, { call: { id: call.id, kind: call.kind, status: "ended", joinUrl: null, expiresAt: null } });
    }
    return json(404, { error: { code: "not_found", message: "Not found" } });
  }
}

/**
 * ElevenLabs' conversation WebSocket as the browser client meets it: the client's
 * `conversation_initiation_client_data` first, answered with `conversation_initiation_metadata`
 * (PCM 16 kHz both ways); then the client streams `user_audio_chunk`s from the microphone and the
 * agent speaks with an `agent_response` and an `audio` event. Pings are answered as ElevenLabs does.
 */
class FakeVoiceSocket {
  opened = 0;
  initiations: unknown[] = [];
  audioChunks = 0;
  closed = false;
  private socket: WebSocketRoute | null = null;
  private chunkWaiters: Array<() => void> = [];

  attach(page: Page) {
    return page.routeWebSocket(/^wss:\/\/api\.elevenlabs\.io\/v1\/convai\/conversation/, (ws) => {
      this.opened += 1;
      this.socket = ws;
      const url = new URL(ws.url());
      if (url.searchParams.get("conversation_signature") !== "sig_test") return void ws.close({ code: 4001, reason: "Invalid signature" });
      ws.onMessage((raw) => {
        const message = JSON.parse(String(raw)) as { type?: string; user_audio_chunk?: string; event_id?: number };
        if (message.type === "conversation_initiation_client_data") {
          this.initiations.push(message);
          ws.send(JSON.stringify({ type: "conversation_initiation_metadata", conversation_initiation_metadata_event: { conversation_id: "conv_fake_1", agent_output_audio_format: "pcm_16000", user_input_audio_format: "pcm_16000" } }));
          ws.send(JSON.stringify({ type: "agent_response", agent_response_event: { agent_response: "Hi, this is Call Shop. How can I help?" } }));
        } else if (typeof message.user_audio_chunk === "string") {
          this.audioChunks += 1;
          for (const wake of this.chunkWaiters.splice(0)) wake();
        } else if (message.type === "pong") {
          // The client answering a ping.
        }
      });
      ws.onClose(() => {
        this.closed = true;
      });
    });
  }

  /** Resolves once the client has streamed microphone audio. */
  heardAudio(): Promise<void> {
    if (this.audioChunks > 0) return Promise.resolve();
    return new Promise((resolve) => this.chunkWaiters.push(resolve));
  }

  /** The agent speaks: a short burst of 16 kHz PCM silence, as ElevenLabs' `audio` event carries it. */
  speak() {
    const pcm = Buffer.alloc(16000 * 2 * 0.5).toString("base64");
    this.socket?.send(JSON.stringify({ type: "audio", audio_event: { audio_base_64: pcm, event_id: 1 } }));
  }
}

const TAVUS_ROOM = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Video call</title></head>
<body><main><h1>Tavus room</h1><p id="state">The replica joined.</p>
<button type="button" onclick="parent.postMessage({action:'left-meeting'},'*')">Leave</button></main></body></html>`;

let browser: Browser;
let tavus: FakeTavus;
let store: FakeStore;
let context: BrowserContext;
let page: Page;
let voiceSocket: FakeVoiceSocket;
let pageErrors: string[] = [];

beforeAll(async () => {
  // Fake camera and microphone devices; whether the page may use them is each context's permission.
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, "--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required"] });
  tavus = await createFakeTavus();
  store = new FakeStore(tavus);
  await store.listen();
});

afterAll(async () => {
  await browser?.close();
  await store?.close();
  await tavus?.close();
});

beforeEach(() => store.reset());
afterEach(async () => {
  await context?.close();
  expect(pageErrors).toEqual([]);
  pageErrors = [];
});

async function openShop(permissions: string[]) {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (permissions.length) await context.grantPermissions(permissions, { origin: store.url });
  page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  voiceSocket = new FakeVoiceSocket();
  await voiceSocket.attach(page);
  await page.route("https://tavus.daily.co/**", (route) => route.fulfill({ status: 200, contentType: "text/html", body: TAVUS_ROOM }));
  await page.goto(store.url);
  await page.getByRole("button", { name: en.launcher.label }).click();
  const dialog = page.getByRole("dialog", { name: en.launcher.label });
  await dialog.waitFor();
  // The call buttons come with the chat's session: the shopper says hello first.
  const composer = page.getByRole("textbox", { name: P.message_label });
  await composer.fill("Hello");
  await composer.press("Enter");
  await page.getByTestId("dokani-chat-messages").getByText("You said: Hello").waitFor();
  return dialog;
}

describe("calls from the chat widget", () => {
  it("offers only what the shop switched on: no buttons when it offers no calls", async () => {
    store.offer = { voice: false, video: false };
    const dialog = await openShop([]);
    await expect(dialog.getByRole("button", { name: P.call_voice }).count()).resolves.toBe(0);
    await expect(dialog.getByRole("button", { name: P.call_video }).count()).resolves.toBe(0);
    // Nothing but the chat was loaded: no call bundle.
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.src));
    expect(scripts.some((src) => /dokani-chat-(voice|video)\.js/.test(src))).toBe(false);
  });

  it("places a voice call: asks for the microphone, streams it to the agent's socket, shows the agent speaking, hangs up and tells Dokani", async () => {
    const dialog = await openShop(["microphone"]);
    const before = await page.evaluate(() => [...document.scripts].map((s) => s.src));
    expect(before.some((src) => src.includes("dokani-chat-voice.js"))).toBe(false);

    await dialog.getByRole("button", { name: P.call_voice }).click();
    const status = page.getByTestId("dokani-call-status");
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe(P.call_listening);
    // The voice client arrived only now, and it connected with the signed URL Dokani handed out.
    const after = await page.evaluate(() => [...document.scripts].map((s) => s.src));
    expect(after.some((src) => src.includes("dokani-chat-voice.js"))).toBe(true);
    expect(store.callRequests).toEqual([{ kind: "voice", authorized: true }]);
    expect(voiceSocket.opened).toBe(1);
    expect(voiceSocket.initiations).toHaveLength(1);
    await voiceSocket.heardAudio();
    expect(voiceSocket.audioChunks).toBeGreaterThan(0);

    voiceSocket.speak();
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe(P.call_speaking);
    await expectAccessible(page, "a voice call in progress");

    await dialog.getByRole("button", { name: P.call_end }).click();
    await expect.poll(() => store.only().ended).toBe(1);
    await expect.poll(() => voiceSocket.closed).toBe(true);
    await expect(page.getByTestId("dokani-call").isHidden()).resolves.toBe(true);
    await expect(dialog.getByRole("button", { name: P.call_voice }).isEnabled()).resolves.toBe(true);
  });

  it("refuses nothing silently: a denied microphone is explained and no call is started", async () => {
    const dialog = await openShop([]);
    await dialog.getByRole("button", { name: P.call_voice }).click();
    await expect.poll(() => dialog.getByRole("alert").textContent()).toBe(P.call_mic_denied);
    expect(store.callRequests).toEqual([]);
    expect(voiceSocket.opened).toBe(0);
    await expect(page.getByTestId("dokani-call").isHidden()).resolves.toBe(true);
    await expectAccessible(page, "the microphone refused");
  });

  it("places a video call in a Tavus room inside the chat, and closing the chat ends it", async () => {
    const dialog = await openShop(["microphone", "camera"]);
    await dialog.getByRole("button", { name: P.call_video }).click();
    const frame = page.getByTestId("dokani-video-frame");
    await frame.waitFor();
    const call = store.only();
    expect(call.kind).toBe("video");
    const room = tavus.conversations.get(call.tavusId!);
    expect(room?.status).toBe("active");
    await expect(frame.getAttribute("src")).resolves.toBe(`https://tavus.daily.co/${call.tavusId}`);
    await expect(page.frameLocator("[data-testid=dokani-video-frame]").getByText("The replica joined.").isVisible()).resolves.toBe(true);
    await expect.poll(() => page.getByTestId("dokani-call-status").textContent()).toBe(P.call_video_live);
    await expectAccessible(page, "a video call in progress");

    await dialog.getByRole("button", { name: P.close }).click();
    await expect.poll(() => store.only().ended).toBe(1);
    await expect.poll(() => tavus.conversations.get(call.tavusId!)?.status).toBe("ended");
    await expect(page.getByTestId("dokani-video-frame").count()).resolves.toBe(0);
  });

  it("ends a video call the shopper leaves from inside the room, once", async () => {
    const dialog = await openShop(["microphone", "camera"]);
    await dialog.getByRole("button", { name: P.call_video }).click();
    await page.frameLocator("[data-testid=dokani-video-frame]").getByRole("button", { name: "Leave" }).click();
    await expect.poll(() => dialog.getByRole("alert").textContent()).toBe(P.call_ended);
    await expect.poll(() => store.only().ended).toBe(1);
    // Closing the chat afterwards does not end it a second time.
    await dialog.getByRole("button", { name: P.close }).click();
    await page.getByRole("button", { name: en.launcher.label }).click();
    await expect(dialog.getByRole("button", { name: P.call_video }).isEnabled()).resolves.toBe(true);
    expect(store.only().ended).toBe(1);
  });

  it("says so when the shop stopped offering the call since the chat opened", async () => {
    const dialog = await openShop(["microphone"]);
    store.offer = { voice: false, video: true };
    await dialog.getByRole("button", { name: P.call_voice }).click();
    await expect.poll(() => dialog.getByRole("alert").textContent()).toBe(P.call_unavailable);
    expect(store.callRequests).toEqual([{ kind: "voice", authorized: true }]);
    expect(voiceSocket.opened).toBe(0);
  });
});
