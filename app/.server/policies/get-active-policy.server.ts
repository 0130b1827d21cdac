import type { DbClient } from "../db.server";
import { AppError } from "../errors";
import { parsePolicyRules, type PolicyRules } from "./policy-rules";

/** The shop's active policy version; a shop without one does not take returns online yet (503). */
export async function getActivePolicy(client: DbClient, shopId: string): Promise<{ id: string; version: number; rules: PolicyRules }> {
  const policy = await client.policy.findFirst({ where: { shopId, status: "active" }, select: { id: true, version: true, rules: true } });
  if (!policy) throw new AppError("unavailable", "This store is not taking returns online yet. Please contact the store.");
  return { id: policy.id, version: policy.version, rules: parsePolicyRules(policy.rules) };
}
