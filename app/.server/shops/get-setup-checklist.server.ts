import { db, type DbClient } from "../db.server";
import { hasReturnAddress } from "./return-address";
import type { ShopContext } from "./shop-context";

/** One first-run step: whether it is done, and where in the admin (or the store) it is done. */
export type SetupStep = { key: "policy" | "return_address" | "chat" | "knowledge"; title: string; detail: string; done: boolean; url: string; external?: boolean };

/** The first-run checklist of the admin home, in the order a merchant would do it. */
export async function getSetupChecklist(ctx: ShopContext, client: DbClient = db()): Promise<SetupStep[]> {
  const { shop } = ctx;
  const [policy, conversations, articles] = await Promise.all([
    client.policy.findFirst({ where: { shopId: shop.id, status: "active" }, select: { version: true } }),
    client.conversation.count({ where: { shopId: shop.id }, take: 1 }),
    client.knowledgeArticle.count({ where: { shopId: shop.id, status: "published" }, take: 1 }),
  ]);
  // WooCommerce's plugin and the demo storefront add the chat to every page; on Shopify the merchant turns on the app embed.
  const chatOn = shop.platform !== "shopify" || conversations > 0;
  return [
    {
      key: "policy",
      title: "Review your return policy",
      detail: policy ? `Version ${policy.version} is active: shoppers can return items now.` : "No policy is active: shoppers cannot return items online.",
      done: Boolean(policy),
      url: policy ? `/app/policies/${policy.version}` : "/app/policies",
    },
    {
      key: "return_address",
      title: "Say how items come back",
      detail: hasReturnAddress(shop.settings) ? "Approved returns tell shoppers where to send or drop off their items." : "Add a return address or a drop-off location in Return methods, so approved returns can tell shoppers where their items go.",
      done: hasReturnAddress(shop.settings),
      url: "/app/settings",
    },
    {
      key: "chat",
      title: "Turn on the chat",
      detail: chatOn ? "The chat is on your storefront." : "Turn on the Dokani chat app embed in your theme so shoppers can ask questions and start returns.",
      done: chatOn,
      url: shop.platform === "shopify" ? `https://${shop.domain}/admin/themes/current/editor?context=apps` : "/app/settings",
      external: shop.platform === "shopify",
    },
    {
      key: "knowledge",
      title: "Add to the knowledge base",
      detail: articles > 0 ? "The assistant answers from your articles." : "Publish an article (shipping, sizing, care) so the assistant answers from your own words.",
      done: articles > 0,
      url: articles > 0 ? "/app/knowledge" : "/app/knowledge/new",
    },
  ];
}
