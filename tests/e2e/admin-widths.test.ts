import { mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { launchChromium } from "../support/browser";
import { spawnDemo, type DemoProcess } from "../support/spawn-demo";
import { JOURNEY_TIMEOUT_MS, START_HOOK_TIMEOUT_MS, START_TIMEOUT_MS } from "../support/timeouts";

vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS });

/**
 * The merchant's admin at the widths a merchant uses it, in a real Chromium against `npm run demo`.
 * The demo's admin has Polaris' own navigation (240 px, as Shopify admin's), so a 1440 px window
 * gives the page the 1200 px Shopify admin's iframe gets, and 1024 px gives it 784 px: what the
 * app's page has inside Shopify admin on a laptop. A column "shows" when its cell is wholly inside
 * the window and inside every scrolling box around it, so a merchant sees it without scrolling sideways.
 */

const SHOTS = path.resolve("test-results");
const WIDTHS = [1440, 1024] as const;

type Visibility = { text: string; left: number; right: number; visibleLeft: number; visibleRight: number };

/** Where an element sits across, and the part of the page across that is visible around it (window and clipping ancestors). */
function across(locator: Locator): Promise<Visibility> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    let visibleLeft = 0;
    let visibleRight = document.documentElement.clientWidth;
    for (let parent = el.parentElement; parent; parent = parent.parentElement) {
      if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(parent).overflowX)) {
        const clip = parent.getBoundingClientRect();
        visibleLeft = Math.max(visibleLeft, clip.left);
        visibleRight = Math.min(visibleRight, clip.right);
      }
    }
    return { text: (el as HTMLElement).innerText.trim().slice(0, 60), left: box.left, right: box.right, visibleLeft, visibleRight };
  });
}

async function expectShown(locator: Locator, what: string) {
  const v = await across(locator);
  expect(v.left, `${what} ("${v.text}") starts in view`).toBeGreaterThanOrEqual(v.visibleLeft - 1);
  expect(v.right, `${what} ("${v.text}") ends in view (visible up to ${Math.round(v.visibleRight)})`).toBeLessThanOrEqual(v.visibleRight + 1);
}

/** The 1-based position of the table column headed `title`. */
async function columnOf(table: Locator, title: string): Promise<number> {
  const headings = (await table.locator("thead th").allInnerTexts()).map((t) => t.trim());
  const index = headings.indexOf(title);
  expect(index, `a column "${title}" among ${JSON.stringify(headings)}`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

/** Every cell of one column in the first rows of an IndexTable, with its heading, is shown. */
async function expectColumnShown(page: Page, title: string, rows = 8) {
  const table = page.locator("table.Polaris-IndexTable__Table").first();
  const n = await columnOf(table, title);
  await expectShown(table.locator(`thead th:nth-child(${n})`), `heading ${title}`);
  const cells = table.locator(`tbody tr td:nth-child(${n})`);
  const count = Math.min(await cells.count(), rows);
  expect(count, `rows under ${title}`).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) await expectShown(cells.nth(i), `${title} of row ${i + 1}`);
}

/** A table's sideways scroll area holds no hidden columns. */
async function expectNoSidewaysScroll(table: Locator, what: string) {
  const { scrollWidth, clientWidth } = await table.evaluate((el) => {
    let area: HTMLElement = el as HTMLElement;
    for (let parent = el.parentElement; parent; parent = parent.parentElement) {
      if (/(auto|scroll)/.test(getComputedStyle(parent).overflowX)) {
        area = parent;
        break;
      }
    }
    return { scrollWidth: area.scrollWidth, clientWidth: area.clientWidth };
  });
  expect(scrollWidth, `${what} fits its card (${scrollWidth} > ${clientWidth} means a sideways scroll)`).toBeLessThanOrEqual(clientWidth + 1);
}

async function open(page: Page, url: string) {
  const response = await page.goto(url, { waitUntil: "networkidle" });
  expect(response?.status(), url).toBe(200);
  await page.locator("h1").first().waitFor();
}

describe("the admin at the widths merchants use", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dokani-e2e-widths-"));
  let demo: DemoProcess;
  let browser: Browser;
  const contexts = new Map<number, BrowserContext>();
  const pages = async (run: (page: Page, width: number) => Promise<void>) => {
    for (const width of WIDTHS) {
      const page = await contexts.get(width)!.newPage();
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("response", (response) => {
        if (response.status() >= 500) problems.push(`${response.status()} from ${response.url()}`);
      });
      await run(page, width);
      expect(problems).toEqual([]);
      await page.close();
    }
  };
  /** A return sent through the storefront, as a shopper would, with a long note on its item. */
  let longNoteReturn: string;
  const LONG_NOTE = `The zip broke on the second day. Order reference ${"X".repeat(90)} and more words that go on to fill the line well past any column width.`;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [demo, browser] = await Promise.all([spawnDemo({ DOKANI_DATA_DIR: dataDir }, START_TIMEOUT_MS), launchChromium()]);
    for (const width of WIDTHS) contexts.set(width, await browser.newContext({ viewport: { width, height: 900 }, locale: "en-US" }));

    const storefront = await (await fetch(`${demo.url}/demo`)).text();
    const [orderNumber, email] = [...storefront.matchAll(/<strong>([^<]+)<\/strong>/g)].map((m) => m[1]!);
    const lookup = await fetch(`${demo.url}/apps/dokani/returns/lookup`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ orderNumber, email }) });
    expect(lookup.status).toBe(200);
    const { order, lookupToken } = (await lookup.json()) as { order: { lineItems: Array<{ id: string; returnable: boolean }> }; lookupToken: string };
    const line = order.lineItems.find((l) => l.returnable)!;
    const created = await fetch(`${demo.url}/apps/dokani/returns`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ lookupToken, items: [{ lineItemId: line.id, quantity: 1, reason: "defective", note: LONG_NOTE }], resolution: "refund" }),
    });
    expect(created.status).toBe(201);
    longNoteReturn = ((await created.json()) as { return: { id: string } }).return.id;
  }, START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    if (demo?.child.exitCode === null) await demo.stop();
  });

  it("shows each conversation's status, unread count and last activity in the inbox", async () => {
    await pages(async (page, width) => {
      await open(page, `${demo.url}/app/conversations?status=all`);
      for (const title of ["Status", "Unread", "Last activity"]) await expectColumnShown(page, title);
      await page.screenshot({ path: path.join(SHOTS, `widths-inbox-${width}.png`) });
    });
  });

  it("keeps the returns queue's decision column in view", async () => {
    await pages(async (page, width) => {
      await open(page, `${demo.url}/app/returns`);
      for (const title of ["Status", "Refund estimate", "Decision"]) await expectColumnShown(page, title);
      await page.screenshot({ path: path.join(SHOTS, `widths-returns-${width}.png`) });
    });
  });

  it("wraps a long item name and note in the return's item table instead of scrolling it sideways", async () => {
    await pages(async (page, width) => {
      await open(page, `${demo.url}/app/returns/${longNoteReturn}`);
      const table = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Note" }) });
      const note = table.getByRole("cell").filter({ hasText: "The zip broke" });
      await note.waitFor();
      await expectNoSidewaysScroll(table, "the item table");
      await expectShown(note, "the note");
      expect(await note.innerText()).toContain("X".repeat(90).slice(0, 20));
      // Wrapped: the note takes several lines.
      expect((await note.boundingBox())!.height).toBeGreaterThan(40);
      await page.screenshot({ path: path.join(SHOTS, `widths-return-items-${width}.png`), fullPage: true });
    });
  });

  it("repeats no sentence on a card of the return page, and shows no confidence for the rules' advice", async () => {
    const page = await contexts.get(WIDTHS[1])!.newPage();
    await open(page, `${demo.url}/app/returns/${longNoteReturn}`);
    const cards = page.locator(".Polaris-ShadowBevel");
    await page.getByRole("heading", { name: "Decision", exact: true }).waitFor();
    for (const card of await cards.all()) {
      const sentences = (await card.innerText())
        .split(/(?<=[.!?])\s+|\n+/)
        .map((s) => s.replace(/^[“"]|[”"]$/g, "").trim())
        // Sentences only (a timeline's "who · when" lines may rightly repeat).
        .filter((s) => /[.!?]$/.test(s) && s.split(/\s+/).length >= 4);
      const seen = new Set<string>();
      for (const sentence of sentences) {
        expect(seen.has(sentence), `"${sentence}" twice on a card`).toBe(false);
        seen.add(sentence);
      }
    }
    const recommendation = cards.filter({ has: page.getByRole("heading", { name: "Recommendation", exact: true }) });
    await recommendation.getByText("From the policy's rules").waitFor();
    expect(await recommendation.innerText()).not.toMatch(/confidence|\d+\s?%/i);
    // The decision speaks to the merchant, not in the shopper's words.
    expect(await cards.filter({ has: page.getByRole("heading", { name: "Decision", exact: true }) }).locator("li").allInnerTexts()).toContain(
      "A photo is required for the reported reason and none was sent.",
    );
    await page.close();
  });

  it("links each background job to its return or conversation and gives its duration", async () => {
    await pages(async (page, width) => {
      await open(page, `${demo.url}/app/jobs?status=completed`);
      for (const title of ["For", "Duration"]) await expectColumnShown(page, title, 5);
      const table = page.locator("table.Polaris-IndexTable__Table").first();
      const durations = await table.locator(`tbody tr td:nth-child(${await columnOf(table, "Duration")})`).allInnerTexts();
      expect(durations.length).toBeGreaterThan(0);
      for (const text of durations) expect(text.trim()).toMatch(/^(\d+ ms|\d+\.\d s|\d+ min( \d+ s)?|—)$/);
      expect(durations.some((text) => text.trim() !== "—")).toBe(true);
      const toReturn = table.getByRole("link", { name: "Open the return" }).first();
      await toReturn.waitFor();
      await toReturn.click();
      await page.waitForURL(/\/app\/returns\/[0-9a-f-]{36}$/);
      await page.locator("h1").first().waitFor();
      if (width === WIDTHS[0]) await page.screenshot({ path: path.join(SHOTS, "widths-jobs.png") });
    });
  });

  it("fits the backtest's outcome matrix in its card", async () => {
    await pages(async (page, width) => {
      await open(page, `${demo.url}/app/policies`);
      await page.getByRole("button", { name: "New draft" }).click();
      await page.waitForURL(/\/app\/policies\/\d+$/);
      await page.getByLabel("Return window (days)").fill("21");
      await page.getByRole("button", { name: "Save draft" }).click();
      await page.locator(".Polaris-Frame-ToastManager").getByText(/saved/).waitFor();
      const backtest = page.locator(".Polaris-ShadowBevel").filter({ has: page.getByRole("heading", { name: "Backtest", exact: true }) });
      await backtest.getByRole("button", { name: "Run backtest" }).click();
      const matrix = backtest.getByRole("table");
      await matrix.waitFor({ timeout: 120_000 });
      await expectNoSidewaysScroll(matrix, "the outcome matrix");
      for (const heading of await matrix.locator("thead th").all()) await expectShown(heading, "a matrix heading");
      for (const cell of await matrix.locator("tbody td").all()) await expectShown(cell, "a matrix cell");
      await backtest.screenshot({ path: path.join(SHOTS, `widths-backtest-${width}.png`) });
    });
  });

  it("says on the AI switch itself when no model is configured", async () => {
    await pages(async (page) => {
      await open(page, `${demo.url}/app/settings`);
      const ai = page.getByRole("checkbox", { name: "Use the AI model (no model is configured)" });
      await ai.waitFor();
      const description = await ai.evaluate((el) =>
        (el.getAttribute("aria-describedby") ?? "")
          .split(" ")
          .map((id) => document.getElementById(id)?.textContent ?? "")
          .join(" "),
      );
      expect(description).toContain("No model is configured on this server: set OPENAI_API_KEY");
      await expectShown(ai, "the AI switch");
    });
  });
});
