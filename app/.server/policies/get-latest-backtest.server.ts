import { db, type PolicyBacktest } from "../db.server";

/** The newest backtest of a policy version, or null when it was never backtested. */
export async function getLatestBacktest(shopId: string, policyId: string): Promise<PolicyBacktest | null> {
  return db().policyBacktest.findFirst({ where: { shopId, policyId }, orderBy: { createdAt: "desc" } });
}
