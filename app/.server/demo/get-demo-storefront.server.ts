import type { PrismaClient } from "../db.server";

type LineItem = { title: string; productType?: string; unitPrice: string; tags?: string[] };

export type DemoStorefront = {
  shopName: string;
  currency: string;
  products: Array<{ title: string; productType: string; price: string; finalSale: boolean }>;
  /** `phone`: the number the order carries, when it has one (the phone simulator's, in the generated store). */
  sampleOrder: { name: string; email: string; phone: string | null } | null;
};

/** What the demo storefront page shows: a few of the store's products and an order to try a return with. */
export async function getDemoStorefront(client: PrismaClient, shopId: string): Promise<DemoStorefront> {
  const shop = await client.shop.findUniqueOrThrow({ where: { id: shopId }, select: { name: true, currency: true } });
  const orders = await client.demoOrder.findMany({
    where: { shopId },
    orderBy: { processedAt: "desc" },
    take: 60,
    select: { name: true, email: true, phone: true, lineItems: true, deliveredAt: true },
  });
  const products = new Map<string, DemoStorefront["products"][number]>();
  for (const order of orders) {
    for (const item of order.lineItems as LineItem[]) {
      if (products.size >= 8 || products.has(item.title)) continue;
      products.set(item.title, {
        title: item.title,
        productType: item.productType ?? "",
        price: item.unitPrice,
        finalSale: (item.tags ?? []).includes("final-sale"),
      });
    }
  }
  // A delivered order from the last few weeks is the one most likely to be inside the return window.
  const recent = orders.filter((o) => o.deliveredAt && Date.now() - o.deliveredAt.getTime() < 20 * 24 * 3600 * 1000);
  const sample = recent.find((o) => o.phone) ?? recent[0] ?? orders[0];
  return {
    shopName: shop.name,
    currency: shop.currency,
    products: [...products.values()],
    sampleOrder: sample ? { name: sample.name, email: sample.email, phone: sample.phone } : null,
  };
}
