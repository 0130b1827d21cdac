import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeShopify } from "../../../tests/fakes/shopify-admin";
import { createShop } from "../../../tests/support/factories";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { PlatformError } from "../platforms/platform";
import { importShopPolicies } from "./import-shop-policies.server";
import { merchantContext } from "../../../tests/support/contexts";

setupTestDatabase();
const fake = createFakeShopify();
beforeAll(() => fake.server.listen({ onUnhandledFrame: "error" }));
beforeEach(async () => {
  await clearDatabase();
});
afterEach(() => fake.reset());
afterAll(() => fake.server.close());

const STAFF = { id: "42", name: "Sam Staff" };
const noWait = { retries: 1, sleep: async () => {} };

describe("importing Shopify policies", () => {
  it("creates published articles from the policies, converting their HTML safely, then updates them on re-import", async () => {
    const shop = await createShop();
    const other = await createShop();
    fake.store.setPolicy({
      type: "REFUND_POLICY",
      title: "Refund policy",
      body: `<h2>Returns</h2><p>You have <strong>30 days</strong> &amp; free labels.</p><script>alert("x")</script>
        <ul><li>Unworn items</li><li>With <a href="javascript:alert(1)">tags</a></li></ul>
        <p><a href="https://shop.test/returns" onclick="steal()">Start a return</a><img src=x onerror=alert(2)></p>`,
    });
    fake.store.setPolicy({ type: "SHIPPING_POLICY", title: "Shipping policy", body: "<p>Ships in 2 days.</p>" });
    fake.store.setPolicy({ type: "LEGAL_NOTICE", title: "Legal notice", body: "   " });

    expect(await importShopPolicies(await merchantContext(shop, STAFF), { graphql: fake.graphql })).toEqual({ created: 2, updated: 0, unchanged: 0, skipped: 1 });
    const refund = await db().knowledgeArticle.findFirstOrThrow({ where: { shopId: shop.id, sourceRef: "REFUND_POLICY" } });
    expect(refund).toMatchObject({ source: "shopify_policy", status: "published", title: "Refund policy" });
    expect(refund.body).toBe("## Returns\n\nYou have **30 days** & free labels.\n\n- Unworn items\n- With tags\n\n[Start a return](https://shop.test/returns)");
    expect(refund.body).not.toMatch(/script|onerror|onclick|javascript|<|>/);
    const passages = await db().knowledgeChunk.findMany({ where: { articleId: refund.id } });
    expect(passages.length).toBeGreaterThan(0);
    expect(await db().knowledgeArticle.count({ where: { shopId: other.id } })).toBe(0);

    // The merchant unpublishes one; a re-import updates the text and keeps that choice.
    await db().knowledgeArticle.update({ where: { id: refund.id }, data: { status: "draft" } });
    fake.store.setPolicy({ type: "REFUND_POLICY", title: "Refund policy", body: "<p>Now 60 days.</p>" });
    expect(await importShopPolicies(await merchantContext(shop, STAFF), { graphql: fake.graphql })).toEqual({ created: 0, updated: 1, unchanged: 1, skipped: 1 });
    const updated = await db().knowledgeArticle.findUniqueOrThrow({ where: { id: refund.id } });
    expect(updated).toMatchObject({ body: "Now 60 days.", status: "draft" });
    expect((await db().knowledgeChunk.findMany({ where: { articleId: refund.id } })).map((c) => c.text)).toEqual(["Now 60 days."]);
    expect(await db().knowledgeArticle.count({ where: { shopId: shop.id } })).toBe(2);
    const audit = await db().auditLog.findMany({ where: { shopId: shop.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["imported", "imported", "reimported"]);
    expect(fake.calls.at(-1)).toMatchObject({ operationName: "DokaniShopPolicies", status: 200 });
  });

  it("explains a missing permission or an outage and writes nothing", async () => {
    const shop = await createShop();
    fake.store.setPolicy({ type: "REFUND_POLICY", title: "Refund policy", body: "<p>30 days</p>" });
    fake.setScopes(["read_orders"]);
    const denied = await importShopPolicies(await merchantContext(shop, STAFF), { graphql: fake.graphql, retry: noWait }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(PlatformError);
    expect((denied as Error).message).toMatch(/read_legal_policies/);

    fake.reset();
    fake.failNext(1, 503);
    const outage = await importShopPolicies(await merchantContext(shop, STAFF), { graphql: fake.graphql, retry: noWait }).catch((e: unknown) => e);
    expect(outage).toBeInstanceOf(PlatformError);
    expect(await db().knowledgeArticle.count()).toBe(0);
    expect(await db().auditLog.count()).toBe(0);
  });
});
