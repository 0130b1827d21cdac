import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import type { ShopContext } from "../shops/shop-context";
import { notifyReturnJob } from "./jobs";
import type { ReturnStatus } from "./types";

const ASKABLE: readonly ReturnStatus[] = ["pending_triage", "pending_review"];

/**
 * The merchant asks the shopper a question before deciding: it is emailed (the `returns.notify`
 * job, once per question) and recorded in the timeline; the return stays where it is. Only an
 * undecided return can be asked about (409 otherwise); another shop's is 404 like a missing one.
 */
export async function requestReturnInfo(ctx: ShopContext, input: { returnId: string; question: string }) {
  const shopId = ctx.shop.id;
  const { returnId } = input;
  return runInTransaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ status: ReturnStatus }>>`
      SELECT "status" FROM "return_requests" WHERE "id" = ${returnId}::uuid AND "shopId" = ${shopId}::uuid FOR UPDATE`;
    const current = locked[0];
    if (!current) throw new AppError("not_found", "No such return.");
    if (!ASKABLE.includes(current.status)) throw new AppError("invalid_transition", `This return is already ${current.status}; questions can only be asked before a decision.`);
    const questionId = randomUUID();
    await recordAudit(tx, { shopId, entityType: "return", entityId: returnId, action: "info_requested", actor: ctx.actor, message: input.question, data: { questionId } });
    await enqueueJob(tx, notifyReturnJob, { returnId, event: "info_requested", question: { id: questionId, text: input.question } }, { shopId, dedupKey: `returns.notify:${returnId}:info_requested:${questionId}` });
    return { questionId };
  });
}
