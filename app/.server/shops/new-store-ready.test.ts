import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../../bin/commands";
import { createFakeShopify } from "../../../tests/fakes/shopify-admin";
import { merchantContext } from "../../../tests/support/contexts";
import { proxyRequest } from "../../../tests/support/proxy-request";
import { routeArgs } from "../../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { action as createAction } from "../../routes/proxy.returns._index";
import { action as lookupAction } from "../../routes/proxy.returns.lookup";
import { db } from "../db.server";
import { parseDemoOrders } from "../demo/demo-orders";
import { importDemoOrders } from "../demo/import-demo-orders";
import { resetLookupLimiters } from "../returns/lookup-limiter.server";
import { getSetupChecklist } from "./get-setup-checklist.server";
import { installShopifyShop } from "./install-shopify-shop.server";

setupTestDatabase();

const DAY = 24 * 3600 * 1000;
const fake = createFakeShopify({ shop: "fresh-install.myshopify.com", accessToken: "shpat_fresh_offline" });

beforeAll(() => fake.server.listen({ onUnhandledFrame: "bypass" }));
beforeEach(async () => {
  await clearDatabase();
  resetLookupLimiters();
});
afterEach(() => fake.reset());
afterAll(() => fake.server.close());

const order = (id: string, name: string, email: string, title: string) => ({
  id,
  name,
  email,
  currency: "USD",
  processedAt: new Date(Date.now() - 6 * DAY).toISOString(),
  deliveredAt: new Date(Date.now() - 4 * DAY).toISOString(),
  lineItems: [{ id: `${id}-1`, title, quantity: 1, unitPrice: "40.00", productType: "Shirts", tags: [] }],
});

async function call(handler: (args: ReturnType<typeof routeArgs>) => Promise<Response>, request: Request) {
  const response = await handler(routeArgs(request, {}, { remoteAddress: "198.51.100.40" }));
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** A shopper returns one unit of the order's first line through the storefront API (the app proxy), as the portal does. */
async function returnThroughStorefront(shop: string, orderNumber: string, email: string) {
  const found = await call(lookupAction, proxyRequest("POST", "/returns/lookup", { shop, body: { orderNumber, email } }));
  expect(found.status, JSON.stringify(found.body)).toBe(200);
  const line = found.body.order.lineItems[0];
  expect(line).toMatchObject({ returnable: true });
  const created = await call(
    createAction,
    proxyRequest("POST", "/returns", { shop, body: { lookupToken: found.body.lookupToken, items: [{ lineItemId: line.id, quantity: 1, reason: "size_too_small" }], resolution: "refund" } }),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.return as { status: string };
}

describe("a new store", () => {
  it("installed from Shopify takes a return through the storefront with no other setup", async () => {
    // What afterAuth does: the offline session is stored, then the shop is recorded.
    await db().session.create({
      data: { id: `offline_${fake.shop}`, shop: fake.shop, state: "", isOnline: false, scope: "read_orders,read_all_orders,read_returns,write_returns", accessToken: fake.accessToken },
    });
    const shop = await installShopifyShop(db(), fake.shop);
    const policies = await db().policy.findMany({ where: { shopId: shop.id } });
    expect(policies).toEqual([expect.objectContaining({ version: 1, status: "active", notes: "Starting policy" })]);

    fake.store.addOrder({ name: "#1001", email: "alex@example.com", deliveredAt: new Date(Date.now() - 3 * DAY).toISOString(), lineItems: [{ title: "Linen Shirt", quantity: 1, unitPrice: "49.00", productType: "Shirts" }] });
    expect(await returnThroughStorefront(fake.shop, "1001", "alex@example.com")).toMatchObject({ status: "approved" });

    // Installing again (a reinstall) adds no second policy.
    await installShopifyShop(db(), fake.shop);
    expect(await db().policy.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("made with the CLI takes a return through the storefront with no other setup", async () => {
    const printed = await runCommand(db(), "shops:create", { domain: "cli-store.example.com", platform: "demo", name: "CLI Store" });
    expect(printed).toContain("with the default return policy active");
    const shop = await db().shop.findFirstOrThrow({ where: { domain: "cli-store.example.com" } });
    expect(await db().policy.findMany({ where: { shopId: shop.id }, select: { version: true, status: true } })).toEqual([{ version: 1, status: "active" }]);

    const file = path.join(await mkdtemp(path.join(tmpdir(), "dokani-cli-")), "orders.json");
    await writeFile(file, JSON.stringify([order("9001", "#2001", "kim@example.com", "Cotton Tee")]));
    expect(await runCommand(db(), "orders:import", { shop: "cli-store.example.com", file })).toMatch(/1/);
    expect(await returnThroughStorefront("cli-store.example.com", "2001", "kim@example.com")).toMatchObject({ status: "approved" });
  });

  it("that somehow has no policy at all still takes returns, with the default one", async () => {
    const shop = await db().shop.create({ data: { platform: "demo", domain: "bare.example.com", name: "Bare" } });
    await importDemoOrders(db(), shop.id, parseDemoOrders([order("9101", "#3001", "lee@example.com", "Socks")]));
    expect(await returnThroughStorefront("bare.example.com", "3001", "lee@example.com")).toMatchObject({ status: "approved" });
    expect(await db().auditLog.count({ where: { shopId: shop.id, action: "policy.started" } })).toBe(1);
  });

  it("a merchant who archived every version is not overruled", async () => {
    const shop = await db().shop.create({ data: { platform: "demo", domain: "paused.example.com", name: "Paused" } });
    await db().policy.create({ data: { shopId: shop.id, version: 1, status: "archived", rules: {} } });
    const found = await call(lookupAction, proxyRequest("POST", "/returns/lookup", { shop: "paused.example.com", body: { orderNumber: "1", email: "a@example.com" } }));
    expect(found.status).toBe(503);
    expect(await db().policy.count({ where: { shopId: shop.id } })).toBe(1);
  });
});

describe("the first-run checklist", () => {
  it("shows what a fresh store has done and what not, each with where to do it", async () => {
    const shop = await installShopifyShop(db(), fake.shop);
    const steps = await getSetupChecklist(await merchantContext(shop));
    expect(steps.map((s) => [s.key, s.done, s.url])).toEqual([
      ["policy", true, "/app/policies/1"],
      ["return_address", false, "/app/settings"],
      ["chat", false, `https://${fake.shop}/admin/themes/current/editor?context=apps`],
      ["knowledge", false, "/app/knowledge/new"],
    ]);

    await db().shop.update({ where: { id: shop.id }, data: { settings: { returnMethods: { ship: { enabled: true, address: "Returns, 12 Dock Road, Leeds LS1 1AA, United Kingdom" } } } } });
    await db().conversation.create({ data: { shopId: shop.id } });
    await db().knowledgeArticle.create({ data: { shopId: shop.id, title: "Shipping", body: "We ship in two days.", status: "published" } });
    const after = await getSetupChecklist(await merchantContext(shop.id));
    expect(after.filter((s) => !s.done)).toEqual([]);
  });
});
