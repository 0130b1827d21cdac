import { beforeEach, describe, expect, it } from "vitest";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db, type Shop } from "../db.server";
import { seedDemoShop } from "../demo/seed-demo-shop";
import { SHOPPER_ACTOR } from "../shops/shop-context";
import { receiveMessage } from "./receive-message.server";

setupTestDatabase();

let shop: Shop;
beforeEach(async () => {
  await clearDatabase();
  const { shopId } = await seedDemoShop(db(), { domain: "repeat-delivery.myshopify.com", orders: [] });
  shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
});

const ctx = () => ({ shop, actor: SHOPPER_ACTOR });
const inbound = (externalId: string) => ({
  channel: "chat" as const,
  from: { email: "ann@example.com", name: "Ann" },
  text: "Where is my parcel?",
  externalId,
  metadata: { subject: "Order 1001" },
  clientAddress: "203.0.113.9",
});

describe("a provider delivering the same message again", () => {
  it("stores the message once, with what the channel keeps on it, and answers the repeat as a duplicate", async () => {
    const first = await receiveMessage(ctx(), inbound("provider-msg-1"));
    const again = await receiveMessage(ctx(), inbound("provider-msg-1"));
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.message.id).toBe(first.message.id);
    expect(again.conversation.id).toBe(first.conversation.id);
    expect(again.answer).toBeNull();
    const stored = await db().message.findMany({ where: { shopId: shop.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ externalId: "provider-msg-1", metadata: { subject: "Order 1001" }, deliveryStatus: null });
    expect(await db().conversation.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("leaves one message and one conversation when two deliveries of a new message race", async () => {
    const results = await Promise.all([receiveMessage(ctx(), inbound("provider-msg-2")), receiveMessage(ctx(), inbound("provider-msg-2"))]);
    expect(results.filter((r) => r.duplicate)).toHaveLength(1);
    expect(await db().message.count({ where: { shopId: shop.id } })).toBe(1);
    expect(await db().conversation.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("keeps another shop's message with the same provider id apart", async () => {
    const { shopId } = await seedDemoShop(db(), { domain: "other-shop.myshopify.com", orders: [] });
    const other = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
    await receiveMessage(ctx(), inbound("shared-id"));
    const theirs = await receiveMessage({ shop: other, actor: SHOPPER_ACTOR }, inbound("shared-id"));
    expect(theirs.duplicate).toBe(false);
    expect(await db().message.count({ where: { externalId: "shared-id" } })).toBe(2);
  });
});
