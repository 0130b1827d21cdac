import { recordAudit, SYSTEM_ACTOR } from "../audit/record-audit";
import type { DbClient } from "../db.server";
import { DEFAULT_POLICY_RULES } from "./default-policy";

/**
 * Gives a shop that has no policy at all the default one, active as version 1, so a new store takes
 * returns from its first minute. A shop with any version (even only drafts or archived ones) is the
 * merchant's to configure and is left alone. Safe to call on every install and from any number of
 * processes at once: the (shop, version) key lets only one version 1 in. Returns whether it created one.
 */
export async function ensureStartingPolicy(client: DbClient, shopId: string, now = new Date()): Promise<boolean> {
  if (await client.policy.findFirst({ where: { shopId }, select: { id: true } })) return false;
  const created = await client.policy.createManyAndReturn({
    data: [{ shopId, version: 1, status: "active", rules: structuredClone(DEFAULT_POLICY_RULES) as object, notes: "Starting policy", createdBy: "system", activatedAt: now }],
    skipDuplicates: true,
    select: { id: true },
  });
  if (!created[0]) return false;
  await recordAudit(client, {
    shopId,
    entityType: "policy",
    entityId: created[0].id,
    action: "policy.started",
    actor: SYSTEM_ACTOR,
    message: "Started with the default return policy (30 days from delivery); change it under Policies.",
  });
  return true;
}
