import { recordAudit } from "../audit/record-audit";
import type { Policy } from "../db.server";
import { AppError, isUniqueViolation } from "../errors";
import { runInTransaction } from "../jobs/enqueue-job";
import type { ShopContext } from "../shops/shop-context";
import type { PolicyRules } from "./policy-rules";

/**
 * Saves `rules` as the shop's next policy version, a draft. The number is the highest so far plus
 * one; two saves at the same moment can pick the same one, which the unique (shopId, version)
 * index refuses, so the loser tries once more with a fresh number and only then answers 409.
 */
export async function createPolicyVersion(ctx: ShopContext, input: { rules: PolicyRules; notes?: string | null; copiedFrom?: number }): Promise<Policy> {
  const shopId = ctx.shop.id;
  const { rules } = input;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await runInTransaction(async (tx) => {
        const { _max } = await tx.policy.aggregate({ where: { shopId }, _max: { version: true } });
        const version = (_max.version ?? 0) + 1;
        const policy = await tx.policy.create({
          data: { shopId, version, status: "draft", rules, notes: input.notes ?? null, createdBy: `${ctx.actor.type}:${ctx.actor.id ?? ""}` },
        });
        await recordAudit(tx, { shopId, entityType: "policy", entityId: policy.id, action: "created", actor: ctx.actor, data: { version, ...(input.copiedFrom ? { copiedFrom: input.copiedFrom } : {}) } });
        return policy;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (attempt >= 1) throw new AppError("conflict", "Another policy version was saved at the same moment. Please try again.", { cause: error });
    }
  }
}
