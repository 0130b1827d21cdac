import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, spawnDemo, type DemoProcess } from "./support/spawn-demo";
import { START_HOOK_TIMEOUT_MS } from "./support/timeouts";

/**
 * The README's first command, as a new user runs it: `npm run demo` with nothing configured
 * (embedded database, no Redis), on an empty data folder.
 */
describe("npm run demo", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dokani-demo-"));
  let demo: DemoProcess;

  beforeAll(async () => {
    demo = await spawnDemo({ DOKANI_DATA_DIR: dataDir });
  }, START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    if (demo?.child.exitCode === null) await demo.stop();
  });

  it("answers /healthz and /readyz once it is up", async () => {
    const health = await fetch(`${demo.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${demo.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", checks: { database: "ok", redis: "not_configured" } });
    expect(health.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("listens on loopback only", () => {
    expect(new URL(demo.url).hostname).toBe("127.0.0.1");
  });

  it("opens the admin without a Shopify login, with the demo banner and the seeded store", async () => {
    const response = await fetch(`${demo.url}/app`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Demo store");
    expect(html).toContain("Dokani Demo Outfitters");
    expect(html).toContain("Version 1");
  });

  it("serves the sample storefront, whose app-proxy stand-in signs requests as Shopify does", async () => {
    const page = await fetch(`${demo.url}/demo`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="dokani-returns-portal"');

    const viaProxy = await fetch(`${demo.url}/apps/dokani/shop`);
    expect(viaProxy.status).toBe(200);
    expect(await viaProxy.json()).toMatchObject({ shop: { name: "Dokani Demo Outfitters", currency: "USD" } });

    // Straight to /proxy without the stand-in's signature: refused with API.md's error body.
    const unsigned = await fetch(`${demo.url}/proxy/shop?shop=dokani-demo.myshopify.com&timestamp=${Math.floor(Date.now() / 1000)}&signature=${"0".repeat(64)}`);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toEqual({ error: { code: "invalid_signature", message: expect.any(String) } });
  });

  it("keeps the CLI off the embedded database while the server holds it", async () => {
    const result = await runCli(["api-keys:create", "--shop", "dokani-demo.myshopify.com"], { DOKANI_DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/The embedded database in .* is in use by process \d+ \(a running Dokani server\)/);
  });

  it("shuts down cleanly on SIGTERM, after which the CLI can use the database", async () => {
    expect(await demo.stop()).toBe(0);
    const result = await runCli(["api-keys:create", "--shop", "dokani-demo.myshopify.com", "--name", "Warehouse"], { DOKANI_DATA_DIR: dataDir });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Created API key "Warehouse" for dokani-demo\.myshopify\.com[\s\S]*\ndk_[0-9a-f]{40}\n/);
  });

  it("starts again on the same data, printing the same demo API key", async () => {
    const firstKey = demo.apiKey;
    demo = await spawnDemo({ DOKANI_DATA_DIR: dataDir });
    expect(demo.apiKey).toBe(firstKey);
    expect((await fetch(`${demo.url}/healthz`)).status).toBe(200);
  }, START_HOOK_TIMEOUT_MS);
});
