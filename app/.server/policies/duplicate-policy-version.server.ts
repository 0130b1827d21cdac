import type { Actor } from "../audit/record-audit";
import { db, type Policy } from "../db.server";
import { AppError } from "../errors";
import { createPolicyVersion } from "./create-policy-version.server";
import { DEFAULT_POLICY_RULES } from "./default-policy";
import { parsePolicyRules } from "./policy-rules";

/**
 * Starts a new draft from an existing version's rules: a given version, or the active one. A shop
 * with no active version starts from the published default rules, so "New draft" always works.
 */
export async function duplicatePolicyVersion(shopId: string, source: number | "active", options: { actor: Actor }): Promise<Policy> {
  const from =
    source === "active"
      ? await db().policy.findFirst({ where: { shopId, status: "active" } })
      : await db().policy.findUnique({ where: { shopId_version: { shopId, version: source } } });
  if (!from && source !== "active") throw new AppError("not_found", "No such policy version.");
  const rules = parsePolicyRules(from ? from.rules : structuredClone(DEFAULT_POLICY_RULES));
  return createPolicyVersion(shopId, rules, {
    actor: options.actor,
    notes: from ? `Copy of version ${from.version}` : "Started from the default policy",
    copiedFrom: from?.version,
  });
}
