import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { findPersonalData } from "../../../tests/support/find-personal-data";
import { createConversation, createReturn, createShop } from "../../../tests/support/factories";
import { routeArgs } from "../../../tests/support/route-args";
import { shopifyWebhookRequest } from "../../../tests/support/shopify-webhook";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { action as dataRequest } from "../../routes/webhooks.customers.data_request";
import { action as customersRedact } from "../../routes/webhooks.customers.redact";
import { handOffConversation } from "../conversations/hand-off-conversation.server";
import { db } from "../db.server";
import { env } from "../env.server";
import { jobRegistry } from "../job-registry.server";
import { startJobRuntime, stopJobRuntime, waitForJob } from "../jobs/runtime.server";
import { notifyMerchant } from "../notifications/notify-merchant.server";
import { shopperContext } from "../../../tests/support/contexts";

setupTestDatabase();

beforeEach(async () => {
  await stopJobRuntime();
  await clearDatabase();
  await startJobRuntime({ client: db(), registry: jobRegistry, pollMs: 50 });
});
afterAll(async () => {
  await stopJobRuntime();
});

const lastJobId = async () => (await db().jobOutbox.findFirstOrThrow({ orderBy: { createdAt: "desc" } })).id;

describe("customers/redact", () => {
  it("leaves the customer's email, name and phone in no column of any table and in no upload", async () => {
    const created = await createShop();
    const shop = await db().shop.update({ where: { id: created.id }, data: { email: "owner@outfitters.example" } });
    const email = "rita.redactova@example.com";
    const name = "Rita Redactova";
    const phone = "+15555550199";
    const ret = await createReturn(shop.id, email, { withPhoto: true });
    await db().returnRequest.update({ where: { id: ret.id }, data: { customerName: name, note: `Call ${phone} after 5` } });
    const conversation = await createConversation(shop.id, email);
    await db().conversation.update({ where: { id: conversation.id }, data: { customerName: name, customerPhone: phone } });
    // The merchant hears of the hand-off by the shopper's name, and of the return by email.
    await handOffConversation(shopperContext(shop, "203.0.113.9"), { conversationId: conversation.id, reason: `Rita wants a call on ${phone}`, language: "en" });
    await notifyMerchant(db(), shop, { kind: "security_event", relatedId: "event-about-rita", subject: `High-risk return by ${email}`, text: `${name} returned a lot.` });
    const before = await findPersonalData(db(), [email, name, phone]);
    expect(before.some((hit) => hit.startsWith("email_messages."))).toBe(true);

    const customer = { id: 991, email, phone, first_name: "Rita", last_name: "Redactova" };
    await dataRequest(routeArgs(shopifyWebhookRequest("customers/data_request", shop.domain, { shop_id: 1, shop_domain: shop.domain, customer, orders_requested: [], data_request: { id: 9 } })));
    await waitForJob(await lastJobId());
    await customersRedact(routeArgs(shopifyWebhookRequest("customers/redact", shop.domain, { shop_id: 1, shop_domain: shop.domain, customer, orders_to_redact: [] })));
    await waitForJob(await lastJobId());

    expect(await findPersonalData(db(), [email, name, phone], [path.join(env().dataDir, "uploads")])).toEqual([]);
    // The requests themselves stay on record, answered, without what named the customer.
    const requests = await db().complianceRequest.findMany({ orderBy: { createdAt: "asc" } });
    expect(requests.map((r) => r.topic)).toEqual(["customers/data_request", "customers/redact"]);
    for (const request of requests) expect(request).toMatchObject({ completedAt: expect.any(Date), customerEmail: null, customerId: null, payload: {} });
  });

  it("drops a data request's payload once it is answered, keeping the export for the merchant", async () => {
    const shop = await createShop();
    await createReturn(shop.id, "sam@example.com");
    await dataRequest(routeArgs(shopifyWebhookRequest("customers/data_request", shop.domain, { shop_id: 1, shop_domain: shop.domain, customer: { id: 5, email: "sam@example.com", phone: "+15555550111" } })));
    await waitForJob(await lastJobId());
    const request = await db().complianceRequest.findFirstOrThrow();
    expect(request.payload).toEqual({});
    expect(JSON.stringify(request)).not.toContain("+15555550111");
    expect((request.result as { returns: unknown[] }).returns).toHaveLength(1);
  });
});
