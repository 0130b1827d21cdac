import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import en from "../../extensions/returns-portal/locales/en.default.json";
import { expectAccessible, launchChromium } from "../support/browser";
import { spawnDemo, type DemoProcess } from "../support/spawn-demo";
import { JOURNEY_TIMEOUT_MS, START_HOOK_TIMEOUT_MS, START_TIMEOUT_MS } from "../support/timeouts";

vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS });

/**
 * The shopper's exchange in the returns portal, in a real Chromium against a real `npm run demo`
 * whose store is a demo file with its own catalogue and stock: pick another size with its live
 * stock, find a sold-out size shown but not choosable, and take store credit with its bonus when
 * nothing fits. Every step is checked with axe-core and photographed into test-results/.
 */

const SHOTS = path.resolve("test-results");
const PORTAL = "#dokani-returns-portal";
const T = en.portal;
const DAY = 86_400_000;
const fill = (text: string, vars: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name]));

function demoFile() {
  const order = (id: string, name: string, lines: object[]) => ({
    id,
    name,
    email: "sam@example.com",
    currency: "USD",
    processedAt: new Date(Date.now() - 6 * DAY).toISOString(),
    deliveredAt: new Date(Date.now() - 3 * DAY).toISOString(),
    lineItems: lines,
  });
  return {
    orders: [
      order("7001", "#2001", [{ id: "8001", title: "Linen Shirt", variantTitle: "M / White", sku: "LS-WHI-M", quantity: 1, unitPrice: "49.00", productType: "Shirts", productId: "linen-shirt", variantId: "LS-WHI-M" }]),
      order("7002", "#2002", [{ id: "8002", title: "Organic Cotton Tee", variantTitle: "S / Black", sku: "OCT-BLA-S", quantity: 1, unitPrice: "24.00", productType: "Shirts", productId: "organic-cotton-tee", variantId: "OCT-BLA-S" }]),
      order("7003", "#2003", [{ id: "8003", title: "Organic Cotton Tee", variantTitle: "S / Black", sku: "OCT-BLA-S", quantity: 1, unitPrice: "24.00", productType: "Shirts", productId: "organic-cotton-tee", variantId: "OCT-BLA-S" }]),
    ],
    products: [
      {
        id: "linen-shirt",
        title: "Linen Shirt",
        productType: "Shirts",
        variants: [
          { id: "LS-WHI-M", title: "M / White", sku: "LS-WHI-M", price: "49.00", inventory: 3 },
          { id: "LS-WHI-L", title: "L / White", sku: "LS-WHI-L", price: "49.00", inventory: 2 },
          { id: "LS-WHI-XL", title: "XL / White", sku: "LS-WHI-XL", price: "49.00", inventory: 0 },
        ],
      },
      {
        id: "organic-cotton-tee",
        title: "Organic Cotton Tee",
        productType: "Shirts",
        variants: [
          { id: "OCT-BLA-S", title: "S / Black", sku: "OCT-BLA-S", price: "24.00", inventory: 1 },
          { id: "OCT-BLA-M", title: "M / Black", sku: "OCT-BLA-M", price: "24.00", inventory: 0 },
        ],
      },
      { id: "wool-beanie", title: "Wool Beanie", productType: "Accessories", variants: [{ id: "WB-CHA", title: "Charcoal", sku: "WB-CHA", price: "20.00", inventory: 5 }] },
    ],
  };
}

async function shoot(page: Page, name: string) {
  await page.locator("#returns").screenshot({ path: path.join(SHOTS, `returns-portal-exchange-${name}.png`) });
}

async function expectFocusOnHeading(page: Page, name: string) {
  await page.waitForFunction((text) => document.activeElement?.matches(".dk-title") && document.activeElement.textContent === text, name);
}

/** Looks the order up and chooses its only line with a reason, up to the review step. */
async function toReview(page: Page, demo: DemoProcess, orderNumber: string, title: string) {
  await page.goto(`${demo.url}/demo`);
  const portal = page.locator(PORTAL);
  await portal.getByRole("heading", { name: T.lookup_heading }).waitFor();
  await portal.getByLabel(T.order_number_label).fill(orderNumber);
  await portal.getByLabel(T.email_label).fill("sam@example.com");
  await portal.getByLabel(T.email_label).press("Enter");
  await expectFocusOnHeading(page, T.items_heading);
  const item = portal.locator("fieldset.dk-item").filter({ hasText: title }).first();
  // A single returnable unit starts chosen.
  expect(await item.getByLabel(T.quantity_label).inputValue()).toBe("1");
  await item.getByLabel(T.reason_label).selectOption({ label: T.reason_size_too_small });
  await portal.getByRole("button", { name: T.continue }).click();
  await expectFocusOnHeading(page, T.review_heading);
  return portal;
}

describe("exchanges in the returns portal", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dokani-e2e-exchange-"));
  const file = path.join(dataDir, "orders.json");
  let demo: DemoProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(file, JSON.stringify(demoFile()));
    [demo, browser] = await Promise.all([spawnDemo({ DOKANI_DATA_DIR: path.join(dataDir, "data"), DOKANI_DEMO_ORDERS: file }, START_TIMEOUT_MS), launchChromium()]);
  }, START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    if (demo?.child.exitCode === null) await demo.stop();
  });

  it("picks another size with its live stock, a sold-out size shown but disabled, and shows the replacement in the decision", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-US" });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    const portal = await toReview(page, demo, "2001", "Linen Shirt");

    const options = page.waitForResponse((r) => r.url().includes("/apps/dokani/returns/exchange-options?") && r.status() === 200);
    await portal.getByLabel(new RegExp(T.resolution_exchange)).check();
    await options;
    const picker = portal.locator("fieldset").filter({ has: page.getByText(fill(T.exchange_legend, { title: "Linen Shirt" }), { exact: true }) });
    // Availability as the store has it, said to screen readers once loaded.
    await page.locator(".dk-sr[aria-live=polite]").filter({ hasText: fill(T.exchange_loaded, { title: "Linen Shirt", count: 1 }) }).waitFor();
    await picker.getByText(fill(T.exchange_in_stock, { count: 2 })).waitFor();
    const soldOut = picker.getByRole("radio", { name: fill(T.exchange_option_out, { name: "XL / White" }) });
    expect(await soldOut.isDisabled()).toBe(true);
    expect(await picker.getByRole("radio", { name: /^L \/ White/ }).isEnabled()).toBe(true);
    await expectAccessible(page, "exchange, sizes with stock");
    await shoot(page, "01-sizes");

    // Sending without a size: told which item needs one, and taken there.
    await portal.getByRole("button", { name: T.submit }).click();
    await picker.getByText(fill(T.exchange_required, { title: "Linen Shirt" })).waitFor();
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.type === "radio");
    expect(await picker.getAttribute("aria-describedby")).toBeTruthy();

    await picker.getByRole("radio", { name: /^L \/ White/ }).check();
    expect(await portal.locator(".dk-estimate").getByText(T.estimate_replacement).count()).toBe(1);
    await expectAccessible(page, "exchange, size chosen");
    await shoot(page, "02-chosen");

    const created = page.waitForResponse((r) => r.url().endsWith("/apps/dokani/returns") && r.request().method() === "POST");
    await portal.getByRole("button", { name: T.submit }).click();
    const answer = await created;
    expect(answer.status()).toBe(201);
    expect(JSON.parse(answer.request().postData()!).items).toEqual([{ lineItemId: "8001", quantity: 1, reason: "size_too_small", exchangeFor: { variantId: "LS-WHI-L" } }]);
    const view = ((await answer.json()) as { return: { resolution: string; items: Array<{ exchangeFor: { variantId: string } | null }> } }).return;
    expect(view).toMatchObject({ resolution: "exchange", items: [{ exchangeFor: { variantId: "LS-WHI-L" } }] });

    await expectFocusOnHeading(page, fill(T.status_heading, { order: "#2001" }));
    await portal.getByText(fill(T.replacement_label, { name: "Linen Shirt (L / White)" })).waitFor();
    await expectAccessible(page, "exchange decision");
    await shoot(page, "03-decision");
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("offers store credit with the bonus when no other size is in stock, and one click switches to it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    const portal = await toReview(page, demo, "2002", "Organic Cotton Tee");

    await portal.getByLabel(new RegExp(T.resolution_exchange)).check();
    await portal.getByText(T.exchange_none).first().waitFor();
    await page.locator(".dk-sr[aria-live=polite]").filter({ hasText: T.exchange_none }).waitFor();
    expect(await portal.getByRole("radio", { name: fill(T.exchange_option_out, { name: "M / Black" }) }).isDisabled()).toBe(true);
    await expectAccessible(page, "exchange, nothing fits");
    await shoot(page, "04-nothing-fits");

    await portal.getByRole("button", { name: fill(T.exchange_credit_bonus, { percent: 10 }) }).click();
    const credit = portal.getByRole("radio", { name: new RegExp(T.resolution_store_credit) });
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.value === "store_credit");
    expect(await credit.isChecked()).toBe(true);
    await page.locator(".dk-sr[aria-live=polite]").filter({ hasText: T.exchange_switched }).waitFor();
    // 24.00 with the 10% bonus.
    expect(await portal.locator(".dk-row--total dd").textContent()).toBe("$26.40");
    expect(await portal.getByText(fill(T.exchange_legend, { title: "Organic Cotton Tee" })).count()).toBe(0);
    await expectAccessible(page, "switched to store credit");

    const created = page.waitForResponse((r) => r.url().endsWith("/apps/dokani/returns") && r.request().method() === "POST");
    await portal.getByRole("button", { name: T.submit }).click();
    const body = JSON.parse((await created).request().postData()!) as { resolution: string; items: Array<Record<string, unknown>> };
    expect(body.resolution).toBe("store_credit");
    expect(body.items[0]!.exchangeFor).toBeUndefined();
    await expectFocusOnHeading(page, fill(T.status_heading, { order: "#2002" }));
    await shoot(page, "05-credit-decision");
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("offers another product of equal or lower price once the policy allows any product, and sends its product", async () => {
    // The merchant allows any product, through the merchant API.
    const api = (path: string, init: RequestInit = {}) => fetch(`${demo.url}${path}`, { ...init, headers: { authorization: `Bearer ${demo.apiKey}`, "content-type": "application/json" } });
    const policies = (await (await api("/api/v1/policies")).json()) as { data: Array<{ version: number; status: string; rules: Record<string, unknown> & { exchanges: Record<string, unknown> } }> };
    const active = policies.data.find((p) => p.status === "active")!;
    const draft = await api("/api/v1/policies", { method: "POST", body: JSON.stringify({ rules: { ...active.rules, exchanges: { ...active.rules.exchanges, scope: "any_product" } } }) });
    expect(draft.status).toBe(201);
    expect((await api(`/api/v1/policies/${((await draft.json()) as { version: number }).version}/activate`, { method: "POST" })).status).toBe(200);

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-US" });
    const page = await context.newPage();
    const portal = await toReview(page, demo, "2003", "Organic Cotton Tee");
    await portal.getByLabel(new RegExp(T.resolution_exchange)).check();
    await portal.getByText(T.exchange_other_products).waitFor();
    // The beanie costs 20.00, less than the tee; the linen shirt at 49.00 is not offered.
    const beanie = portal.getByRole("radio", { name: /Wool Beanie \(Charcoal\)/ });
    await portal.getByText(fill(T.exchange_difference_less, { amount: "$4.00" })).waitFor();
    expect(await portal.getByText(/Linen Shirt/).count()).toBe(0);
    await beanie.check();
    await expectAccessible(page, "exchange, another product");
    await shoot(page, "06-other-product");

    const created = page.waitForResponse((r) => r.url().endsWith("/apps/dokani/returns") && r.request().method() === "POST");
    await portal.getByRole("button", { name: T.submit }).click();
    const answer = await created;
    expect(JSON.parse(answer.request().postData()!).items[0].exchangeFor).toEqual({ variantId: "WB-CHA", productId: "wool-beanie" });
    expect(((await answer.json()) as { return: { resolution: string; exchange: { settlement: string; difference: string } } }).return).toMatchObject({ resolution: "exchange", exchange: { difference: "4.00" } });
    await portal.getByText(fill(T.replacement_label, { name: "Wool Beanie (Charcoal)" })).waitFor();
    await context.close();
  });
});
