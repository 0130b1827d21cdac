import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../../tests/support/factories";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { seedDemoShop } from "../demo/seed-demo-shop";
import { parseEnv, resetEnv } from "../env.server";
import { createReturn } from "../returns/create-return.server";
import { resetLookupLimiters } from "../returns/lookup-limiter.server";
import { lookupOrder } from "../returns/lookup-order.server";
import { triageReturn } from "../returns/triage-return.server";
import { notifyMerchant } from "./notify-merchant.server";
import { shopperContext } from "../../../tests/support/contexts";

setupTestDatabase();

beforeEach(async () => {
  await clearDatabase();
  resetLookupLimiters();
});
afterEach(() => resetEnv());

const NOTE = { kind: "handoff" as const, subject: "A shopper asked for a person", text: "Sam wants to talk about order #1001.", link: "/app/conversations/abc" };

async function shopWith(settings: object, email: string | null = "owner@example.com") {
  const shop = await createShop();
  return db().shop.update({ where: { id: shop.id }, data: { settings, email } });
}

describe("notifyMerchant", () => {
  it("captures an email to the notification address when the kind is on and no SMTP is configured", async () => {
    resetEnv(parseEnv({ ...process.env, SMTP_URL: "", SHOPIFY_APP_URL: "https://dokani.example.com" }));
    const shop = await shopWith({ notificationEmail: "ops@example.com" });
    const row = await notifyMerchant(db(), shop, NOTE);
    expect(row).toMatchObject({ to: "ops@example.com", subject: "[Dokani] A shopper asked for a person", status: "captured", transport: "outbox", relatedType: "merchant:handoff" });
    expect(row!.text).toContain("Sam wants to talk about order #1001.");
    expect(row!.text).toContain("https://dokani.example.com/app/conversations/abc");
    expect(await db().emailMessage.count()).toBe(1);
    expect(await db().jobOutbox.count()).toBe(0);
  });

  it("falls back to the store's email, and sends nothing when the kind is off or there is no address", async () => {
    const fallback = await shopWith({});
    expect(await notifyMerchant(db(), fallback, NOTE)).toMatchObject({ to: "owner@example.com" });

    const off = await shopWith({ notificationEmail: "ops@example.com", notifyOn: { returnNeedsReview: true, handoff: false, securityEvent: true } });
    expect(await notifyMerchant(db(), off, NOTE)).toBeNull();
    const nowhere = await shopWith({}, null);
    expect(await notifyMerchant(db(), nowhere, NOTE)).toBeNull();
    expect(await db().emailMessage.count({ where: { shopId: { in: [off.id, nowhere.id] } } })).toBe(0);
  });

  it("sends once per related thing, however often it is called", async () => {
    const shop = await shopWith({});
    await notifyMerchant(db(), shop, { ...NOTE, relatedId: "conversation-1" });
    expect(await notifyMerchant(db(), shop, { ...NOTE, relatedId: "conversation-1" })).toBeNull();
    await notifyMerchant(db(), shop, { ...NOTE, relatedId: "conversation-2" });
    expect(await db().emailMessage.count()).toBe(2);
  });

  it("with SMTP, queues the email and writes the notifications.merchant job in the caller's transaction", async () => {
    resetEnv(parseEnv({ ...process.env, SMTP_URL: "smtp://127.0.0.1:9" }));
    const shop = await shopWith({});
    const row = await db().$transaction((tx) => notifyMerchant(tx, shop, NOTE));
    expect(row).toMatchObject({ status: "queued", transport: "smtp" });
    const job = await db().jobOutbox.findFirstOrThrow();
    expect(job).toMatchObject({ name: "notifications.merchant", payload: { emailId: row!.id }, shopId: shop.id });

    // A transaction that rolls back leaves neither the email nor the job.
    await db()
      .$transaction(async (tx) => {
        await notifyMerchant(tx, shop, { ...NOTE, relatedId: "rolled-back" });
        throw new Error("rollback");
      })
      .catch(() => undefined);
    expect(await db().emailMessage.count()).toBe(1);
    expect(await db().jobOutbox.count()).toBe(1);
  });

  it("refuses a malformed notification", async () => {
    const shop = await shopWith({});
    await expect(notifyMerchant(db(), shop, { ...NOTE, kind: "everything" as "handoff" })).rejects.toThrow();
    await expect(notifyMerchant(db(), shop, { ...NOTE, subject: "" })).rejects.toThrow();
    expect(await db().emailMessage.count()).toBe(0);
  });
});

/** A stand-in for the chat completions endpoint that counts calls and records the model asked for. */
async function fakeOpenAI() {
  const models: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { model: string };
      models.push(body.model);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: "chatcmpl-1",
          object: "chat.completion",
          created: 1,
          model: body.model,
          choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", refusal: null, content: JSON.stringify({ action: "approve", reasoning: "The request is consistent.", confidence: 0.8 }) } }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return { url, models, close: () => new Promise((resolve) => server.close(resolve)) };
}

const DAY = 24 * 3600 * 1000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();

/** A demo shop with one order over the auto-approval limit, so its return waits for review. */
async function pendingReview(domain: string, settings: object) {
  await seedDemoShop(db(), {
    domain,
    orders: [{ id: "8001", name: "#3001", email: "pat@example.com", currency: "USD", processedAt: iso(9), deliveredAt: iso(6), lineItems: [{ id: "I1", title: "Wool Coat", quantity: 1, unitPrice: "320.00", productType: "Coats", tags: [] }] }],
  });
  const shop = await db().shop.findFirstOrThrow({ where: { domain } });
  await db().shop.update({ where: { id: shop.id }, data: { settings: { ...(shop.settings as object), ...settings } } });
  const fresh = await db().shop.findUniqueOrThrow({ where: { id: shop.id } });
  const found = await lookupOrder(shopperContext(fresh, "203.0.113.20"), { orderNumber: "3001", email: "pat@example.com" });
  const created = await createReturn(shopperContext(fresh, "203.0.113.20"), { lookupToken: found.lookupToken, items: [{ lineItemId: "I1", quantity: 1, reason: "changed_mind" }], resolution: "refund" });
  return { shop: fresh, returnId: created.view.id };
}

describe("triage and the shop's AI and notification settings", () => {
  it("with AI off, recommends from the rules without calling the model, and tells the merchant the return needs review", async () => {
    const openai = await fakeOpenAI();
    try {
      resetEnv(parseEnv({ ...process.env, OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: openai.url }));
      const { shop, returnId } = await pendingReview("ai-off.myshopify.com", { aiEnabled: false, notificationEmail: "ops@example.com" });
      await triageReturn(db(), returnId);

      const row = await db().returnRequest.findUniqueOrThrow({ where: { id: returnId } });
      expect(row.status).toBe("pending_review");
      expect(row.aiRecommendation).toMatchObject({ source: "rules" });
      expect(openai.models).toEqual([]);

      const emails = await db().emailMessage.findMany({ where: { shopId: shop.id, relatedType: "merchant:return_needs_review" } });
      expect(emails).toHaveLength(1);
      expect(emails[0]).toMatchObject({ to: "ops@example.com", relatedId: returnId, subject: "[Dokani] Return for #3001 needs your review" });
      expect(emails[0]!.text).toContain(`/app/returns/${returnId}`);

      // A second triage (photos arriving, a retried job) does not notify again.
      await triageReturn(db(), returnId);
      expect(await db().emailMessage.count({ where: { shopId: shop.id, relatedType: "merchant:return_needs_review" } })).toBe(1);
    } finally {
      await openai.close();
    }
  });

  it("with AI on, asks the shop's own model; with review notifications off, emails nothing", async () => {
    const openai = await fakeOpenAI();
    try {
      resetEnv(parseEnv({ ...process.env, OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: openai.url, DOKANI_AI_MODEL: "server-default" }));
      const { shop, returnId } = await pendingReview("ai-on.myshopify.com", {
        aiEnabled: true,
        aiModel: "shop-model-1",
        notifyOn: { returnNeedsReview: false, handoff: true, securityEvent: true },
      });
      await triageReturn(db(), returnId);
      expect(openai.models).toEqual(["shop-model-1"]);
      expect((await db().returnRequest.findUniqueOrThrow({ where: { id: returnId } })).aiRecommendation).toMatchObject({ source: "model", action: "approve" });
      expect(await db().emailMessage.count({ where: { shopId: shop.id, relatedType: { startsWith: "merchant:" } } })).toBe(0);
    } finally {
      await openai.close();
    }
  });
});
