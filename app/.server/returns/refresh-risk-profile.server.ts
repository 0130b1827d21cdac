import type { DbClient, Shop } from "../db.server";
import { deriveRiskProfile } from "./derive-risk-profile";
import type { ReturnStatus } from "./types";

/**
 * Recomputes a customer's risk profile from their returns at the shop (idempotent: it always
 * derives, never increments), so a repeated triage cannot double-count.
 */
export async function refreshRiskProfile(client: DbClient, shop: Shop, email: string) {
  // One statement: the customer's returns (newest first) and, for the demo store, their orders.
  const [read] = await client.$queryRaw<Array<{ orders: number; returns: StoredReturn[] }>>`
    SELECT
      CASE WHEN ${shop.platform === "demo"} THEN (SELECT count(*) FROM "demo_orders" WHERE "shopId" = ${shop.id}::uuid AND "email" = ${email}) ELSE 0 END::int AS "orders",
      COALESCE((
        SELECT json_agg(json_build_object(
          'status', r."status", 'refundEstimate', r."refundEstimate"::text, 'riskScore', r."riskScore"::text,
          'createdAt', r."createdAt", 'platformOrderId', r."platformOrderId", 'riskFactors', r."riskFactors"
        ) ORDER BY r."createdAt" DESC)
        FROM "return_requests" r
        WHERE r."shopId" = ${shop.id}::uuid AND r."customerEmail" = ${email} AND r."status" <> 'cancelled'
      ), '[]'::json) AS "returns"`;
  const data = deriveRiskProfile(
    (read?.returns ?? []).map((r) => ({
      status: r.status,
      // Stored as UTC without a zone.
      createdAt: new Date(r.createdAt.endsWith("Z") ? r.createdAt : `${r.createdAt}Z`),
      platformOrderId: r.platformOrderId,
      refundEstimate: r.refundEstimate,
      riskScore: r.riskScore,
      reusedPhoto: Array.isArray(r.riskFactors) && r.riskFactors.some((f) => typeof f === "object" && f !== null && "code" in f && f.code === "reused_photo"),
    })),
    read?.orders ?? 0,
  );
  if (!data) return null;
  return client.customerRiskProfile.upsert({
    where: { shopId_email: { shopId: shop.id, email } },
    create: { shopId: shop.id, email, ...data },
    update: data,
  });
}

type StoredReturn = { status: ReturnStatus; refundEstimate: string; riskScore: string | null; createdAt: string; platformOrderId: string; riskFactors: unknown };
