import { db, type PrismaClient } from "../db.server";
import type { ShopContext } from "./shop-context";

export type ShopOverview = {
  returnsByStatus: Record<string, number>;
  openConversations: number;
  publishedArticles: number;
  activePolicyVersion: number | null;
  failedJobs: number;
  ordersLast30Days: number | null;
};

/** The figures on the admin's home page, all scoped to one shop. */
export async function getShopOverview(ctx: ShopContext & { demo: boolean }, client: PrismaClient = db()): Promise<ShopOverview> {
  const shopId = ctx.shop.id;
  const isDemo = ctx.demo;
  const since = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  const [byStatus, openConversations, publishedArticles, policy, failedJobs, orders] = await Promise.all([
    client.returnRequest.groupBy({ by: ["status"], where: { shopId }, _count: { _all: true } }),
    client.conversation.count({ where: { shopId, status: { in: ["open", "pending"] } } }),
    client.knowledgeArticle.count({ where: { shopId, status: "published" } }),
    client.policy.findFirst({ where: { shopId, status: "active" }, select: { version: true } }),
    client.jobOutbox.count({ where: { shopId, status: "failed" } }),
    isDemo ? client.demoOrder.count({ where: { shopId, processedAt: { gte: since } } }) : Promise.resolve(null),
  ]);
  return {
    returnsByStatus: Object.fromEntries(byStatus.map((row) => [row.status, row._count._all])),
    openConversations,
    publishedArticles,
    activePolicyVersion: policy?.version ?? null,
    failedJobs,
    ordersLast30Days: orders,
  };
}
