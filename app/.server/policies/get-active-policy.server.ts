import { db, type DbClient } from "../db.server";
import { AppError } from "../errors";
import { log } from "../logger.server";
import { ensureStartingPolicy } from "./ensure-starting-policy.server";
import { cachedActivePolicy } from "../shops/shop-cache.server";
import { parsePolicyRules, type PolicyRules } from "./policy-rules";

export type ActivePolicy = { id: string; version: number; rules: PolicyRules };

// A policy version's rules never change once written (a change is a new version), so each is parsed once.
const parsed = new Map<string, PolicyRules>();
const MAX_CACHED = 1_000;

/** The rules of a stored policy version, validated once per process. */
export function rulesOfVersion(policy: { id: string; rules: unknown }): PolicyRules {
  let rules = parsed.get(policy.id);
  if (!rules) {
    rules = parsePolicyRules(policy.rules);
    if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value!);
    parsed.set(policy.id, rules);
  }
  return rules;
}

/**
 * The shop's active policy version. A shop that never had a policy (made by a path that skipped
 * setup) gets the default one here rather than turning shoppers away; only a shop whose merchant
 * has versions but none active does not take returns online (503).
 */
export async function getActivePolicy(client: DbClient, shopId: string): Promise<ActivePolicy> {
  // Outside a transaction the per-process cache answers; activation tells every instance to forget it.
  if (client === db()) return cachedActivePolicy(shopId, () => readActivePolicy(client, shopId));
  return readActivePolicy(client, shopId);
}

async function readActivePolicy(client: DbClient, shopId: string): Promise<ActivePolicy> {
  const find = () => client.policy.findFirst({ where: { shopId, status: "active" }, select: { id: true, version: true, rules: true } });
  let policy = await find();
  if (!policy && (await ensureStartingPolicy(client, shopId))) {
    log().warn({ shopId }, "a shop had no return policy: started it with the default one");
    policy = await find();
  }
  if (!policy) throw new AppError("unavailable", "This store is not taking returns online yet. Please contact the store.");
  return { id: policy.id, version: policy.version, rules: rulesOfVersion(policy) };
}
