import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/browser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { action as createAction } from "../../app/routes/proxy.returns._index";
import { loader as statusLoader } from "../../app/routes/proxy.returns.$id";
import { action as lookupAction } from "../../app/routes/proxy.returns.lookup";
import { db } from "../../app/.server/db.server";
import { jobRegistry } from "../../app/.server/job-registry.server";
import { startJobRuntime, stopJobRuntime } from "../../app/.server/jobs/runtime.server";
import { setWooCommerceHttpsAgent } from "../../app/.server/platforms/woocommerce/woo-client";
import { signProxyParams } from "../../app/.server/proxy/proxy-signature";
import en from "../../extensions/returns-portal/locales/en.default.json";
import { connectFakeStore, createFakeWooCommerce, drainJobs, type FakeWooCommerce } from "../fakes/woocommerce";
import { setupTestDatabase } from "../support/test-database";
import { JOURNEY_TIMEOUT_MS } from "../support/timeouts";

// Every step drives a real browser against a real server: bound a hang, not a busy machine.
vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS });

/**
 * The returns portal on a WooCommerce storefront, in a real Chromium: a stand-in for WordPress serves
 * a page with the plugin's shortcode markup and the plugin's copied assets, and forwards
 * `/wp-json/dokani/v1/proxy/*` exactly as `Dokani_Proxy` does (the store's proxy secret, the
 * plugin's path prefix) to a Dokani server started for the test, whose store is a connected fake
 * WooCommerce. The shopper walks lookup → request → decision.
 */

setupTestDatabase();
const T = en.portal;
const ASSETS = path.resolve("woocommerce-plugin/dokani/assets");
const PREFIX = "/wp-json/dokani/v1/proxy";

type Handler = (args: { request: Request; params: Record<string, string>; context: { remoteAddress: string; requestId: string } }) => Promise<Response>;

/** Dokani's storefront routes, served over HTTP by the route modules themselves. */
function dokaniRoute(pathname: string): { handler: Handler; params: Record<string, string> } | null {
  if (pathname === "/proxy/returns/lookup") return { handler: lookupAction as Handler, params: {} };
  if (pathname === "/proxy/returns") return { handler: createAction as Handler, params: {} };
  const status = /^\/proxy\/returns\/([^/]+)$/.exec(pathname);
  if (status) return { handler: statusLoader as Handler, params: { id: status[1]! } };
  return null;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

describe("the returns portal on a WooCommerce storefront", () => {
  let fake: FakeWooCommerce;
  let browser: Browser;
  let dokani: http.Server;
  let wordpress: http.Server;
  let wordpressUrl: string;
  let order: ReturnType<FakeWooCommerce["store"]["addOrder"]>;
  const forwarded: string[] = [];

  beforeAll(async () => {
    fake = await createFakeWooCommerce({ https: true });
    setWooCommerceHttpsAgent(fake.httpsAgent);
    await startJobRuntime({ client: db(), registry: jobRegistry, pollMs: 50 });
    const store = await connectFakeStore(fake, "Woo Outfitters");
    order = fake.store.addOrder({ email: "sam.rivera@example.com", lineItems: [{ name: "Linen Shirt", quantity: 2, total: "98.00" }, { name: "Canvas Tote", quantity: 1, total: "20.00" }] });

    dokani = http.createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://dokani.local");
      const route = dokaniRoute(url.pathname);
      if (!route) return void res.writeHead(404).end();
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : new Uint8Array(await readBody(req));
      const request = new Request(`http://dokani.local${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body });
      const response = await route.handler({ request, params: route.params, context: { remoteAddress: req.socket.remoteAddress ?? "", requestId: "e2e" } });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    const dokaniUrl = await listen(dokani);

    wordpress = http.createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://wordpress.local");
      if (url.pathname === "/returns/") {
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        // What [dokani_returns_portal] renders, with the plugin's enqueued files.
        return void res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Returns – Woo Outfitters</title>
<link rel="stylesheet" href="/wp-content/plugins/dokani/assets/dokani-returns-portal.css"></head>
<body><main><h1>Returns</h1><div class="dokani-returns-portal" data-dokani-returns-portal data-proxy-base="${PREFIX}" data-heading-level="2"></div></main>
<script defer src="/wp-content/plugins/dokani/assets/dokani-returns-portal.js"></script></body></html>`);
      }
      const asset = /^\/wp-content\/plugins\/dokani\/assets\/(dokani-[a-z-]+\.(js|css))$/.exec(url.pathname);
      if (asset && existsSync(path.join(ASSETS, asset[1]!))) {
        res.writeHead(200, { "Content-Type": asset[2] === "js" ? "text/javascript" : "text/css" });
        return void res.end(readFileSync(path.join(ASSETS, asset[1]!)));
      }
      if (url.pathname.startsWith(`${PREFIX}/`)) {
        // Dokani_Signer::signed_query: the shopper's own parameters, the plugin's, then the signature.
        const params = new URLSearchParams();
        for (const [key, value] of url.searchParams) if (!["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"].includes(key)) params.append(key, value);
        params.set("shop", store.domain);
        params.set("logged_in_customer_id", "");
        params.set("path_prefix", PREFIX);
        params.set("timestamp", String(Math.floor(Date.now() / 1000)));
        params.set("signature", signProxyParams(params, store.proxySecret));
        const target = `${dokaniUrl}/proxy/${url.pathname.slice(PREFIX.length + 1)}?${params}`;
        forwarded.push(target);
        const headers: Record<string, string> = {};
        for (const name of ["content-type", "accept", "authorization", "idempotency-key"]) if (req.headers[name]) headers[name] = String(req.headers[name]);
        const answer = await fetch(target, { method: req.method, headers, body: req.method === "GET" ? undefined : new Uint8Array(await readBody(req)) });
        res.writeHead(answer.status, { "Content-Type": answer.headers.get("content-type") ?? "application/json", "Cache-Control": "no-store" });
        return void res.end(Buffer.from(await answer.arrayBuffer()));
      }
      res.writeHead(404).end();
    });
    wordpressUrl = await listen(wordpress);
    browser = await launchChromium();
  }, JOURNEY_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await stopJobRuntime();
    await new Promise((resolve) => wordpress?.close(resolve));
    await new Promise((resolve) => dokani?.close(resolve));
    setWooCommerceHttpsAgent(undefined);
    await fake?.close();
  });

  it("finds the WooCommerce order, takes the request and shows the decision", async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${wordpressUrl}/returns/`);
    const portal = page.locator("[data-dokani-returns-portal]");
    await portal.getByRole("heading", { name: T.lookup_heading }).waitFor();

    await portal.getByLabel(T.order_number_label).fill(order.number);
    await portal.getByLabel(T.email_label).fill("someone.else@example.com");
    await portal.getByRole("button", { name: T.find_order }).click();
    await portal.getByRole("alert").filter({ hasText: T.order_not_found }).waitFor();

    await portal.getByLabel(T.email_label).fill("Sam.Rivera@example.com");
    await portal.getByRole("button", { name: T.find_order }).click();
    await portal.getByRole("heading", { name: T.items_heading }).waitFor();

    const item = portal.locator("fieldset.dk-item").filter({ hasText: "Linen Shirt" }).first();
    await item.getByRole("button", { name: T.increase_quantity.replace("{title}", "Linen Shirt") }).click();
    await item.getByLabel(T.reason_label).selectOption({ label: T.reason_size_too_small });
    await portal.getByRole("button", { name: T.continue }).click();
    await portal.getByRole("heading", { name: T.review_heading }).waitFor();
    await portal.getByLabel(new RegExp(T.resolution_refund)).check();

    const created = page.waitForResponse((r) => r.url().endsWith(`${PREFIX}/returns`) && r.request().method() === "POST");
    await portal.getByRole("button", { name: T.submit }).click();
    const response = await created;
    expect(response.status()).toBe(201);
    const { return: view } = (await response.json()) as { return: { id: string; decision: { outcome: string } } };
    await portal.getByRole("heading", { name: T.status_heading.replace("{order}", `#${order.number}`) }).waitFor();
    const decision = portal.locator(".dk-decision");
    await decision.getByRole("heading", { name: T[`outcome_${view.decision.outcome}` as keyof typeof T] }).waitFor();

    // Every call went through the plugin's route, signed for this store.
    expect(forwarded.length).toBeGreaterThanOrEqual(3);
    expect(forwarded.every((url) => new URL(url).searchParams.get("path_prefix") === PREFIX)).toBe(true);
    await drainJobs();
    const row = await db().returnRequest.findUniqueOrThrow({ where: { id: view.id }, include: { items: true } });
    expect(row).toMatchObject({ platformOrderId: String(order.id), orderName: `#${order.number}`, customerEmail: "sam.rivera@example.com" });
    expect(row.items).toMatchObject([{ lineItemId: String(order.line_items[0]!.id), quantity: 1, reason: "size_too_small" }]);
    expect(order.notes.at(-1)!.note).toBe("Dokani: the customer asked to return 1 × Linen Shirt (size too small).");
    expect(pageErrors).toEqual([]);
    await page.close();
  }, JOURNEY_TIMEOUT_MS);
});
