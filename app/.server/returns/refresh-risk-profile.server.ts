import type { DbClient, Shop } from "../db.server";
import { formatCents, parseCents } from "../money";

/**
 * Recomputes a customer's risk profile from their returns at the shop (idempotent: it always
 * derives, never increments), so a repeated triage cannot double-count.
 */
export async function refreshRiskProfile(client: DbClient, shop: Shop, email: string) {
  const [returns, orders] = await Promise.all([
    client.returnRequest.findMany({
      where: { shopId: shop.id, customerEmail: email, status: { not: "cancelled" } },
      orderBy: { createdAt: "desc" },
      select: { status: true, refundEstimate: true, riskScore: true, createdAt: true, platformOrderId: true },
    }),
    shop.platform === "demo" ? client.demoOrder.count({ where: { shopId: shop.id, email } }) : Promise.resolve(0),
  ]);
  if (!returns.length) return null;
  let returnedCents = 0;
  for (const r of returns) if (r.status === "approved" || r.status === "completed") returnedCents += parseCents(r.refundEstimate.toFixed(2));
  const orderCount = Math.max(orders, new Set(returns.map((r) => r.platformOrderId)).size);
  const returnCount = returns.length;
  const flags = returnCount >= 5 && returnCount / Math.max(orderCount, 1) > 0.5 ? ["serial_returner"] : [];
  const data = {
    orderCount,
    returnCount,
    deniedCount: returns.filter((r) => r.status === "denied").length,
    returnedValue: formatCents(returnedCents),
    riskScore: (returns[0]!.riskScore ?? 0).toString(),
    flags,
    lastReturnAt: returns[0]!.createdAt,
  };
  return client.customerRiskProfile.upsert({
    where: { shopId_email: { shopId: shop.id, email } },
    create: { shopId: shop.id, email, ...data },
    update: data,
  });
}
