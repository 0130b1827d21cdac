import { db, type Policy } from "../db.server";

/** Every policy version of the shop, newest first. */
export async function listPolicyVersions(shopId: string): Promise<Policy[]> {
  return db().policy.findMany({ where: { shopId }, orderBy: { version: "desc" } });
}
