import { recordAudit } from "../audit/record-audit";
import { db } from "../db.server";
import { AppError } from "../errors";
import type { ShopContext } from "../shops/shop-context";
import { triageReturn } from "./triage-return.server";
import type { Recommendation, ReturnStatus } from "./types";

/** What a merchant's "Run triage again" did: the status after it, and the recommendation it left. */
export type RerunTriageResult = { status: ReturnStatus; recommendation: Recommendation | null; message: string };

const ACTION_WORDS: Record<Recommendation["action"], string> = { approve: "approve", deny: "deny", request_info: "ask the shopper for more information" };

/**
 * Runs triage on a return waiting for a decision now, at the merchant's request (after a photo
 * arrived, a model was configured, or triage never finished), and says what came of it. Triage is
 * the same code the job runs, so running it again changes nothing twice: a decided return is left
 * alone, and its emails and security events are sent once.
 */
export async function rerunTriage(ctx: ShopContext, input: { returnId: string }): Promise<RerunTriageResult> {
  const shopId = ctx.shop.id;
  const row = await db().returnRequest.findFirst({ where: { id: input.returnId, shopId }, select: { id: true, status: true } });
  if (!row) throw new AppError("not_found", "No such return.");
  if (row.status !== "pending_triage" && row.status !== "pending_review") {
    throw new AppError("invalid_transition", "Only a return waiting for a decision can be triaged again.");
  }
  await recordAudit(db(), { shopId, entityType: "return", entityId: row.id, action: "triage_requested", actor: ctx.actor, message: "Asked for triage to run again." });
  await triageReturn(db(), row.id, new Date(), { again: true });
  const after = await db().returnRequest.findUniqueOrThrow({ where: { id: row.id }, select: { status: true, aiRecommendation: true } });
  const recommendation = (after.aiRecommendation as Recommendation | null) ?? null;
  const message =
    after.status === "approved"
      ? "Triage ran again: the return is now approved under the policy"
      : after.status === "pending_review" && recommendation
        ? `Triage ran again: still needs your review; recommends to ${ACTION_WORDS[recommendation.action]}`
        : `Triage ran again: the return is ${after.status.replace("_", " ")}`;
  return { status: after.status, recommendation, message };
}
