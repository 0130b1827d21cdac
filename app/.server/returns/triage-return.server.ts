import { recommendReturn, triageOptionsForShop } from "../ai/triage";
import { recordAudit, RULES_ACTOR } from "../audit/record-audit";
import type { DbClient, PrismaClient } from "../db.server";
import { AppError } from "../errors";
import { rulesOfVersion } from "../policies/get-active-policy.server";
import { notifyMerchant } from "../notifications/notify-merchant.server";
import { getFile } from "../storage/file-storage.server";
import { decideReturn } from "./engine";
import { loadCustomerHistory } from "./load-customer-history.server";
import { storedOrderSnapshot } from "./stored-order-snapshot";
import { findShop } from "../shops/find-shop.server";
import { refreshRiskProfile } from "./refresh-risk-profile.server";
import { decisionColumns } from "./decision-columns";
import { RISK_BAND_RANGES } from "./risk-bands";
import { transitionReturn, type TransitionReturnOptions as TransitionOptions } from "./transition-return.server";
import type { PhotoIssue, Recommendation, ReturnStatus } from "./types";

/** A risk score at or above this raises a security event for the merchant: where the queue's "High risk" band starts. */
export const HIGH_RISK_THRESHOLD = Number(RISK_BAND_RANGES.high.min);
const MAX_PHOTOS_FOR_MODEL = 3;

/**
 * The `returns.triage` job. For a return awaiting review it decides again with the photos now
 * attached (a review that only waited for photos becomes an approval), and otherwise adds the
 * AI recommendation (or the rules' one without a model). It refreshes the customer's risk profile
 * and raises a security event for high risk. It never turns a denial into anything else.
 */
export async function triageReturn(client: PrismaClient, returnId: string, now = new Date(), options: { again?: boolean } = {}) {
  const found = await client.returnRequest.findUnique({ where: { id: returnId }, include: { items: true } });
  const shop = found && (await findShop(client, found.shopId));
  if (!found || !shop) return { outcome: "missing" as const };

  let outcome: "approved" | "reviewed" | "unchanged" = "unchanged";
  // The policy version and the photos matter only to a return still to be decided (most are decided when made).
  const undecided = (found.status === "pending_triage" || found.status === "pending_review") && found.policyId !== null;
  const [policy, evidence] = undecided
    ? await Promise.all([
        client.policy.findUnique({ where: { id: found.policyId! } }),
        client.evidenceFile.findMany({ where: { returnId: found.id }, orderBy: { createdAt: "asc" } }),
      ])
    : [null, []];
  const row = { ...found, evidence };
  if (policy) {
    const rules = rulesOfVersion(policy);
    const order = storedOrderSnapshot(row);
    const { usable, photoIssues } = sortEvidence(row.evidence);
    const history = await loadCustomerHistory(client, shop, { email: row.customerEmail, orderId: row.platformOrderId, clientAddress: row.customerIp, now: row.createdAt, excludeReturnId: row.id });
    const decision = decideReturn({
      rules,
      policyVersion: policy.version,
      // The request is judged as of when it was made: a photo sent later does not move the window.
      now: row.createdAt,
      order,
      items: row.items.map((i) => ({ lineItemId: i.lineItemId, quantity: i.quantity, reason: i.reason, condition: i.condition ?? undefined })),
      resolution: row.resolution,
      evidenceCount: usable.length,
      photoIssues,
      history,
    });

    if (decision.outcome === "approved") {
      const moved = await moveByTriage(shop.id, row.id, "approved", {
        actor: RULES_ACTOR,
        action: "decided.approved",
        message: decision.explanation,
        notify: "approved",
        changes: { ...decisionColumns(decision), decidedAt: now, decidedBy: "rules" },
        auditData: { after: "evidence" },
      });
      if (moved) outcome = "approved";
    } else if (decision.outcome === "pending_review" && row.status === "pending_review" && !options.again && (await alreadyTriaged(client, row.id, row.evidence.length))) {
      // A repeated delivery of this job (or a sweep re-queueing it) finds the recommendation for this evidence made: nothing to redo.
    } else if (decision.outcome === "pending_review") {
      const photos = await loadPhotos(usable.slice(0, MAX_PHOTOS_FOR_MODEL));
      const recommendation: Recommendation = await recommendReturn(
        {
          decision,
          request: {
            reasons: row.items.map((i) => i.reason),
            notes: [row.note, ...row.items.map((i) => i.note)].filter((n): n is string => Boolean(n)),
            condition: row.items.map((i) => i.condition).filter((c): c is NonNullable<typeof c> => Boolean(c)),
            photos,
          },
          order: { name: row.orderName, total: row.orderTotal.toFixed(2), currency: row.currency, items: row.items.map((i) => ({ title: i.title, quantity: i.quantity, productType: i.productType })) },
        },
        triageOptionsForShop(shop),
      );
      const audit = {
        actor: recommendation.source === "model" ? { type: "ai" as const, id: recommendation.model ?? null, name: "AI triage" } : RULES_ACTOR,
        action: "triaged",
        // Only a model's confidence is a measurement; the rules' advice states no figure.
        message: `Recommends ${recommendation.action.replace("_", " ")}${recommendation.source === "model" ? ` (${Math.round(recommendation.confidence * 100)}% confident)` : ""}: ${recommendation.reasoning}`,
        auditData: { recommendation, evidence: row.evidence.length },
      };
      const changes = { ...decisionColumns(decision), aiRecommendation: recommendation };
      // The merchant hears of the review in the same transaction as the recommendation: once, and never lost to a crash between.
      const tellMerchant = (tx: DbClient) =>
        notifyMerchant(tx, shop, {
          kind: "return_needs_review",
          relatedId: row.id,
          subject: `Return for ${row.orderName} needs your review`,
          text: `${row.customerEmail} asked to return items from ${row.orderName} (${row.orderTotal.toFixed(2)} ${row.currency}). ${decision.explanation}\n\nRecommendation: ${recommendation.action.replace("_", " ")}. ${recommendation.reasoning}`,
          link: `/app/returns/${row.id}`,
        });
      if (row.status === "pending_triage") {
        // The shopper hears that a person decides this one, and where to follow it.
        await moveByTriage(shop.id, row.id, "pending_review", { ...audit, changes, notify: "pending_review", also: tellMerchant });
      } else {
        // Already in review (a photo arrived, or the merchant asked again): a new recommendation, not a new status.
        await client.$transaction(async (tx) => {
          // Locked, then checked again: two deliveries running at once still record one recommendation.
          const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "return_requests" WHERE "id" = ${row.id}::uuid AND "status" = 'pending_review' FOR UPDATE`;
          if (!locked.length || (!options.again && (await alreadyTriaged(tx, row.id, row.evidence.length)))) return;
          const updated = await tx.returnRequest.updateMany({ where: { id: row.id, status: "pending_review" }, data: changes });
          if (!updated.count) return;
          await recordAudit(tx, { shopId: shop.id, entityType: "return", entityId: row.id, action: audit.action, actor: audit.actor, message: audit.message, data: audit.auditData });
          // A merchant who asked again is looking at the return: no email about it.
          if (!options.again) await tellMerchant(tx);
        });
      }
      outcome = "reviewed";
    }
  }

  await refreshRiskProfile(client, shop, row.customerEmail);
  const score = Number(row.riskScore ?? 0);
  if (score >= HIGH_RISK_THRESHOLD) {
    const known = await client.securityEvent.findFirst({ where: { shopId: shop.id, kind: "high_risk_return", returnId: row.id } });
    if (!known) {
      const event = await client.securityEvent.create({
        data: {
          shopId: shop.id,
          kind: "high_risk_return",
          severity: score >= 0.85 ? "critical" : "high",
          customerEmail: row.customerEmail,
          returnId: row.id,
          details: { riskScore: score, factors: row.riskFactors, orderName: row.orderName },
        },
      });
      await notifyMerchant(client, shop, {
        kind: "security_event",
        relatedId: event.id,
        subject: `High-risk return for ${row.orderName}`,
        text: `The return ${row.customerEmail} requested for ${row.orderName} has a risk score of ${score.toFixed(2)} (${event.severity}). Look at the customer's history before deciding it.`,
        link: `/app/customers?tab=events`,
      });
    }
  }
  // Unchanged, the return as read here is still current: the next step of a follow-up may use it.
  return outcome === "unchanged" ? { outcome, row: found } : { outcome };
}

/**
 * Moves the return through the state machine like every other change. The merchant may have decided
 * it while triage ran: that is not an error for the job, only nothing left to do.
 */
async function moveByTriage(shopId: string, returnId: string, to: ReturnStatus, options: TransitionOptions): Promise<boolean> {
  try {
    await transitionReturn(shopId, returnId, to, options);
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid_transition") return false;
    throw error;
  }
}

/** The photos that can show the item, and what is wrong with the others (a photo never checked counts as usable). */
function sortEvidence<T extends { quality: string }>(evidence: T[]): { usable: T[]; photoIssues: PhotoIssue[] } {
  const usable: T[] = [];
  const photoIssues: PhotoIssue[] = [];
  for (const file of evidence) {
    if (file.quality === "blank" || file.quality === "too_small" || file.quality === "reused") photoIssues.push(file.quality);
    else usable.push(file);
  }
  return { usable, photoIssues };
}

/** Whether triage already recommended on this return with this many photos (its "triaged" timeline entry says how many it saw). */
async function alreadyTriaged(client: DbClient, returnId: string, evidenceCount: number): Promise<boolean> {
  const last = await client.auditLog.findFirst({ where: { entityType: "return", entityId: returnId, action: "triaged" }, orderBy: { createdAt: "desc" }, select: { data: true } });
  const seen = (last?.data as { evidence?: unknown } | null)?.evidence;
  return typeof seen === "number" && seen === evidenceCount;
}

async function loadPhotos(files: Array<{ storageKey: string; storage: string; mimeType: string }>) {
  const photos: Array<{ mimeType: string; dataUrl: string }> = [];
  for (const file of files) {
    if (file.mimeType === "image/heic") continue;
    const bytes = await getFile(file.storageKey, file.storage).catch(() => null);
    if (bytes) photos.push({ mimeType: file.mimeType, dataUrl: `data:${file.mimeType};base64,${bytes.toString("base64")}` });
  }
  return photos;
}
