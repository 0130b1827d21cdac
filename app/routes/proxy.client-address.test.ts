import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { proxyRequest } from "../../tests/support/proxy-request";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { CHAT_LIMITS, resetChatLimiters } from "../.server/channels/web-chat/chat-limiter.server";
import { db } from "../.server/db.server";
import { seedDemoShop } from "../.server/demo/seed-demo-shop";
import { LOOKUP_LIMITS, resetLookupLimiters } from "../.server/returns/lookup-limiter.server";
import { action as startAction } from "./proxy.chat.sessions._index";
import { action as lookupAction } from "./proxy.returns.lookup";

setupTestDatabase();

const SHOP = "dokani-demo.myshopify.com";
/** The app proxy's own address: every storefront request arrives from Shopify. */
const SHOPIFY_PROXY = "23.227.38.65";
const SHOPPER = "203.0.113.50";

beforeEach(async () => {
  await clearDatabase();
  resetChatLimiters();
  resetLookupLimiters();
  await seedDemoShop(db(), { domain: SHOP, orders: [] });
});
afterAll(() => {
  resetChatLimiters();
  resetLookupLimiters();
});

/** A request as Shopify's app proxy forwards it: whatever X-Forwarded-For the shopper sent, with the shopper's real address appended. */
async function viaAppProxy(handler: (args: ReturnType<typeof routeArgs>) => Promise<Response>, path: string, body: unknown, forged: string) {
  const request = proxyRequest("POST", path, { shop: SHOP, body, headers: { "X-Forwarded-For": `${forged}, ${SHOPPER}` } });
  const response = await handler(routeArgs(request, {}, { remoteAddress: SHOPIFY_PROXY }));
  return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
}

describe("client addresses behind the app proxy", () => {
  it("keeps the chat's new-session limit for a shopper who rotates X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < CHAT_LIMITS.sessionsPerClient.points + 5; i++) {
      statuses.push((await viaAppProxy(startAction, "/chat/sessions", { locale: "en" }, `10.${i}.0.1`)).status);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(CHAT_LIMITS.sessionsPerClient.points);
    expect(statuses.slice(CHAT_LIMITS.sessionsPerClient.points).every((s) => s === 429)).toBe(true);
  });

  it("keeps the order-lookup guessing limit for a shopper who rotates X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LOOKUP_LIMITS.perClient + 3; i++) {
      statuses.push((await viaAppProxy(lookupAction, "/returns/lookup", { orderNumber: `${3000 + i}`, email: "guess@example.com" }, `172.16.${i}.9`)).status);
    }
    expect(statuses.slice(0, LOOKUP_LIMITS.perClient).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(LOOKUP_LIMITS.perClient).every((s) => s === 429)).toBe(true);
  });
});
