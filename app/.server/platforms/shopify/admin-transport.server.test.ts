import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFakeShopify, FAKE_DEFAULT_SCOPES } from "../../../../tests/fakes/shopify-admin";
import { setupTestDatabase } from "../../../../tests/support/test-database";
import { unauthenticated } from "../../../shopify.server";
import { db } from "../../db.server";
import { PlatformError } from "../platform";
import { ShopifyHttpError } from "./admin-graphql";
import { adminGraphqlFromClient } from "./admin-transport.server";
import { createShopifyPlatform } from "./create-shopify-platform";

/**
 * The production transport against Shopify's real Admin API client (`unauthenticated.admin`), which
 * throws where the adapter expects answers: these check that every failure still reaches the
 * adapter in the form it understands.
 */

setupTestDatabase();
const fake = createFakeShopify({ shop: "transport.myshopify.com", accessToken: "shpat_transport" });
const delays: number[] = [];

beforeAll(async () => {
  fake.server.listen({ onUnhandledFrame: "error" });
  await db().session.create({ data: { id: `offline_${fake.shop}`, shop: fake.shop, state: "", isOnline: false, scope: "read_orders", accessToken: fake.accessToken } });
});
afterEach(() => {
  fake.reset();
  delays.length = 0;
});
afterAll(() => fake.server.close());

async function transport() {
  const { admin } = await unauthenticated.admin(fake.shop);
  return adminGraphqlFromClient(admin);
}

async function platform() {
  return createShopifyPlatform({ shopDomain: fake.shop, graphql: await transport(), scopes: FAKE_DEFAULT_SCOPES, retry: { sleep: async (ms) => void delays.push(ms) } });
}

function seed() {
  fake.store.addOrder({ name: "#1001", email: "alex@example.com", lineItems: [{ title: "Linen Shirt", quantity: 1, unitPrice: "49.00" }] });
}

describe("adminGraphqlFromClient", () => {
  it("hands a successful answer over as Shopify's body", async () => {
    seed();
    const body = await (await transport())("query { orders(first: 1) { nodes { name } } }");
    expect(body.data).toEqual({ orders: { nodes: [{ name: "#1001" }] } });
    expect(body.extensions).toMatchObject({ cost: { requestedQueryCost: 3 } });
  });

  it("turns the client's GraphqlQueryError for THROTTLED back into an answer the adapter retries", async () => {
    seed();
    fake.throttleNext(1);
    expect(await (await platform()).findOrder("1001", "alex@example.com")).toMatchObject({ name: "#1001" });
    expect(delays).toEqual([1_000]);
  });

  it("keeps Shopify's GraphQL errors, which the adapter reports as not retryable", async () => {
    const body = await (await transport())("query { orders(first: 1) { nodes { customerEmail } } }");
    expect(body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('Cannot query field "customerEmail"') })]);

    seed();
    fake.setScopes(["read_orders"]);
    const order = await (await platform()).findOrder("1001", "alex@example.com");
    const error = await (await platform()).returnableQuantities(order!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ retryable: false, message: expect.stringContaining("Access denied for returnableFulfillments field") });
  });

  it("turns an HTTP 429 into a ShopifyHttpError carrying Retry-After", async () => {
    fake.failNext(1, 429);
    const error = await (await transport())("query { orders(first: 1) { nodes { id } } }").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyHttpError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 1_000 });
  });

  it("turns a 5xx into a retryable PlatformError", async () => {
    fake.failNext(1, 502);
    const error = await (await platform()).findOrder("1001", "alex@example.com").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ retryable: true });
  });

  it("gives up on a call Shopify never answers, and the adapter reports it as retryable", async () => {
    fake.hangNext(1);
    const { admin } = await unauthenticated.admin(fake.shop);
    const slow = createShopifyPlatform({ shopDomain: fake.shop, graphql: adminGraphqlFromClient(admin, { timeoutMs: 50 }), scopes: FAKE_DEFAULT_SCOPES });
    const error = await slow.findOrder("1001", "alex@example.com").catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "PlatformError", retryable: true, message: "Could not reach Shopify for the order lookup; it will be tried again." });
  });
});
