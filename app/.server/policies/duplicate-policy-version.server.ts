import { db, type Policy } from "../db.server";
import { AppError } from "../errors";
import type { ShopContext } from "../shops/shop-context";
import { createPolicyVersion } from "./create-policy-version.server";
import { DEFAULT_POLICY_RULES } from "./default-policy";
import { parsePolicyRules } from "./policy-rules";

/**
 * Starts a new draft from an existing version's rules: a given version, or the active one. A shop
 * with no active version starts from the published default rules, so "New draft" always works.
 */
export async function duplicatePolicyVersion(ctx: ShopContext, input: { source: number | "active" }): Promise<Policy> {
  const shopId = ctx.shop.id;
  const { source } = input;
  const from =
    source === "active"
      ? await db().policy.findFirst({ where: { shopId, status: "active" } })
      : await db().policy.findUnique({ where: { shopId_version: { shopId, version: source } } });
  if (!from && source !== "active") throw new AppError("not_found", "No such policy version.");
  const rules = parsePolicyRules(from ? from.rules : structuredClone(DEFAULT_POLICY_RULES));
  return createPolicyVersion(ctx, {
    rules,
    notes: from ? `Copy of version ${from.version}` : "Started from the default policy",
    copiedFrom: from?.version,
  });
}
