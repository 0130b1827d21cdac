import { beforeEach, describe, expect, it } from "vitest";
import { chatClient } from "../../../tests/support/chat-client";
import { systemContext } from "../shops/shop-context";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { resetChatLimiters } from "../channels/web-chat/chat-limiter.server";
import { getConversation } from "../conversations/get-conversation.server";
import { db } from "../db.server";
import { seedDemoShop } from "../demo/seed-demo-shop";
import { activatePolicyVersion } from "../policies/activate-policy-version.server";
import { createPolicyVersion } from "../policies/create-policy-version.server";
import { DEFAULT_POLICY_RULES } from "../policies/default-policy";
import { parsePolicyRules } from "../policies/policy-rules";
import { resetLookupLimiters } from "../returns/lookup-limiter.server";

setupTestDatabase();

const SHOP = "dokani-demo.myshopify.com";
const DAY = 24 * 3600 * 1000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
const line = (id: string, title: string, price: string) => ({ id, title, variantTitle: "M", quantity: 1, unitPrice: price, productType: "Shirts", tags: [] });
const ORDERS = [
  { id: "7040", name: "#1240", email: "jo@example.com", customerName: "Jo Park", currency: "USD", processedAt: iso(3), deliveredAt: iso(1), lineItems: [line("A1", "Linen Shirt", "49.00")] },
  { id: "7032", name: "#1232", email: "jo@example.com", customerName: "Jo Park", currency: "USD", processedAt: iso(9), deliveredAt: iso(6), lineItems: [line("B1", "Flannel Overshirt", "68.00")] },
];

const chat = chatClient(SHOP);
let shopId: string;

beforeEach(async () => {
  await clearDatabase();
  resetLookupLimiters();
  resetChatLimiters();
  shopId = (await seedDemoShop(db(), { domain: SHOP, orders: ORDERS })).shopId;
});

async function conversation(locale = "en") {
  const started = await chat.start({ locale });
  return started.body.session as { id: string; token: string };
}

describe("the conversation follows the shopper's orders (without a model)", () => {
  it("acts on the order verified last, says which before starting, and switches to a verified order the shopper names", async () => {
    const { id, token } = await conversation();
    await chat.say(id, token, "Where is order #1240? My email is jo@example.com");
    const second = await chat.say(id, token, "And #1232, jo@example.com");
    expect(second.reply.text).toMatch(/#1232 was placed on/);
    const items = await chat.say(id, token, "I want to return an item");
    expect(items.reply.text).toMatch(/These items of #1232 can be returned:\n1\. Flannel Overshirt/);
    const named = await chat.say(id, token, "Actually, return something from #1240");
    expect(named.reply.text).toMatch(/^I'm working on order #1240\. These items of #1240 can be returned:\n1\. Linen Shirt/);
    await chat.say(id, token, "1");
    await chat.say(id, token, "It's too big");
    const summary = await chat.say(id, token, "store credit");
    expect(summary.reply.text).toMatch(/return I'll request for order #1240:\n- 1 × Linen Shirt \(M\): Too large\nResolution: store credit\nEstimate: 53\.90 USD/);
    const started = await chat.say(id, token, "yes");
    const made = await db().returnRequest.findMany({ where: { shopId }, select: { id: true, orderName: true } });
    expect(made.map((r) => r.orderName)).toEqual(["#1240"]);
    // The shopper is given the way back to the return: its status page, with the token that opens it.
    const link = started.reply.text.match(/You can follow it here: (\S+)/)?.[1];
    expect(link, started.reply.text).toBeDefined();
    const url = new URL(link!);
    expect(url.searchParams.get("dokani_return")).toBe(made[0]!.id);
    expect(url.searchParams.get("dokani_token")).toBeTruthy();
  });

  it("attaches the verified shopper to the conversation, and the hand-off summary states the need and what was done", async () => {
    const { id, token } = await conversation();
    await chat.say(id, token, "I'd like to return my order #1240, email jo@example.com");
    await chat.say(id, token, "Order #1232 too, jo@example.com");
    const handed = await chat.say(id, token, "Can I talk to a person?");
    expect(handed.handedOff).toBe(true);
    const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
    const detail = await getConversation(systemContext(shop), id);
    expect(detail.conversation).toMatchObject({ customerEmail: "jo@example.com", customerName: "Jo Park", verifiedOrders: ["#1240", "#1232"] });
    expect(detail.conversation.summary).toMatch(/^Need: Wants to return or exchange items \(order #1240\)\.\nDone: verified #1240 and #1232/);
    expect(detail.conversation.summary).toMatch(/Handed to the team: The shopper asked for a person\.$/);
    expect(detail.conversation.summary).not.toContain("jo@example.com");
  });

  it("answers a policy question first, from the active policy, then offers a return", async () => {
    const { id, token } = await conversation();
    const answer = await chat.say(id, token, "Can I return a swimsuit?");
    expect(answer.reply.text).toContain("Swimwear: **14 days from delivery**.");
    expect(answer.reply.text).toMatch(/Would you like to start a return\?/);
    expect(answer.reply.text).not.toMatch(/What is your order number/);
    expect((await chat.say(id, token, "yes")).reply.text).toMatch(/order number/);

    const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
    const draft = await createPolicyVersion(systemContext(shop), { rules: parsePolicyRules({ ...structuredClone(DEFAULT_POLICY_RULES), returnWindowDays: 21 }) });
    await activatePolicyVersion(systemContext(shop), { version: draft.version });
    const french = await conversation("fr");
    const changed = await chat.say(french.id, french.token, "Quelle est votre politique de retour ?");
    expect(changed.reply.text).toContain("dans les **21 jours** après la livraison");
    expect(changed.reply.text).not.toMatch(/30 jours/);
    // The demo's "Our return policy" still says 30 days: it is not cited.
    expect(changed.reply.sources?.map((s) => s.title) ?? []).not.toContain("Our return policy");
  });
});
