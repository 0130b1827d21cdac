import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createFakeElevenLabs, type FakeElevenLabs } from "../fakes/elevenlabs";
import { createFakeTavus, type FakeTavus } from "../fakes/tavus";
import { expectAccessible, launchChromium } from "../support/browser";
import { spawnDemo, type DemoProcess } from "../support/spawn-demo";
import { JOURNEY_TIMEOUT_MS, START_HOOK_TIMEOUT_MS, START_TIMEOUT_MS } from "../support/timeouts";

vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS });

/**
 * The Calls pages in a real Chromium against `npm run demo`, with ElevenLabs and Tavus played by the
 * local fakes: the merchant switches calls on, connects ElevenLabs through the form (checked with
 * the fake), reads the webhook URL to paste, runs a test and finds it logged, and reads the calls
 * list and Analytics' calls section. Every page passes axe.
 */

const toast = (page: Page, text: string) => page.locator(".Polaris-Frame-ToastManager").getByText(text, { exact: true });

describe("the Calls pages", () => {
  let demo: DemoProcess;
  let browser: Browser;
  let eleven: FakeElevenLabs;
  let tavus: FakeTavus;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    [eleven, tavus] = await Promise.all([createFakeElevenLabs(), createFakeTavus()]);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "dokani-e2e-calls-"));
    [demo, browser] = await Promise.all([
      spawnDemo({ DOKANI_DATA_DIR: dataDir, ELEVENLABS_BASE_URL: eleven.url, TAVUS_BASE_URL: tavus.url, DOKANI_PUBLIC_URL: "https://dokani.example.com" }, START_TIMEOUT_MS),
      launchChromium(),
    ]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    page = await context.newPage();
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("response", (response) => {
      if (response.status() >= 500) problems.push(`${response.status()} from ${response.url()}`);
    });
  }, START_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    await eleven?.close();
    await tavus?.close();
  });

  it("switches calls on, connects ElevenLabs, shows what to paste, tests the agent and lists calls and their analytics", async () => {
    const response = await page.goto(`${demo.url}/app/calls/setup`, { waitUntil: "networkidle" });
    expect(response?.status()).toBe(200);
    await page.getByRole("heading", { name: "Set up calls" }).waitFor();
    await expectAccessible(page, "Set up calls, nothing connected");

    // The browser itself refuses a limit out of range (the server's check is tested on its own); a valid one is saved.
    await page.getByRole("checkbox", { name: "Voice calls" }).check();
    const longest = page.getByRole("spinbutton", { name: "Longest call (minutes)" });
    await longest.fill("90");
    expect(await longest.evaluate((el) => (el as HTMLInputElement).validity.rangeOverflow)).toBe(true);
    await longest.fill("15");
    await page.locator("form", { has: page.getByRole("checkbox", { name: "Voice calls" }) }).getByRole("button", { name: "Save" }).click();
    await toast(page, "Call settings saved").waitFor();

    // Connecting checks the key with ElevenLabs: a wrong one is refused in its words.
    const voice = page.locator("form", { has: page.getByRole("heading", { name: "ElevenLabs account" }) });
    await voice.getByLabel("API key").fill("sk_not_the_key");
    await voice.getByLabel("Post-call webhook secret").fill("wsec_admin_secret");
    await voice.getByRole("button", { name: "Connect ElevenLabs" }).click();
    await voice.getByText(/ElevenLabs refused/).waitFor();
    await voice.getByLabel("API key").fill(eleven.apiKey);
    await voice.getByRole("button", { name: "Connect ElevenLabs" }).click();
    await toast(page, "ElevenLabs connected").waitFor();
    await voice.getByText("Connected", { exact: true }).waitFor();
    await voice.getByText(/^https:\/\/dokani\.example\.com\/webhooks\/elevenlabs\/[0-9a-f-]{36}$/).waitFor();
    const agentId = [...eleven.agents.keys()][0]!;
    await voice.getByText(agentId, { exact: true }).waitFor();
    expect(await page.content()).not.toContain(eleven.apiKey);

    await page.getByRole("button", { name: "Test the voice agent" }).click();
    await toast(page, "ElevenLabs test passed").waitFor();
    await page.getByRole("table").getByText("Passed", { exact: true }).waitFor();
    await expectAccessible(page, "Set up calls, ElevenLabs connected and tested", { settle: true });

    expect(await (await page.goto(`${demo.url}/app/calls`, { waitUntil: "networkidle" }))?.status()).toBe(200);
    await page.getByRole("heading", { name: "Calls", exact: true }).waitFor();
    await expectAccessible(page, "the calls list");
    expect(await (await page.goto(`${demo.url}/app/calls?kind=fax`, { waitUntil: "networkidle" }))?.status()).toBe(200);
    await page.getByText(/The kind filter must be voice or video/).waitFor();

    expect(await (await page.goto(`${demo.url}/app/analytics`, { waitUntil: "networkidle" }))?.status()).toBe(200);
    await page.getByRole("heading", { name: "Calls", exact: true }).waitFor();
    expect(problems).toEqual([]);
  });
});
