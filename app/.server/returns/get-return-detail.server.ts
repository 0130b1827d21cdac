import { db, type DbClient } from "../db.server";
import { AppError } from "../errors";
import type { ShopContext } from "../shops/shop-context";
import { getReturnTimeline, type TimelineEntry } from "./get-return-timeline.server";
import { nextStepFor, type NextStep } from "./methods";
import { returnReference } from "./return-reference";
import { riskBandOf, type RiskBand } from "./risk-bands";
import type { DecisionOutcome, DecisionReason, ItemCondition, Recommendation, Resolution, ReturnReason, ReturnStatus, RiskFactor } from "./types";

/** Everything the merchant's return page shows, as plain serialisable values (money as decimal strings). */
export type ReturnDetail = {
  id: string;
  status: ReturnStatus;
  resolution: Resolution;
  order: { id: string; name: string; processedAt: string; deliveredAt: string | null; total: string; currency: string };
  customer: { email: string; name: string | null };
  note: string | null;
  items: Array<{
    lineItemId: string;
    title: string;
    variantTitle: string | null;
    sku: string | null;
    quantity: number;
    unitPrice: string;
    reason: ReturnReason;
    condition: ItemCondition | null;
    note: string | null;
    restock: boolean;
    /** The refund review's figures once completed; null before. */
    refundQuantity: number | null;
    refundAmount: string | null;
  }>;
  /** The return's reference and, while approved, what the shopper was told to do next. */
  reference: string;
  nextStep: NextStep | null;
  /** Each photo with its check: `reusedFrom` names the other return that has the same picture. */
  evidence: Array<{ id: string; mimeType: string; createdAt: string; quality: string; reusedFrom: { returnId: string; orderName: string } | null }>;
  decision: { outcome: DecisionOutcome; reasons: DecisionReason[]; explanation: string; decidedAt: string | null; decidedBy: string | null };
  risk: { score: string | null; band: RiskBand | null; factors: RiskFactor[] };
  recommendation: Recommendation | null;
  policyVersion: number | null;
  money: { refundEstimate: string; restockingFee: string; storeCreditBonus: string; refundedAmount: string | null };
  sync: { status: string; error: string | null };
  conversationId: string | null;
  receivedAt: string | null;
  completedAt: string | null;
  createdAt: string;
  history: {
    profile: { orderCount: number; returnCount: number; deniedCount: number; returnedValue: string; riskScore: string; flags: string[]; lastReturnAt: string | null } | null;
    pastReturns: Array<{ id: string; orderName: string; status: ReturnStatus; createdAt: string; refundEstimate: string; currency: string }>;
  };
  timeline: TimelineEntry[];
};

const PAST_RETURNS_SHOWN = 20;

/** One return of the shop with its photos, risk, advice, customer history and timeline; another shop's is 404 like a missing one. */
export async function getReturnDetail(ctx: ShopContext, returnId: string, client: DbClient = db()): Promise<ReturnDetail> {
  const shopId = ctx.shop.id;
  const row = await client.returnRequest.findFirst({
    where: { id: returnId, shopId },
    include: {
      items: { orderBy: { lineItemId: "asc" } },
      evidence: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, mimeType: true, createdAt: true, quality: true, reusedEvidenceId: true } },
    },
  });
  if (!row) throw new AppError("not_found", "No such return.");
  const reusedIds = row.evidence.map((file) => file.reusedEvidenceId).filter((id): id is string => id !== null);
  const [profile, past, timeline, earlier] = await Promise.all([
    client.customerRiskProfile.findUnique({ where: { shopId_email: { shopId, email: row.customerEmail } } }),
    client.returnRequest.findMany({
      where: { shopId, customerEmail: row.customerEmail, id: { not: row.id } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: PAST_RETURNS_SHOWN,
      select: { id: true, orderName: true, status: true, createdAt: true, refundEstimate: true, currency: true },
    }),
    getReturnTimeline(ctx, row.id, client),
    reusedIds.length
      ? client.evidenceFile.findMany({ where: { shopId, id: { in: reusedIds } }, select: { id: true, returnId: true, returnRequest: { select: { orderName: true } } } })
      : Promise.resolve([]),
  ]);
  const earlierById = new Map(earlier.map((file) => [file.id, file]));
  const reusedFrom = (id: string | null) => {
    const file = id ? earlierById.get(id) : undefined;
    return file?.returnId && file.returnRequest ? { returnId: file.returnId, orderName: file.returnRequest.orderName } : null;
  };
  const score = row.riskScore === null ? null : row.riskScore.toFixed(3);
  return {
    id: row.id,
    status: row.status,
    resolution: row.resolution,
    order: {
      id: row.platformOrderId,
      name: row.orderName,
      processedAt: row.orderProcessedAt.toISOString(),
      deliveredAt: row.orderDeliveredAt?.toISOString() ?? null,
      total: row.orderTotal.toFixed(2),
      currency: row.currency.trim(),
    },
    customer: { email: row.customerEmail, name: row.customerName },
    note: row.note,
    items: row.items.map((item) => ({
      lineItemId: item.lineItemId,
      title: item.title,
      variantTitle: item.variantTitle,
      sku: item.sku,
      quantity: item.quantity,
      unitPrice: item.unitPrice.toFixed(2),
      reason: item.reason,
      condition: item.condition,
      note: item.note,
      restock: item.restock,
      refundQuantity: item.refundQuantity,
      refundAmount: item.refundAmount?.toFixed(2) ?? null,
    })),
    reference: returnReference(row.id),
    nextStep: nextStepFor(ctx.shop, row),
    evidence: row.evidence.map((file) => ({
      id: file.id,
      mimeType: file.mimeType,
      createdAt: file.createdAt.toISOString(),
      quality: file.quality,
      reusedFrom: reusedFrom(file.reusedEvidenceId),
    })),
    decision: {
      outcome: row.decisionOutcome,
      reasons: Array.isArray(row.decisionReasons) ? (row.decisionReasons as DecisionReason[]) : [],
      explanation: row.decisionExplanation,
      decidedAt: row.decidedAt?.toISOString() ?? null,
      decidedBy: row.decidedBy,
    },
    risk: { score, band: riskBandOf(score), factors: Array.isArray(row.riskFactors) ? (row.riskFactors as RiskFactor[]) : [] },
    recommendation: (row.aiRecommendation as Recommendation | null) ?? null,
    policyVersion: row.policyVersion,
    money: {
      refundEstimate: row.refundEstimate.toFixed(2),
      restockingFee: row.restockingFee.toFixed(2),
      storeCreditBonus: row.storeCreditBonus.toFixed(2),
      refundedAmount: row.refundedAmount?.toFixed(2) ?? null,
    },
    sync: { status: row.syncStatus, error: row.syncError },
    conversationId: row.conversationId,
    receivedAt: row.receivedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    history: {
      profile: profile
        ? {
            orderCount: profile.orderCount,
            returnCount: profile.returnCount,
            deniedCount: profile.deniedCount,
            returnedValue: profile.returnedValue.toFixed(2),
            riskScore: profile.riskScore.toFixed(3),
            flags: profile.flags,
            lastReturnAt: profile.lastReturnAt?.toISOString() ?? null,
          }
        : null,
      pastReturns: past.map((r) => ({ id: r.id, orderName: r.orderName, status: r.status, createdAt: r.createdAt.toISOString(), refundEstimate: r.refundEstimate.toFixed(2), currency: r.currency.trim() })),
    },
    timeline,
  };
}
