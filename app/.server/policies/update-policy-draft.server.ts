import { recordAudit } from "../audit/record-audit";
import { Prisma, type Policy } from "../db.server";
import { AppError } from "../errors";
import { runInTransaction } from "../jobs/enqueue-job";
import type { ShopContext } from "../shops/shop-context";
import { diffPolicyRules } from "./diff-policy-rules";
import { parsePolicyRules, type PolicyRules } from "./policy-rules";

/**
 * Saves new rules and notes on a draft. Only drafts change: an active or archived version is a
 * record of what decided real returns, so changing it means a new version. The row is locked so a
 * save racing an activation either lands before it or is refused after it. The audit row lists
 * the changes in words. A stored backtest impact no longer describes the new rules and is cleared.
 */
export async function updatePolicyDraft(ctx: ShopContext, input: { version: number; rules: PolicyRules; notes: string | null }): Promise<Policy> {
  const shopId = ctx.shop.id;
  const { version } = input;
  return runInTransaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT "id" FROM "policies" WHERE "shopId" = ${shopId}::uuid AND "version" = ${version} FOR UPDATE`;
    if (!locked[0]) throw new AppError("not_found", "No such policy version.");
    const current = await tx.policy.findUniqueOrThrow({ where: { id: locked[0].id } });
    if (current.status !== "draft") {
      throw new AppError("conflict", `Version ${version} is ${current.status} and can't be changed. Duplicate it as a draft to make changes.`);
    }
    const changes = diffPolicyRules(parsePolicyRules(current.rules), input.rules, { currency: ctx.shop.currency });
    const rulesChanged = changes.length > 0;
    const updated = await tx.policy.update({
      where: { id: current.id },
      data: { rules: input.rules, notes: input.notes, ...(rulesChanged ? { impact: Prisma.DbNull } : {}) },
    });
    await recordAudit(tx, {
      shopId,
      entityType: "policy",
      entityId: current.id,
      action: "updated",
      actor: ctx.actor,
      message: rulesChanged ? `Changed ${changes.length} rule${changes.length === 1 ? "" : "s"} of version ${version}` : `Saved version ${version}`,
      data: { version, changes: changes.map((c) => c.text), notesChanged: (current.notes ?? null) !== input.notes },
    });
    return updated;
  });
}
