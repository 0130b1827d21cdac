import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFakeShopify } from "../../../../tests/fakes/shopify-admin";

/**
 * The fake Admin API is only worth its name if it refuses what Shopify refuses: these pin down
 * the checks the adapter's tests rely on.
 */

const NOW = new Date("2026-11-22T12:00:00.000Z");
const fake = createFakeShopify({ now: () => NOW });
const url = `https://${fake.shop}/admin/api/2026-07/graphql.json`;

beforeAll(() => fake.server.listen({ onUnhandledFrame: "error" }));
afterEach(() => fake.reset());
afterAll(() => fake.server.close());

function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": fake.accessToken, ...headers },
    body: JSON.stringify(body),
  });
}

type Cost = { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: Record<string, number> };
type Answer<T> = { data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; extensions: { cost: Cost } };

async function gql<T = unknown>(query: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> {
  const response = await post({ query, variables });
  expect(response.status).toBe(200);
  return (await response.json()) as Answer<T>;
}

function seed() {
  return fake.store.addOrder({
    name: "#1001",
    email: "alex@example.com",
    processedAt: "2026-11-01T10:00:00.000Z",
    deliveredAt: "2026-11-04T10:00:00.000Z",
    lineItems: [{ title: "Linen Shirt", quantity: 2, unitPrice: "49.00" }],
  });
}

describe("the fake Shopify Admin API", () => {
  it("answers 401 to a missing or wrong access token", async () => {
    const response = await post({ query: "{ orders(first: 1) { nodes { id } } }" }, { "X-Shopify-Access-Token": "shpat_wrong" });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
  });

  it("answers 400 to a POST without a query", async () => {
    const response = await post({ variables: {} });
    expect(response.status).toBe(400);
  });

  it("validates documents against the schema, as Shopify does", async () => {
    const body = await gql("{ orders(first: 1) { nodes { id customerEmail } } }");
    expect(body.errors?.[0]?.message).toMatch(/Cannot query field "customerEmail" on type "Order"/);
    expect(body.data).toBeUndefined();
  });

  it("requires a page size on connections and refuses more than 250", async () => {
    expect((await gql("{ orders { nodes { id } } }")).errors?.[0]?.message).toBe("you must provide one of first or last");
    expect((await gql("{ orders(first: 251) { nodes { id } } }")).errors?.[0]?.message).toMatch(/maximum of 250/);
  });

  it("refuses a query costing more than 1,000 points", async () => {
    const body = await gql("{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }");
    expect(body.errors?.[0]?.extensions?.code).toBe("MAX_COST_EXCEEDED");
  });

  it("reports the query cost and the bucket, and throttles once the bucket is empty", async () => {
    seed();
    const expensive = "{ orders(first: 200) { nodes { customer { id } totalPriceSet { shopMoney { amount } } } } }";
    const first = await gql(expensive);
    expect(first.extensions.cost).toMatchObject({ requestedQueryCost: 802, actualQueryCost: 802, throttleStatus: { maximumAvailable: 2000, restoreRate: 100 } });
    // The bucket refills at 100 points a second of real time, so a few points may come back between calls.
    expect(first.extensions.cost.throttleStatus.currentlyAvailable).toBeGreaterThanOrEqual(1198);
    expect(first.extensions.cost.throttleStatus.currentlyAvailable).toBeLessThan(1300);
    await gql(expensive);
    const third = await gql(expensive);
    expect(third.errors).toEqual([{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }]);
    expect(third.extensions.cost).toMatchObject({ requestedQueryCost: 802, actualQueryCost: null });
    expect(third.extensions.cost.throttleStatus.currentlyAvailable).toBeLessThan(802);
  });

  it("denies fields the store has not granted a scope for", async () => {
    fake.setScopes(["read_orders"]);
    const order = seed();
    const body = await gql("query ($id: ID!) { returnableFulfillments(orderId: $id, first: 1) { nodes { id } } }", { id: `gid://shopify/Order/${order.id}` });
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringContaining("read_returns"), extensions: { code: "ACCESS_DENIED" } });
  });

  it("answers returnRequest with userErrors for an unknown fulfillment line item or too many units", async () => {
    const order = seed();
    const fulfillmentLine = order.fulfillments[0]!.lines[0]!;
    const mutation = `mutation ($input: ReturnRequestInput!) { returnRequest(input: $input) { return { id } userErrors { field message code } } }`;
    type Payload = { returnRequest: { return: null | { id: string }; userErrors: unknown[] } };
    const request = (fulfillmentLineItemId: string, quantity: number) =>
      gql<Payload>(mutation, { input: { orderId: `gid://shopify/Order/${order.id}`, returnLineItems: [{ fulfillmentLineItemId, quantity, returnReason: "DEFECTIVE" }] } });

    const unknown = await request("gid://shopify/FulfillmentLineItem/1", 1);
    expect(unknown.data?.returnRequest).toEqual({
      return: null,
      userErrors: [{ field: ["input", "returnLineItems", "0", "fulfillmentLineItemId"], message: "Fulfillment line item does not exist.", code: "NOT_FOUND" }],
    });
    const tooMany = await request(`gid://shopify/FulfillmentLineItem/${fulfillmentLine.id}`, 3);
    expect(tooMany.data?.returnRequest.userErrors).toEqual([
      { field: ["input", "returnLineItems", "0", "quantity"], message: "Quantity is greater than the quantity available for return.", code: "INVALID" },
    ]);
    expect(fake.store.returns).toEqual([]);
  });

  it("writes Decimal amounts the way Shopify does", async () => {
    const order = seed();
    const body = await gql<{ order: { totalPriceSet: { presentmentMoney: unknown } } }>(
      "query ($id: ID!) { order(id: $id) { totalPriceSet { presentmentMoney { amount currencyCode } } } }",
      { id: `gid://shopify/Order/${order.id}` },
    );
    expect(body.data?.order.totalPriceSet.presentmentMoney).toEqual({ amount: "98.0", currencyCode: "USD" });
  });
});
