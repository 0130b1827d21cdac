import type { DbClient, Shop } from "../db.server";
import { deriveRiskProfile } from "./derive-risk-profile";

/**
 * Recomputes a customer's risk profile from their returns at the shop (idempotent: it always
 * derives, never increments), so a repeated triage cannot double-count.
 */
export async function refreshRiskProfile(client: DbClient, shop: Shop, email: string) {
  const [returns, orders] = await Promise.all([
    client.returnRequest.findMany({
      where: { shopId: shop.id, customerEmail: email, status: { not: "cancelled" } },
      orderBy: { createdAt: "desc" },
      select: { status: true, refundEstimate: true, riskScore: true, createdAt: true, platformOrderId: true, riskFactors: true },
    }),
    shop.platform === "demo" ? client.demoOrder.count({ where: { shopId: shop.id, email } }) : Promise.resolve(0),
  ]);
  const data = deriveRiskProfile(
    returns.map((r) => ({
      status: r.status,
      createdAt: r.createdAt,
      platformOrderId: r.platformOrderId,
      refundEstimate: r.refundEstimate.toFixed(2),
      riskScore: r.riskScore === null ? null : r.riskScore.toString(),
      reusedPhoto: Array.isArray(r.riskFactors) && r.riskFactors.some((f) => typeof f === "object" && f !== null && "code" in f && f.code === "reused_photo"),
    })),
    orders,
  );
  if (!data) return null;
  return client.customerRiskProfile.upsert({
    where: { shopId_email: { shopId: shop.id, email } },
    create: { shopId: shop.id, email, ...data },
    update: data,
  });
}
