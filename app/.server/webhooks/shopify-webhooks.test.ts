import { routeArgs } from "../../../tests/support/route-args";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createConversation, createReturn, createShop } from "../../../tests/support/factories";
import { shopifyWebhookRequest } from "../../../tests/support/shopify-webhook";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { action as customersRedact } from "../../routes/webhooks.customers.redact";
import { action as dataRequest } from "../../routes/webhooks.customers.data_request";
import { action as shopRedact } from "../../routes/webhooks.shop.redact";
import { action as appUninstalled } from "../../routes/webhooks.app.uninstalled";
import { db } from "../db.server";
import { env } from "../env.server";
import { jobRegistry } from "../job-registry.server";
import { startJobRuntime, stopJobRuntime, waitForJob } from "../jobs/runtime.server";

setupTestDatabase();
// Each test starts with no jobs in flight, so none of the previous test's work races its cleanup.
beforeEach(async () => {
  await stopJobRuntime();
  await clearDatabase();
  await startJobRuntime({ client: db(), registry: jobRegistry, pollMs: 50 });
});
afterAll(async () => {
  await stopJobRuntime();
});

const args = (request: Request) => routeArgs(request);

async function lastJobId() {
  const job = await db().jobOutbox.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
  return job.id;
}

describe("Shopify webhook HMAC and delivery ids", () => {
  it("answers 401 to a bad HMAC and writes nothing", async () => {
    const shop = await createShop();
    const response = await appUninstalled(args(shopifyWebhookRequest("app/uninstalled", shop.domain, { id: 1 }, { hmac: "bm90IHRoZSByaWdodCBobWFj" })));
    expect(response.status).toBe(401);
    expect(await db().webhookDelivery.count()).toBe(0);
    expect(await db().jobOutbox.count()).toBe(0);
  });

  it("answers 401 when the body was changed after signing", async () => {
    const shop = await createShop();
    const signed = shopifyWebhookRequest("app/uninstalled", shop.domain, { id: 1 });
    const tampered = new Request(signed.url, { method: "POST", headers: signed.headers, body: JSON.stringify({ id: 2 }) });
    expect((await appUninstalled(args(tampered))).status).toBe(401);
    expect(await db().webhookDelivery.count()).toBe(0);
  });

  it("answers 400 to a delivery without Shopify's headers and writes nothing", async () => {
    const request = new Request("http://localhost:3000/webhooks/app/uninstalled", { method: "POST", body: "{}" });
    expect((await appUninstalled(args(request))).status).toBe(400);
    expect(await db().webhookDelivery.count()).toBe(0);
  });

  it("records a good delivery once: a repeated X-Shopify-Webhook-Id answers 200 and does nothing", async () => {
    const shop = await createShop();
    await db().session.create({ data: { id: `offline_${shop.domain}`, shop: shop.domain, state: "x", accessToken: "shpat_x" } });
    const first = await appUninstalled(args(shopifyWebhookRequest("app/uninstalled", shop.domain, { id: 1 }, { webhookId: "delivery-1" })));
    expect(first.status).toBe(200);
    const jobId = await lastJobId();
    await waitForJob(jobId);
    const second = await appUninstalled(args(shopifyWebhookRequest("app/uninstalled", shop.domain, { id: 1 }, { webhookId: "delivery-1" })));
    expect(second.status).toBe(200);
    expect(await db().webhookDelivery.count()).toBe(1);
    expect(await db().jobOutbox.count()).toBe(1);
  });

  it("refuses a topic delivered to another topic's address", async () => {
    const shop = await createShop();
    const response = await appUninstalled(args(shopifyWebhookRequest("shop/redact", shop.domain, { shop_domain: shop.domain })));
    expect(response.status).toBe(400);
    expect(await db().jobOutbox.count()).toBe(0);
  });
});

describe("app/uninstalled", () => {
  it("marks the shop uninstalled and drops its sessions; a repeat is harmless", async () => {
    const shop = await createShop();
    const other = await createShop();
    await db().session.createMany({
      data: [
        { id: `offline_${shop.domain}`, shop: shop.domain, state: "x", accessToken: "a" },
        { id: `offline_${other.domain}`, shop: other.domain, state: "x", accessToken: "b" },
      ],
    });
    await appUninstalled(args(shopifyWebhookRequest("app/uninstalled", shop.domain, {})));
    await waitForJob(await lastJobId());
    const after = await db().shop.findUniqueOrThrow({ where: { id: shop.id } });
    expect(after.uninstalledAt).toBeInstanceOf(Date);
    expect(await db().session.findMany({ select: { shop: true } })).toEqual([{ shop: other.domain }]);

    await appUninstalled(args(shopifyWebhookRequest("app/uninstalled", shop.domain, {})));
    await waitForJob(await lastJobId());
    expect((await db().shop.findUniqueOrThrow({ where: { id: shop.id } })).uninstalledAt).toEqual(after.uninstalledAt);
    expect(await db().returnRequest.count()).toBe(0);
  });
});

describe("compliance webhooks", () => {
  it("customers/data_request assembles what is held about the customer and records the request", async () => {
    const shop = await createShop();
    const email = "alex@example.com";
    const ret = await createReturn(shop.id, email, { withPhoto: true });
    await createConversation(shop.id, email);
    await createReturn(shop.id, "someone.else@example.com");
    await db().customerRiskProfile.create({ data: { shopId: shop.id, email, returnCount: 1, riskScore: "0.2" } });

    const payload = { shop_id: 1, shop_domain: shop.domain, orders_requested: [], customer: { id: 7, email: "Alex@Example.com", phone: null }, data_request: { id: 99 } };
    expect((await dataRequest(args(shopifyWebhookRequest("customers/data_request", shop.domain, payload)))).status).toBe(200);
    await waitForJob(await lastJobId());

    const request = await db().complianceRequest.findFirstOrThrow({ where: { topic: "customers/data_request" } });
    expect(request.completedAt).toBeInstanceOf(Date);
    const result = request.result as { email: string; returns: Array<{ id: string; items: unknown[] }>; conversations: Array<{ messages: unknown[] }>; riskProfile: { email: string } };
    expect(result.email).toBe(email);
    expect(result.returns.map((r) => r.id)).toEqual([ret.id]);
    expect(result.returns[0]!.items).toHaveLength(1);
    expect(result.conversations[0]!.messages).toHaveLength(1);
    expect(result.riskProfile.email).toBe(email);
  });

  it("customers/redact removes or anonymises every row and file about the customer, and nothing else", async () => {
    const shop = await createShop();
    const email = "alex@example.com";
    const ret = await createReturn(shop.id, email, { withPhoto: true });
    const byOrder = await createReturn(shop.id, "old.address@example.com", { orderId: "450789469" });
    const conversation = await createConversation(shop.id, email);
    await db().customerRiskProfile.create({ data: { shopId: shop.id, email, returnCount: 2 } });
    await db().securityEvent.create({ data: { shopId: shop.id, kind: "high_risk_return", severity: "high", customerEmail: email, returnId: ret.id } });
    await db().emailMessage.create({ data: { shopId: shop.id, to: email, subject: "Your return", text: "Hello Alex" } });
    await db().callSession.create({ data: { shopId: shop.id, provider: "elevenlabs", kind: "voice", customerEmail: email, transcript: { create: [{ position: 0, speaker: "customer", text: "Hi" }] } } });
    const kept = await createReturn(shop.id, "keep@example.com", { withPhoto: true });
    const keptConversation = await createConversation(shop.id, "keep@example.com");
    const uploads = path.join(env().dataDir, "uploads");

    const payload = { shop_id: 1, shop_domain: shop.domain, customer: { id: 7, email, phone: "+15555550100" }, orders_to_redact: [450789469] };
    expect((await customersRedact(args(shopifyWebhookRequest("customers/redact", shop.domain, payload)))).status).toBe(200);
    await waitForJob(await lastJobId());

    for (const id of [ret.id, byOrder.id]) {
      const row = await db().returnRequest.findUniqueOrThrow({ where: { id }, include: { items: true, evidence: true } });
      expect(row.customerEmail).toMatch(/^redacted-[0-9a-f]{16}@redacted\.invalid$/);
      expect(row).toMatchObject({ customerName: null, customerIp: null, note: null });
      expect(row.items.every((i) => i.note === null)).toBe(true);
      expect(row.evidence).toHaveLength(0);
    }
    expect(existsSync(path.join(uploads, ret.photoKey!))).toBe(false);
    expect(existsSync(path.join(uploads, conversation.photoKey))).toBe(false);
    expect(await db().conversation.count({ where: { id: conversation.id } })).toBe(0);
    expect(await db().message.count({ where: { conversationId: conversation.id } })).toBe(0);
    expect(await db().customerRiskProfile.count({ where: { email } })).toBe(0);
    expect(await db().securityEvent.count({ where: { customerEmail: email } })).toBe(0);
    expect(await db().emailMessage.count({ where: { to: email } })).toBe(0);
    expect(await db().callSession.count({ where: { customerEmail: email } })).toBe(0);
    expect(await db().callTranscriptSegment.count()).toBe(0);
    const audit = await db().auditLog.findMany({ where: { entityId: ret.id } });
    expect(audit.every((a) => JSON.stringify(a.data) === "{}" && a.actorId === null)).toBe(true);
    // The request itself no longer names the customer.
    const request = await db().complianceRequest.findFirstOrThrow({ where: { topic: "customers/redact" } });
    expect(request).toMatchObject({ customerEmail: null, customerId: null, payload: {} });
    expect(JSON.stringify(await db().complianceRequest.findMany())).not.toContain(email);

    // Another customer's data is untouched.
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id: kept.id } })).customerEmail).toBe("keep@example.com");
    expect(existsSync(path.join(uploads, kept.photoKey!))).toBe(true);
    expect(existsSync(path.join(uploads, keptConversation.photoKey))).toBe(true);
    expect(await db().conversation.count({ where: { id: keptConversation.id } })).toBe(1);
  });

  it("shop/redact deletes every row and file of the shop and leaves other shops alone", async () => {
    const shop = await createShop();
    const other = await createShop();
    const ret = await createReturn(shop.id, "alex@example.com", { withPhoto: true });
    await createConversation(shop.id, "alex@example.com");
    await db().policy.create({ data: { shopId: shop.id, version: 1, status: "active", rules: {} } });
    await db().knowledgeArticle.create({ data: { shopId: shop.id, title: "Shipping", body: "3 days", chunks: { create: [{ shopId: shop.id, position: 0, text: "3 days" }] } } });
    await db().apiKey.create({ data: { shopId: shop.id, name: "k", prefix: "dk_1", keyHash: "a".repeat(64) } });
    await db().session.create({ data: { id: `offline_${shop.domain}`, shop: shop.domain, state: "x", accessToken: "a" } });
    const otherReturn = await createReturn(other.id, "alex@example.com", { withPhoto: true });
    await dataRequest(args(shopifyWebhookRequest("customers/data_request", shop.domain, { shop_domain: shop.domain, customer: { email: "alex@example.com" } })));
    await waitForJob(await lastJobId());

    expect((await shopRedact(args(shopifyWebhookRequest("shop/redact", shop.domain, { shop_id: 1, shop_domain: shop.domain })))).status).toBe(200);
    await waitForJob(await lastJobId());

    const tables = await db().$queryRaw<Array<{ table_name: string }>>`
      SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'shopId'`;
    for (const { table_name } of tables) {
      const [row] = await db().$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM "${table_name}" WHERE "shopId" = $1::uuid`, shop.id);
      expect(Number(row!.n), `${table_name} rows left`).toBe(0);
    }
    expect(await db().returnItem.count({ where: { returnId: ret.id } })).toBe(0);
    expect(await db().session.count({ where: { shop: shop.domain } })).toBe(0);
    expect(existsSync(path.join(env().dataDir, "uploads", shop.id))).toBe(false);
    expect(JSON.stringify(await db().complianceRequest.findMany({ where: { topic: { not: "shop/redact" } } }))).not.toContain("alex@example.com");

    expect(await db().returnRequest.count({ where: { id: otherReturn.id } })).toBe(1);
    expect(existsSync(path.join(env().dataDir, "uploads", otherReturn.photoKey!))).toBe(true);
  });
});
