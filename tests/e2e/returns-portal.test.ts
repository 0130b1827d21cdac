import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, type Page, type Request as PwRequest, type Response as PwResponse } from "playwright-core";
import jsQR from "jsqr";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loader as assetLoader } from "../../app/routes/demo.assets.$file";
import { parseEnv, resetEnv } from "../../app/.server/env.server";
import en from "../../extensions/returns-portal/locales/en.default.json";
import de from "../../extensions/returns-portal/locales/de.json";
import es from "../../extensions/returns-portal/locales/es.json";
import fr from "../../extensions/returns-portal/locales/fr.json";
import { expectAccessible, launchChromium } from "../support/browser";
import { solidPng } from "../support/images";
import { spawnDemo, type DemoProcess } from "../support/spawn-demo";
import { JOURNEY_TIMEOUT_MS, START_HOOK_TIMEOUT_MS, START_TIMEOUT_MS } from "../support/timeouts";

// Every step drives a real browser against a real server: bound a hang, not a busy machine.
vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS });

/**
 * The shopper's returns journey on the demo storefront, in a real Chromium against a real
 * `npm run demo` on an empty data folder: find the order, choose an item, a reason and a photo,
 * store credit, submit, read the decision, come back to the status page. Every step is checked with
 * axe-core and photographed into test-results/.
 */

const SHOTS = path.resolve("test-results");
const PORTAL = "#dokani-returns-portal";
const T = en.portal;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Photographs the storefront's returns section, where the portal lives. */
async function shoot(page: Page, name: string) {
  await page.locator("#returns").screenshot({ path: path.join(SHOTS, `returns-portal-${name}.png`) });
}

/** Waits until focus sits on the step heading called `name`, where the portal moves it after each step. */
async function expectFocusOnHeading(page: Page, name: string) {
  await page.waitForFunction((text) => document.activeElement?.matches(".dk-title") && document.activeElement.textContent === text, name);
}

/** The order /demo tells the shopper to try. */
async function sampleOrder(page: Page) {
  const strong = page.locator("#returns p strong");
  return { orderNumber: (await strong.nth(0).textContent())!, email: (await strong.nth(1).textContent())! };
}

const usd = (cents: number) => new Intl.NumberFormat("en", { style: "currency", currency: "USD" }).format(cents / 100);


describe("returns portal on the demo storefront", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dokani-e2e-portal-"));
  let demo: DemoProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [demo, browser] = await Promise.all([spawnDemo({ DOKANI_DATA_DIR: dataDir }, START_TIMEOUT_MS), launchChromium()]);
  }, START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    if (demo?.child.exitCode === null) await demo.stop();
  });

  it("serves the built bundle to the demo, revalidated by ETag, and nothing outside the assets folders", async () => {
    const js = await fetch(`${demo.url}/demo/assets/dokani-returns-portal.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("no-cache");
    expect(js.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await js.text()).toContain("data-dokani-returns-portal");
    const again = await fetch(`${demo.url}/demo/assets/dokani-returns-portal.js`, { headers: { "If-None-Match": js.headers.get("etag")! } });
    expect(again.status).toBe(304);

    const css = await fetch(`${demo.url}/demo/assets/dokani-returns-portal.css`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");

    for (const probe of ["..%2F..%2Fpackage.json", "%2e%2e%2fblocks%2freturns-portal.liquid", "..%5C..%5Cpackage.json", "missing.js", ".gitkeep", "returns-portal.liquid"]) {
      const response = await fetch(`${demo.url}/demo/assets/${probe}`);
      expect(response.status, probe).toBe(404);
    }
  });

  it("takes a shopper from the order to a decision, with a photo and store credit, and back to its status after a reload", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-US" });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    // Layout shifts nobody caused by typing or clicking, as Lighthouse counts them.
    await page.addInitScript(() => {
      const w = window as unknown as { __shift: number };
      w.__shift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as Array<{ value: number; hadRecentInput: boolean }>) if (!entry.hadRecentInput) w.__shift += entry.value;
      }).observe({ type: "layout-shift", buffered: true });
    });

    // Step 1: find the order, after the mistakes a shopper makes.
    await page.goto(`${demo.url}/demo`);
    const portal = page.locator(PORTAL);
    await portal.getByRole("heading", { name: T.lookup_heading }).waitFor();
    const { orderNumber, email } = await sampleOrder(page);
    await page.locator("#returns [role=status]").filter({ hasText: "Connected to Dokani" }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __shift: number }).__shift)).toBeLessThan(0.05);
    await expectAccessible(page, "find your order");
    await shoot(page, "01-lookup");

    await portal.getByRole("button", { name: T.find_order }).click();
    const orderInput = portal.getByLabel(T.order_number_label);
    await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "orderNumber");
    expect(await orderInput.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await orderInput.getAttribute("aria-describedby"))!.split(" ");
    const errorTexts = await Promise.all(describedBy.map((id) => page.locator(`#${id}`).textContent()));
    expect(errorTexts).toContain(T.order_number_required);
    await expectAccessible(page, "find your order, with errors");
    await shoot(page, "02-lookup-errors");

    await orderInput.fill(orderNumber);
    await portal.getByLabel(T.email_label).fill(`not-${email}`);
    await portal.getByLabel(T.email_label).press("Enter");
    await portal.getByRole("alert").filter({ hasText: T.order_not_found }).waitFor();

    await portal.getByLabel(T.email_label).fill(email);
    const lookupAnswer = page.waitForResponse((r) => r.url().includes("/apps/dokani/returns/lookup") && r.status() === 200);
    await portal.getByLabel(T.email_label).press("Enter");
    const lookup = (await (await lookupAnswer).json()) as {
      order: {
        name: string;
        lineItems: Array<{ id: string; title: string; variantTitle: string | null; unitPrice: string; returnable: boolean; returnableQuantity: number }>;
      };
      policy: { storeCreditBonusPercent: number };
    };

    // Step 2: one item, with a reason that needs a photo.
    await expectFocusOnHeading(page, T.items_heading);
    await page.locator(".dk-sr[aria-live=polite]").filter({ hasText: lookup.order.name }).waitFor();
    const line = lookup.order.lineItems.find((l) => l.returnable && l.returnableQuantity > 0)!;
    expect(line, "the sample order has a returnable line").toBeTruthy();
    await expectAccessible(page, "choose what to return");
    await shoot(page, "03-items");

    const item = portal.locator("fieldset.dk-item").filter({ hasText: line.title }).first();
    // Keyboard only: focus the stepper's + and press Enter, as a keyboard user does.
    const fullTitle = [line.title, line.variantTitle].filter(Boolean).join(" — ");
    await item.getByRole("button", { name: T.increase_quantity.replace("{title}", fullTitle) }).focus();
    await page.keyboard.press("Enter");
    expect(await item.getByLabel(T.quantity_label).inputValue()).toBe("1");
    await item.getByLabel(T.reason_label).selectOption({ label: T.reason_damaged });
    await item.getByText(T.evidence_hint).waitFor();
    await item.getByLabel(T.condition_label).selectOption({ label: T.condition_unworn });
    await item.getByLabel(T.item_note_label).fill("The seam on the left side came apart on the first wear.");
    await expectAccessible(page, "choose what to return, item chosen");
    await portal.getByRole("button", { name: T.continue }).click();

    // Step 3: a photo, store credit, and the estimate worked out from the unit price.
    await expectFocusOnHeading(page, T.review_heading);
    await portal.getByText(T.photos_required).waitFor();
    // A real photo, and a file that only claims to be one: the server reads the bytes and refuses it.
    await portal.locator("input[type=file]").setInputFiles([
      { name: "torn-seam.png", mimeType: "image/png", buffer: solidPng(48, 48, [200, 60, 40]) },
      { name: "not-really.png", mimeType: "image/png", buffer: Buffer.from("these bytes are not an image") },
    ]);
    await portal.locator(".dk-photo").filter({ hasText: "torn-seam.png" }).waitFor();
    expect(await portal.locator(".dk-photo").filter({ hasText: "torn-seam.png" }).locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(48);
    // A preview the browser cannot draw becomes a plain tile rather than a broken image.
    await portal.locator(".dk-photo").filter({ hasText: "not-really.png" }).locator(".dk-thumb--file").waitFor();
    await portal.getByLabel(new RegExp(T.resolution_store_credit)).check();
    const itemsCents = Math.round(Number(line.unitPrice) * 100);
    const bonusCents = Math.floor((itemsCents * Math.round(lookup.policy.storeCreditBonusPercent * 100) + 5000) / 10000);
    expect(await portal.locator(".dk-row--total dd").textContent()).toBe(usd(itemsCents + bonusCents));
    await expectAccessible(page, "photos and refund");
    await shoot(page, "04-review");

    const created = page.waitForResponse((r) => r.url().endsWith("/apps/dokani/returns") && r.request().method() === "POST");
    const uploads: PwResponse[] = [];
    page.on("response", (r) => {
      if (r.url().includes("/evidence?") && r.request().method() === "POST") uploads.push(r);
    });
    // Listened for before the submit: on a busy machine the portal's read of the new return can come
    // back before the create's answer has been looked at here.
    const reread = page.waitForResponse((r) => /\/apps\/dokani\/returns\/[0-9a-f-]{36}\?/.test(r.url()) && r.request().method() === "GET");
    await portal.getByRole("button", { name: T.submit }).click();
    const createResponse = await created;
    expect(createResponse.status()).toBe(201);
    expect((await createResponse.request().headerValue("idempotency-key")) ?? "").toMatch(UUID);
    const { return: view, accessToken } = (await createResponse.json()) as { return: { id: string }; accessToken: string };

    // The decision, then the photo, then the decision again (the photo may change it).
    await expectFocusOnHeading(page, T.status_heading.replace("{order}", lookup.order.name));
    const rereadResponse = await reread;
    expect(rereadResponse.url()).toContain(`/apps/dokani/returns/${view.id}?`);
    const current = (await rereadResponse.json()) as { return: { status: string; decision: { outcome: string; explanation: string } } };
    expect(uploads.map((r) => r.status())).toEqual([201, 415]);
    await portal.locator(".dk-photo").filter({ hasText: "torn-seam.png" }).getByText(T.uploaded, { exact: true }).waitFor();
    const refused = portal.locator(".dk-photo").filter({ hasText: "not-really.png" });
    await refused.getByText(T.upload_failed.replace("{message}", T.unsupported_media_type)).waitFor();
    // Sending the same bytes again cannot help, so no retry is offered for a refused file.
    expect(await refused.getByRole("button", { name: T.retry }).count()).toBe(0);
    const decision = portal.locator(".dk-decision");
    await decision.getByRole("heading", { name: T[`outcome_${current.return.decision.outcome}` as keyof typeof T] }).waitFor();
    expect(current.return.decision.explanation.length).toBeGreaterThan(0);
    await decision.getByText(current.return.decision.explanation).waitFor();
    await page.locator(".dk-sr[aria-live=polite]").filter({ hasText: T.photos_uploaded }).waitFor();
    const url = new URL(page.url());
    expect(url.searchParams.get("dokani_return")).toBe(view.id);
    expect(url.searchParams.get("dokani_token")).toBe(accessToken);
    await expectAccessible(page, "decision");
    await shoot(page, "05-decision");

    // The status page to come back to: a reload shows what the status endpoint says now.
    await page.reload();
    await portal.getByRole("heading", { name: T.status_heading.replace("{order}", lookup.order.name) }).waitFor();
    const now = (await (await page.request.get(`${demo.url}/apps/dokani/returns/${view.id}?token=${encodeURIComponent(accessToken)}`)).json()) as typeof current;
    await decision.getByText(T[`status_${now.return.status}` as keyof typeof T], { exact: true }).waitFor();
    await decision.getByText(now.return.decision.explanation).waitFor();
    await portal.getByText(`${line.title} × 1`).waitFor();
    await expectAccessible(page, "status after reload");
    await shoot(page, "06-status");

    expect(pageErrors).toEqual([]);
    await context.close();
  }, JOURNEY_TIMEOUT_MS);

  it("speaks French when the page is French, and prefers the theme's rendered strings", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // What Shopify does for a French storefront: the page's lang, and the block's strings in a JSON tag.
    await page.route(/\/demo$/, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: (await response.text()).replace('<html lang="en">', '<html lang="fr">') });
    });
    await page.route(/\/demo\/assets\/dokani-returns-portal\.js$/, async (route) => {
      const response = await route.fetch();
      const strings = JSON.stringify({ lookup_intro: "Saisissez le numéro &amp; l&#39;e-mail de la commande." });
      const inject = `document.querySelector("[data-dokani-returns-portal]").insertAdjacentHTML("beforeend", ${JSON.stringify(`<script type="application/json" data-dokani-strings>${strings}</script>`)});\n`;
      await route.fulfill({ response, body: inject + (await response.text()) });
    });
    await page.goto(`${demo.url}/demo`);
    const portal = page.locator(PORTAL);
    await portal.getByRole("heading", { name: fr.portal.lookup_heading }).waitFor();
    await portal.getByText("Saisissez le numéro & l'e-mail de la commande.").waitFor();
    await portal.getByLabel(fr.portal.order_number_label).waitFor();
    await portal.getByRole("button", { name: fr.portal.find_order }).click();
    await portal.getByText(fr.portal.order_number_required).waitFor();
    await expectAccessible(page, "French");
    await shoot(page, "07-french-desktop");
    await context.close();
  });

  it("speaks Spanish and German, as the chat does, when the page is in those languages", async () => {
    for (const [lang, strings] of [["es-MX", es.portal], ["de-DE", de.portal]] as const) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.route(/\/demo$/, async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, body: (await response.text()).replace('<html lang="en">', `<html lang="${lang}">`) });
      });
      await page.goto(`${demo.url}/demo`);
      const portal = page.locator(PORTAL);
      await portal.getByRole("heading", { name: strings.lookup_heading }).waitFor();
      await portal.getByText(strings.lookup_intro).waitFor();
      await portal.getByRole("button", { name: strings.find_order }).click();
      await portal.getByText(strings.order_number_required).waitFor();
      await expectAccessible(page, lang);
      await shoot(page, `07-${lang}-phone`);
      await context.close();
    }
  });
});

describe("returns portal with lines that cannot be returned", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dokani-e2e-portal-orders-"));
  const day = 24 * 3600 * 1000;
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString();
  const orders = [
    {
      id: "7001",
      name: "#2001",
      email: "sam.rivera@example.com",
      currency: "USD",
      processedAt: at(6),
      deliveredAt: at(3),
      lineItems: [
        { id: "8001", title: "Linen Shirt", variantTitle: "M / Sand", sku: "LS-SAN-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: ["summer"] },
        { id: "8002", title: "Sunday Tee", variantTitle: "L", sku: "ST-L", quantity: 1, unitPrice: "25.00", productType: "T-Shirts", tags: ["final-sale"] },
        { id: "8003", title: "Gift Card", variantTitle: null, sku: null, quantity: 1, unitPrice: "50.00", productType: "Gift Card", tags: [] },
      ],
    },
    {
      id: "7002",
      name: "#2002",
      email: "kim.okafor@example.com",
      currency: "USD",
      processedAt: at(80),
      deliveredAt: at(77),
      lineItems: [{ id: "8004", title: "Denim Jacket", variantTitle: "S", sku: "DJ-S", quantity: 1, unitPrice: "120.00", productType: "Jackets", tags: [] }],
    },
    // Older than #2001, which stays the order /demo suggests (its most recent delivered order).
    {
      id: "7003",
      name: "#2003",
      email: "lee.moreau@example.com",
      currency: "USD",
      processedAt: at(7),
      deliveredAt: at(4),
      lineItems: [
        { id: "8005", title: "Gift Card", variantTitle: null, sku: null, quantity: 1, unitPrice: "25.00", productType: "Gift Card", tags: [] },
        { id: "8006", title: "Sunday Tee", variantTitle: "M", sku: "ST-M", quantity: 2, unitPrice: "25.00", productType: "T-Shirts", tags: ["final-sale"] },
      ],
    },
    {
      id: "7004",
      name: "#2004",
      email: "noor.haddad@example.com",
      currency: "USD",
      processedAt: at(7),
      deliveredAt: at(4),
      lineItems: [
        { id: "8007", title: "Wool Scarf", variantTitle: "Grey", sku: "WS-G", quantity: 1, unitPrice: "39.00", productType: "Accessories", tags: [] },
        { id: "8008", title: "Gift Card", variantTitle: null, sku: null, quantity: 1, unitPrice: "25.00", productType: "Gift Card", tags: [] },
      ],
    },
  ];
  let demo: DemoProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const file = path.join(dataDir, "orders.json");
    writeFileSync(file, JSON.stringify(orders));
    [demo, browser] = await Promise.all([spawnDemo({ DOKANI_DATA_DIR: dataDir, DOKANI_DEMO_ORDERS: file }, START_TIMEOUT_MS), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    page = await context.newPage();
  }, START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    if (demo?.child.exitCode === null) await demo.stop();
  });

  async function findOrder(orderNumber: string, email: string) {
    const portal = page.locator(PORTAL);
    await portal.getByLabel(T.order_number_label).fill(orderNumber);
    await portal.getByLabel(T.email_label).fill(email);
    await portal.getByRole("button", { name: T.find_order }).click();
  }

  it("answers guessing with the rate-limit message", async () => {
    await page.goto(`${demo.url}/demo`);
    const portal = page.locator(PORTAL);
    await portal.getByRole("heading", { name: T.lookup_heading }).waitFor();
    let answer: PwResponse | undefined;
    for (let attempt = 0; attempt < 6 && answer?.status() !== 429; attempt++) {
      const next = page.waitForResponse((r) => r.url().includes("/returns/lookup"));
      await findOrder("#2002", `guess${attempt}@example.com`);
      answer = await next;
      await portal.getByRole("alert").filter({ hasText: answer.status() === 429 ? T.rate_limited : T.order_not_found }).waitFor();
    }
    expect(answer?.status()).toBe(429);
  });

  it("shows lines that cannot be returned as disabled, with the reason, and bounds the steppers", async () => {
    await page.goto(`${demo.url}/demo`);
    const portal = page.locator(PORTAL);
    await portal.getByRole("heading", { name: T.lookup_heading }).waitFor();
    const { orderNumber, email } = await sampleOrder(page);
    expect(orderNumber).toBe("#2001");
    await findOrder(orderNumber, email);
    await expectFocusOnHeading(page, T.items_heading);

    for (const title of ["Sunday Tee", "Gift Card"]) {
      const line = portal.locator("fieldset.dk-item").filter({ hasText: title });
      expect(await line.evaluate((el: HTMLFieldSetElement) => el.disabled)).toBe(true);
      const quantity = line.getByLabel(T.quantity_label);
      expect(await quantity.isDisabled()).toBe(true);
      const reasonId = (await quantity.getAttribute("aria-describedby"))!;
      expect(await page.locator(`#${reasonId}`).textContent()).toMatch(new RegExp(`^${T.not_returnable} — ${title} .+`));
    }

    const shirt = portal.locator("fieldset.dk-item").filter({ hasText: "Linen Shirt" });
    const plus = shirt.getByRole("button", { name: `Return one more: Linen Shirt — M / Sand` });
    await plus.click();
    await plus.click();
    expect(await plus.getAttribute("aria-disabled")).toBe("true");
    // Still focusable and clickable (a disabled button would drop the focus), but it goes no higher.
    await plus.dispatchEvent("click");
    expect(await shirt.getByLabel(T.quantity_label).inputValue()).toBe("2");
    await shirt.getByRole("button", { name: "Return one fewer: Linen Shirt — M / Sand" }).click();
    expect(await shirt.getByLabel(T.quantity_label).inputValue()).toBe("1");

    // Continue without a reason: the error is on the select, described by it, and focused.
    await portal.getByRole("button", { name: T.continue }).click();
    const reason = shirt.getByLabel(T.reason_label);
    await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "reason");
    expect(await reason.getAttribute("aria-invalid")).toBe("true");
    const ids = (await reason.getAttribute("aria-describedby"))!.split(" ");
    expect(await Promise.all(ids.map((id) => page.locator(`#${id}`).textContent()))).toContain(T.reason_required);
    await expectAccessible(page, "lines that cannot be returned");
    await shoot(page, "08-not-returnable");
  });

  it("refuses photos it cannot send, repeats a submit cut off by the network under the same Idempotency-Key, and takes the missing photo on the status page", async () => {
    await page.goto(`${demo.url}/demo`);
    const portal = page.locator(PORTAL);
    await portal.getByRole("heading", { name: T.lookup_heading }).waitFor();
    await findOrder("#2001", "Sam.Rivera@example.com");
    await expectFocusOnHeading(page, T.items_heading);
    const shirt = portal.locator("fieldset.dk-item").filter({ hasText: "Linen Shirt" });
    await shirt.getByRole("button", { name: "Return one more: Linen Shirt — M / Sand" }).click();
    await shirt.getByLabel(T.reason_label).selectOption({ label: T.reason_wrong_item });
    await portal.getByRole("button", { name: T.continue }).click();
    await expectFocusOnHeading(page, T.review_heading);

    // 10 MB travels to the shared Chromium over its connection: on a busy machine that takes a while.
    await portal.locator("input[type=file]").setInputFiles(
      [
        { name: "receipt.txt", mimeType: "text/plain", buffer: Buffer.from("not a photo") },
        { name: "huge.png", mimeType: "image/png", buffer: Buffer.alloc(10 * 1024 * 1024 + 1) },
      ],
      { timeout: 120_000 },
    );
    await portal.getByText(`${T.photo_type_error.replace("{name}", "receipt.txt")} ${T.photo_size_error.replace("{name}", "huge.png")}`).waitFor();
    expect(await portal.locator(".dk-photo").count()).toBe(0);
    await portal.locator("input[type=file]").setInputFiles({ name: "tag.png", mimeType: "image/png", buffer: solidPng(8, 8, [20, 90, 160]) });
    await portal.getByRole("button", { name: "Remove tag.png" }).click();
    expect(await portal.locator(".dk-photo").count()).toBe(0);
    await page.waitForFunction(() => document.activeElement?.getAttribute("type") === "file");

    // Submit without a resolution: the error names the fieldset and focus goes to its first option.
    await portal.getByRole("button", { name: T.submit }).click();
    await portal.getByText(T.resolution_required).waitFor();
    await portal.getByLabel(new RegExp(T.resolution_refund)).check();

    // The first answer is lost on the way back (the server did create the return); the shopper submits again.
    const requests: PwRequest[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && /\/apps\/dokani\/returns$/.test(r.url())) requests.push(r);
    });
    let firstAnswer: { return: { id: string } } | undefined;
    await page.route(/\/apps\/dokani\/returns$/, async (route) => {
      if (route.request().method() !== "POST" || firstAnswer) return route.fallback();
      const response = await route.fetch();
      firstAnswer = (await response.json()) as { return: { id: string } };
      await route.abort("connectionreset");
    });
    await portal.getByRole("button", { name: T.submit }).click();
    await portal.getByRole("alert").filter({ hasText: T.network_error }).waitFor();
    const second = page.waitForResponse((r) => /\/apps\/dokani\/returns$/.test(r.url()) && r.request().method() === "POST");
    await portal.getByRole("button", { name: T.submit }).click();
    const repeated = await second;
    expect(repeated.status()).toBe(200);
    expect(((await repeated.json()) as { return: { id: string } }).return.id).toBe(firstAnswer!.return.id);
    expect(requests).toHaveLength(2);
    const keys = await Promise.all(requests.map((r) => r.headerValue("idempotency-key")));
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toBe(keys[0]);
    await expectFocusOnHeading(page, T.status_heading.replace("{order}", "#2001"));
    await portal.getByText("Linen Shirt × 1").waitFor();

    // Sent without the photo its reason needs, it waits for review; the photo can follow from here.
    const decision = portal.locator(".dk-decision");
    await decision.getByRole("heading", { name: T.outcome_pending_review }).waitFor();
    let cutOff = false;
    await page.route(/\/evidence\?/, async (route) => {
      if (cutOff) return route.fallback();
      cutOff = true;
      await route.abort("connectionreset");
    });
    await portal.locator("input[type=file]").setInputFiles({ name: "label.png", mimeType: "image/png", buffer: solidPng(16, 16, [30, 30, 30]) });
    const photo = portal.locator(".dk-photo").filter({ hasText: "label.png" });
    await photo.getByText(T.upload_failed.replace("{message}", T.network_error)).waitFor();
    const reread = page.waitForResponse((r) => /\/apps\/dokani\/returns\/[^/]+\?token=/.test(r.url()) && r.request().method() === "GET");
    await photo.getByRole("button", { name: T.retry }).click();
    await photo.getByText(T.uploaded, { exact: true }).waitFor();
    const after = (await (await reread).json()) as { return: { decision: { outcome: string; explanation: string } } };
    await decision.getByRole("heading", { name: T[`outcome_${after.return.decision.outcome}` as keyof typeof T] }).waitFor();
    await decision.getByText(after.return.decision.explanation).waitFor();
    await page.locator(".dk-sr[aria-live=polite]").filter({ hasText: T.photos_uploaded }).waitFor();
    await expectAccessible(page, "status page with a photo sent after the request");
    await shoot(page, "09-photo-after-request");
  });

  it("offers no Continue when nothing in the order can be returned, only the way back", async () => {
    await page.goto(`${demo.url}/demo`);
    const portal = page.locator(PORTAL);
    await portal.getByRole("heading", { name: T.lookup_heading }).waitFor();
    await findOrder("#2003", "lee.moreau@example.com");
    await expectFocusOnHeading(page, T.items_heading);
    expect(await portal.locator("fieldset.dk-item:not([disabled])").count()).toBe(0);
    await portal.getByText(T.nothing_returnable).waitFor();
    expect(await portal.getByRole("button", { name: T.continue }).count()).toBe(0);
    await portal.getByRole("button", { name: T.back }).click();
    await expectFocusOnHeading(page, T.lookup_heading);
  });

  it("starts the order's one returnable single-unit line at 1, its details open", async () => {
    await page.goto(`${demo.url}/demo`);
    const portal = page.locator(PORTAL);
    await portal.getByRole("heading", { name: T.lookup_heading }).waitFor();
    await findOrder("#2004", "noor.haddad@example.com");
    await expectFocusOnHeading(page, T.items_heading);
    const scarf = portal.locator("fieldset.dk-item").filter({ hasText: "Wool Scarf" });
    expect(await scarf.getByLabel(T.quantity_label).inputValue()).toBe("1");
    expect(await scarf.getByRole("button", { name: "Return one more: Wool Scarf — Grey" }).getAttribute("aria-disabled")).toBe("true");
    await scarf.getByLabel(T.reason_label).selectOption({ label: T.reason_changed_mind });
    await portal.getByRole("button", { name: T.continue }).click();
    await expectFocusOnHeading(page, T.review_heading);
  });

  it("keeps every value clear of the chat launcher on a phone, wherever the page is scrolled", async () => {
    await page.goto(`${demo.url}/demo`);
    const portal = page.locator(PORTAL);
    await portal.getByRole("heading", { name: T.lookup_heading }).waitFor();
    await findOrder("#2004", "noor.haddad@example.com");
    await expectFocusOnHeading(page, T.items_heading);
    const scarf = portal.locator("fieldset.dk-item").filter({ hasText: "Wool Scarf" });
    await scarf.getByLabel(T.reason_label).selectOption({ label: T.reason_changed_mind });
    await portal.getByRole("button", { name: T.continue }).click();
    await expectFocusOnHeading(page, T.review_heading);
    await portal.getByLabel(new RegExp(T.resolution_store_credit)).check();

    const launcher = page.getByTestId("dokani-chat-launcher");
    await launcher.waitFor();
    const button = (await launcher.boundingBox())!;
    const values = portal.locator(".dk-row dd");
    expect(await values.count()).toBeGreaterThanOrEqual(2);
    for (const value of await values.all()) {
      // Scroll the value to the launcher's height: it must sit wholly to the side of it.
      await value.evaluate((el, top) => window.scrollBy(0, el.getBoundingClientRect().top - top), button.y);
      const box = (await value.boundingBox())!;
      const overlaps = box.x < button.x + button.width && box.x + box.width > button.x && box.y < button.y + button.height && box.y + box.height > button.y;
      expect(overlaps, `"${await value.innerText()}" under the launcher`).toBe(false);
      expect(box.x + box.width).toBeLessThanOrEqual(button.x);
      // And nothing is drawn over the value's text.
      const onTop = await value.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.right - 2, r.top + r.height / 2);
        return hit !== null && el.contains(hit);
      });
      expect(onTop).toBe(true);
    }
    await shoot(page, "10-values-beside-launcher");
  });
});

describe("after approval, on a phone", () => {
  // Shares nothing with the journeys above: its own store, browser and orders.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dokani-e2e-portal-next-"));
  const day = 24 * 3600 * 1000;
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString();
  const orders = [
    { id: "7101", name: "#3001", email: "lee.chen@example.com", currency: "USD", processedAt: at(10), deliveredAt: at(7), lineItems: [{ id: "8101", title: "Canvas Tote", variantTitle: null, sku: "CT-1", quantity: 1, unitPrice: "38.00", productType: "Bags", tags: [] }] },
    { id: "7102", name: "#3002", email: "lee.chen@example.com", currency: "USD", processedAt: at(2), deliveredAt: null, lineItems: [{ id: "8102", title: "Rain Jacket", variantTitle: null, sku: "RJ-1", quantity: 1, unitPrice: "89.00", productType: "Jackets", tags: [] }] },
  ];
  let demo: DemoProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const file = path.join(dataDir, "orders.json");
    writeFileSync(file, JSON.stringify(orders));
    [demo, browser] = await Promise.all([spawnDemo({ DOKANI_DATA_DIR: dataDir, DOKANI_DEMO_ORDERS: file }, START_TIMEOUT_MS), launchChromium()]);
  }, START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    if (demo?.child.exitCode === null) await demo.stop();
  });

  it("says what to do next and by when with a QR code that scans, refuses what has not arrived, and brings the shopper back by the email link and by a new lookup", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-US" });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    const portal = page.locator(PORTAL);
    const findOrder = async (orderNumber: string) => {
      await portal.getByLabel(T.order_number_label).fill(orderNumber);
      await portal.getByLabel(T.email_label).fill("lee.chen@example.com");
      await portal.getByRole("button", { name: T.find_order }).click();
      await expectFocusOnHeading(page, T.items_heading);
    };
    await page.goto(`${demo.url}/demo`);
    await portal.getByRole("heading", { name: T.lookup_heading }).waitFor();

    // A parcel still on its way cannot be returned: the shopper is told to contact the store to cancel.
    await findOrder("#3002");
    const jacket = portal.locator("fieldset.dk-item").filter({ hasText: "Rain Jacket" });
    expect(await jacket.evaluate((el: HTMLFieldSetElement) => el.disabled)).toBe(true);
    await jacket.getByText("Rain Jacket is still on its way. You can return it once it arrives; to cancel it instead, contact the store.").waitFor();
    await shoot(page, "10-not-arrived");
    await portal.getByRole("button", { name: T.back }).click();

    // The tote comes back: approved at once, with what to do next.
    await findOrder("#3001");
    const tote = portal.locator("fieldset.dk-item").filter({ hasText: "Canvas Tote" });
    // The order's one returnable line is a single unit: it starts chosen, and there is no second to add.
    expect(await tote.getByRole("button", { name: T.increase_quantity.replace("{title}", "Canvas Tote") }).getAttribute("aria-disabled")).toBe("true");
    await tote.getByLabel(T.reason_label).selectOption({ label: T.reason_size_too_large });
    await portal.getByRole("button", { name: T.continue }).click();
    await expectFocusOnHeading(page, T.review_heading);
    await portal.getByLabel(new RegExp(T.resolution_refund)).check();
    const created = page.waitForResponse((r) => r.url().endsWith("/apps/dokani/returns") && r.request().method() === "POST");
    await portal.getByRole("button", { name: T.submit }).click();
    const { return: view } = (await (await created).json()) as { return: { id: string; status: string; reference: string; nextStep: { kind: string; deadline: string } } };
    expect(view.status).toBe("approved");
    expect(view.nextStep.kind).toBe("send_back");
    const dueWords = new Intl.DateTimeFormat("en-US", { dateStyle: "full", timeZone: "UTC" }).format(new Date(`${view.nextStep.deadline}T12:00:00Z`));
    const dueLine = T.next_send_by.replace("{date}", dueWords);

    const next = portal.locator(".dk-next");
    await next.getByRole("heading", { name: T.next_heading }).waitFor();
    await next.getByText(dueLine).waitFor();
    expect(await next.locator(".dk-reference strong").textContent()).toBe(view.reference);
    await next.getByText("225 Kent Avenue, Unit 4", { exact: false }).first().waitFor();
    await next.getByText(T.next_ship_reference.replace("{reference}", view.reference)).waitFor();

    // The QR code shown at the counter scans as the return's reference.
    const qr = next.getByRole("img", { name: T.qr_alt.replace("{reference}", view.reference) });
    await qr.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => (document.querySelector("img.dk-qr") as HTMLImageElement | null)?.naturalWidth);
    const size = 352;
    const pixels = await qr.evaluate((img: HTMLImageElement, side: number) => {
      const canvas = document.createElement("canvas");
      canvas.width = side;
      canvas.height = side;
      const g = canvas.getContext("2d")!;
      g.fillStyle = "#fff";
      g.fillRect(0, 0, side, side);
      g.drawImage(img, 0, 0, side, side);
      return Array.from(g.getImageData(0, 0, side, side).data);
    }, size);
    expect(jsQR(Uint8ClampedArray.from(pixels), size, size)?.data).toBe(view.reference);
    // Nothing on the page is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page, "what to do next");
    await shoot(page, "11-next-step");

    // The approval email links back to this return, on the address the app is really served at.
    let link: string | undefined;
    await expect
      .poll(
        async () => {
          const html = (await (await fetch(`${demo.url}/app/mail`)).text()).replaceAll("&amp;", "&");
          link = new RegExp(`See your return at any time: (\\S+?dokani_return=${view.id}[^\\s<"]*)`).exec(html)?.[1];
          return link;
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBeTruthy();
    expect(new URL(link!).origin).toBe(new URL(demo.url).origin);
    await page.goto(link!);
    await portal.getByRole("heading", { name: T.status_heading.replace("{order}", "#3001") }).waitFor();
    await portal.locator(".dk-next").getByText(dueLine).waitFor();

    // Looking the order up again lists the return, says by when to send it, and opens it.
    await portal.getByRole("button", { name: T.start_over }).click();
    await findOrder("#3001");
    const earlier = portal.locator(".dk-returns");
    await earlier.getByRole("heading", { name: T.your_returns_heading }).waitFor();
    const state = T.state_send_by.replace("{date}", dueWords);
    await earlier.getByText(state).waitFor();
    await tote.getByText(state).waitFor();
    expect(await tote.textContent()).not.toMatch(/already returned/i);
    await expectAccessible(page, "order with a return already made");
    await shoot(page, "12-earlier-returns");
    await earlier.getByRole("link", { name: T.view_return.replace("{reference}", view.reference) }).click();
    await expectFocusOnHeading(page, T.status_heading.replace("{order}", "#3001"));
    expect(new URL(page.url()).searchParams.get("dokani_return")).toBe(view.id);

    expect(pageErrors).toEqual([]);
    await context.close();
  }, JOURNEY_TIMEOUT_MS);
});

describe("the demo asset route outside the demo", () => {
  const call = (file: string) =>
    assetLoader({ params: { file }, request: new Request(`http://localhost/demo/assets/${encodeURIComponent(file)}`), context: { remoteAddress: "127.0.0.1", requestId: "e2e" } }) as Promise<Response>;

  afterAll(() => resetEnv());

  it("answers 404 unless the app runs as the demo", async () => {
    resetEnv(parseEnv({ NODE_ENV: "production", SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://dokani.example", DOKANI_SECRET: "x".repeat(32) }));
    expect((await call("dokani-returns-portal.js")).status).toBe(404);
    resetEnv(parseEnv({ NODE_ENV: "test" }));
    expect((await call("dokani-returns-portal.js")).status).toBe(404);
  });

  it("in the demo, serves only plain file names found in an assets folder", async () => {
    resetEnv(parseEnv({ NODE_ENV: "test", DOKANI_DEMO: "1" }));
    const ok = await call("dokani-returns-portal.css");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("text/css; charset=utf-8");
    for (const file of ["../../package.json", "..", "../assets/dokani-returns-portal.js", "/etc/passwd", "dokani-returns-portal.ts", "x\\..\\..\\package.json"]) {
      expect((await call(file)).status, file).toBe(404);
    }
  });
});
