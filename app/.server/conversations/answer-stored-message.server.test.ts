import { beforeEach, describe, expect, it } from "vitest";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db, type Shop } from "../db.server";
import { seedDemoShop } from "../demo/seed-demo-shop";
import { answerStoredMessage } from "./answer-stored-message.server";
import { SHOPPER_ACTOR } from "../shops/shop-context";
import { openConversation } from "./open-conversation.server";

setupTestDatabase();

let shop: Shop;
beforeEach(async () => {
  await clearDatabase();
  const { shopId } = await seedDemoShop(db(), { domain: "answer-job.myshopify.com", orders: [] });
  shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
});

describe("the assistant's job for channels answered through the outbox", () => {
  it("answers a stored message once, however often the job runs", async () => {
    const { conversation } = await openConversation({ shop, actor: SHOPPER_ACTOR }, { channel: "chat", locale: "en" });
    const message = await db().message.create({ data: { shopId: shop.id, conversationId: conversation.id, role: "customer", text: "Hello" } });
    const job = { shopId: shop.id, messageId: message.id, clientAddress: "203.0.113.7" };
    await answerStoredMessage(db(), job, { openai: null });
    await answerStoredMessage(db(), job, { openai: null });
    const replies = await db().message.findMany({ where: { conversationId: conversation.id, role: "ai" } });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.metadata).toEqual({ mode: "rules" });
    expect(replies[0]!.text.length).toBeGreaterThan(0);
  });

  it("leaves alone a message that is not the shopper's", async () => {
    const { conversation } = await openConversation({ shop, actor: SHOPPER_ACTOR }, { channel: "chat" });
    const note = await db().message.create({ data: { shopId: shop.id, conversationId: conversation.id, role: "agent", text: "On it" } });
    await answerStoredMessage(db(), { shopId: shop.id, messageId: note.id, clientAddress: "203.0.113.7" }, { openai: null });
    expect(await db().message.count({ where: { conversationId: conversation.id, role: "ai" } })).toBe(0);
  });
});
