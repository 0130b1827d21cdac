import { recordAudit } from "../audit/record-audit";
import type { Policy } from "../db.server";
import { AppError } from "../errors";
import { runInTransaction } from "../jobs/enqueue-job";
import type { ShopContext } from "../shops/shop-context";

/**
 * Archives a draft (or confirms an already archived version). The active version is refused: a
 * shop without an active policy could not take returns, so another version is activated instead,
 * which archives this one. The shop's policy rows are locked as activation locks them, so an
 * archive and an activation never interleave.
 */
export async function archivePolicyVersion(ctx: ShopContext, input: { version: number }): Promise<Policy> {
  const shopId = ctx.shop.id;
  const { version } = input;
  return runInTransaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "policies" WHERE "shopId" = ${shopId}::uuid FOR UPDATE`;
    const target = await tx.policy.findUnique({ where: { shopId_version: { shopId, version } } });
    if (!target) throw new AppError("not_found", "No such policy version.");
    if (target.status === "active") {
      throw new AppError("conflict", `Version ${version} is the active policy and can't be archived. Activate another version first; that archives this one.`);
    }
    if (target.status === "archived") return target;
    const archived = await tx.policy.update({ where: { id: target.id }, data: { status: "archived", archivedAt: new Date() } });
    await recordAudit(tx, { shopId, entityType: "policy", entityId: target.id, action: "archived", actor: ctx.actor, data: { version, from: target.status } });
    return archived;
  });
}
