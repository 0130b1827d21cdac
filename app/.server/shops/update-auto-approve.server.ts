import { z } from "zod";
import { db, type DbClient } from "../db.server";
import { AppError, validationError } from "../errors";
import { activatePolicyVersion } from "../policies/activate-policy-version.server";
import { createPolicyVersion } from "../policies/create-policy-version.server";
import { parsePolicyRules } from "../policies/policy-rules";
import type { ShopContext } from "./shop-context";

/** The auto-approval thresholds a merchant edits on the settings page; the policy format's own limits. */
export const AutoApproveSchema = z.object({
  enabled: z.boolean({ error: "must be on or off" }),
  maxOrderValue: z
    .string({ error: 'must be an amount like "200.00"' })
    .trim()
    .regex(/^\d{1,10}(\.\d{1,2})?$/, 'must be an amount like "200.00"')
    .transform((v) => (v.includes(".") ? v.padEnd(v.indexOf(".") + 3, "0") : `${v}.00`)),
  maxRiskScore: z
    .string({ error: "must be a number between 0 and 1" })
    .trim()
    .regex(/^(0(\.\d{1,3})?|1(\.0{1,3})?|\.\d{1,3})$/, "must be a number between 0 and 1, with at most three decimals")
    .transform(Number),
});

export type AutoApproveInput = z.input<typeof AutoApproveSchema>;

/** The shop's active policy version and the number the next saved version will get. */
export async function readAutoApprove(ctx: ShopContext, client: DbClient = db()) {
  const shopId = ctx.shop.id;
  const [active, max] = await Promise.all([
    client.policy.findFirst({ where: { shopId, status: "active" }, select: { id: true, version: true, rules: true } }),
    client.policy.aggregate({ where: { shopId }, _max: { version: true } }),
  ]);
  const nextVersion = (max._max.version ?? 0) + 1;
  if (!active) return { activeVersion: null, autoApprove: null, nextVersion };
  const rules = parsePolicyRules(active.rules);
  return { activeVersion: active.version, autoApprove: rules.autoApprove, nextVersion };
}

/**
 * Changes the auto-approval thresholds the only way a rule may change: a new policy version copied
 * from the active one with just `autoApprove` replaced, then activated, so every past decision
 * still points at the version that made it. Invalid input writes nothing (`invalid_request` with
 * fields); a shop without an active policy has nothing to copy (`conflict`).
 */
export async function updateAutoApprove(ctx: ShopContext, raw: unknown) {
  const shopId = ctx.shop.id;
  const parsed = AutoApproveSchema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error, "Check the auto-approval thresholds.");
  const active = await db().policy.findFirst({ where: { shopId, status: "active" }, select: { version: true, rules: true } });
  if (!active) throw new AppError("conflict", "There is no active return policy to copy. Create and activate one under Policies first.");
  const rules = parsePolicyRules(active.rules);
  const autoApprove = parsed.data;
  if (
    rules.autoApprove.enabled === autoApprove.enabled &&
    rules.autoApprove.maxOrderValue === autoApprove.maxOrderValue &&
    rules.autoApprove.maxRiskScore === autoApprove.maxRiskScore
  ) {
    return { version: active.version, changed: false };
  }
  const draft = await createPolicyVersion(ctx, { rules: parsePolicyRules({ ...rules, autoApprove }) });
  const activated = await activatePolicyVersion(ctx, { version: draft.version });
  return { version: activated.version, changed: true };
}
