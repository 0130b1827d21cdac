import { beforeEach, describe, expect, it } from "vitest";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { giveTakeoverNotice } from "../assistant/give-takeover-notice.server";
import { db, type Shop } from "../db.server";
import { seedDemoShop } from "../demo/seed-demo-shop";
import { SHOPPER_ACTOR } from "../shops/shop-context";
import { handOffConversation } from "./hand-off-conversation.server";
import { receiveMessage } from "./receive-message.server";

setupTestDatabase();

let shop: Shop;
beforeEach(async () => {
  await clearDatabase();
  const { shopId } = await seedDemoShop(db(), { domain: "notices.myshopify.com", orders: [] });
  shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
});

const ctx = () => ({ shop, actor: SHOPPER_ACTOR });

async function conversationOn(channel: "chat" | "whatsapp" | "email", externalId: string) {
  const from = channel === "whatsapp" ? { phone: "+15005550006", name: "Ann" } : { email: "ann@example.com", name: "Ann" };
  const received = await receiveMessage(ctx(), { channel, from, text: "I would like to talk to a person", externalId, clientAddress: "203.0.113.9" });
  return db().conversation.findUniqueOrThrow({ where: { id: received.conversation.id } });
}

const deliveryJobs = (messageId: string) => db().jobOutbox.findMany({ where: { shopId: shop.id, name: "conversations.deliver", dedupKey: `conversations.deliver:${messageId}` } });

describe("notices of the shop's side reach the shopper on every channel", () => {
  it("queues a WhatsApp hand-off notice and the later 'the team will answer' for delivery, like any reply", async () => {
    const conversation = await conversationOn("whatsapp", "SM-notice-1");
    const notice = await handOffConversation(ctx(), { conversationId: conversation.id, reason: "asked for a person", language: "en" });
    expect(notice).toMatchObject({ role: "system", deliveryStatus: "queued" });
    expect(await deliveryJobs(notice!.id)).toHaveLength(1);

    const taken = await db().conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    const later = await giveTakeoverNotice(shop, taken, "en");
    expect(later.fresh).toBe(true);
    expect(later.message).toMatchObject({ deliveryStatus: "queued" });
    expect(await deliveryJobs(later.message.id)).toHaveLength(1);
    // Given again for the shopper's next message: the same notice, not a second delivery.
    const again = await giveTakeoverNotice(shop, await db().conversation.findUniqueOrThrow({ where: { id: conversation.id } }), "en");
    expect(again).toMatchObject({ fresh: false, message: { id: later.message.id } });
    expect(await deliveryJobs(later.message.id)).toHaveLength(1);
  });

  it("queues an email hand-off notice, and leaves the web chat's to its event stream", async () => {
    const email = await conversationOn("email", "<notice-2@example.com>");
    const emailNotice = await handOffConversation(ctx(), { conversationId: email.id, reason: "asked for a person", language: "en" });
    expect(await deliveryJobs(emailNotice!.id)).toHaveLength(1);

    const chat = await conversationOn("chat", "chat-notice-3");
    const chatNotice = await handOffConversation(ctx(), { conversationId: chat.id, reason: "asked for a person", language: "en" });
    expect(chatNotice).toMatchObject({ role: "system", deliveryStatus: null });
    expect(await deliveryJobs(chatNotice!.id)).toEqual([]);
  });
});
