import { recordAudit } from "../audit/record-audit";
import type { PolicyBacktest } from "../db.server";
import { AppError } from "../errors";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import type { ShopContext } from "../shops/shop-context";
import { BACKTEST_DAY_CHOICES } from "../../components/policies/labels";
import { backtestPolicyJob } from "./jobs";

/**
 * Queues a backtest of a version over the returns of the last `days` days. One backtest of a
 * version runs at a time: the version's row is locked while checking, so two clicks at once make
 * one backtest and one 409. The backtest row, its audit row and its job commit together.
 */
export async function startPolicyBacktest(ctx: ShopContext, input: { version: number; days: number }): Promise<PolicyBacktest> {
  const shopId = ctx.shop.id;
  const { version, days } = input;
  if (!(BACKTEST_DAY_CHOICES as readonly number[]).includes(days)) {
    throw new AppError("invalid_request", `Choose ${BACKTEST_DAY_CHOICES.join(", ")} days.`, { fields: { days: `must be one of ${BACKTEST_DAY_CHOICES.join(", ")}` } });
  }
  return runInTransaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT "id" FROM "policies" WHERE "shopId" = ${shopId}::uuid AND "version" = ${version} FOR UPDATE`;
    const policyId = locked[0]?.id;
    if (!policyId) throw new AppError("not_found", "No such policy version.");
    const running = await tx.policyBacktest.findFirst({ where: { policyId, status: { in: ["queued", "running"] } }, select: { id: true } });
    if (running) throw new AppError("conflict", `A backtest of version ${version} is already running. Wait for it to finish.`);
    const backtest = await tx.policyBacktest.create({ data: { shopId, policyId, days } });
    await enqueueJob(tx, backtestPolicyJob, { backtestId: backtest.id }, { shopId, dedupKey: `policies.backtest:${backtest.id}` });
    await recordAudit(tx, { shopId, entityType: "policy", entityId: policyId, action: "backtest.started", actor: ctx.actor, data: { version, days, backtestId: backtest.id } });
    return backtest;
  });
}
