import { db, type Policy } from "../db.server";
import { AppError } from "../errors";

/** One policy version of the shop; another shop's version is "not found", exactly like a missing one. */
export async function getPolicyVersion(shopId: string, version: number): Promise<Policy> {
  const policy = await db().policy.findUnique({ where: { shopId_version: { shopId, version } } });
  if (!policy) throw new AppError("not_found", "No such policy version.");
  return policy;
}
