import { recordAudit } from "../audit/record-audit";
import type { Policy } from "../db.server";
import { AppError } from "../errors";
import { runInTransaction } from "../jobs/enqueue-job";
import { enqueueCallAgentSync } from "../calls/enqueue-call-agent-sync.server";
import { shopChanged } from "../shops/shop-cache.server";
import type { ShopContext } from "../shops/shop-context";

/**
 * Makes a version the shop's active policy and archives the one it replaces, in one transaction
 * (the partial unique index allows one active version per shop). An archived version may come
 * back; the active one is left as it is. The shop's policy rows are locked first, so two
 * activations at once run one after the other instead of colliding on that index.
 */
export async function activatePolicyVersion(ctx: ShopContext, input: { version: number }): Promise<Policy> {
  const shopId = ctx.shop.id;
  const { version } = input;
  const { policy, changed } = await runInTransaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "policies" WHERE "shopId" = ${shopId}::uuid FOR UPDATE`;
    const target = await tx.policy.findUnique({ where: { shopId_version: { shopId, version } } });
    if (!target) throw new AppError("not_found", "No such policy version.");
    if (target.status === "active") return { policy: target, changed: false };

    const now = new Date();
    const previous = await tx.policy.findFirst({ where: { shopId, status: "active" } });
    if (previous) {
      await tx.policy.update({ where: { id: previous.id }, data: { status: "archived", archivedAt: now } });
      await recordAudit(tx, { shopId, entityType: "policy", entityId: previous.id, action: "archived", actor: ctx.actor, data: { version: previous.version, replacedBy: version } });
    }
    const activated = await tx.policy.update({ where: { id: target.id }, data: { status: "active", activatedAt: now, archivedAt: null } });
    await recordAudit(tx, {
      shopId,
      entityType: "policy",
      entityId: target.id,
      action: "activated",
      actor: ctx.actor,
      data: { version, from: target.status, ...(previous ? { replaced: previous.version } : {}) },
    });
    // The voice agent and video persona speak the policy: they follow the new version.
    await enqueueCallAgentSync(tx, shopId);
    return { policy: activated, changed: true };
  });
  // Every instance decides the very next return by the new version.
  if (changed) await shopChanged(shopId, "policy");
  return policy;
}
