import { db, type AutomationBacktest } from "../db.server";
import { AppError } from "../errors";
import type { ShopContext } from "../shops/shop-context";

export type RuleBacktestView = { id: string; ruleId: string | null; status: string; progress: number; days: number; result: unknown; error: string | null; createdAt: string; completedAt: string | null };

export function toRuleBacktestView(b: AutomationBacktest): RuleBacktestView {
  return { id: b.id, ruleId: b.ruleId, status: b.status, progress: b.progress, days: b.days, result: b.result ?? null, error: b.error, createdAt: b.createdAt.toISOString(), completedAt: b.completedAt?.toISOString() ?? null };
}

/** One of this shop's rule backtests; another shop's answers 404. */
export async function getRuleBacktest(ctx: ShopContext, id: string): Promise<RuleBacktestView> {
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await db().automationBacktest.findFirst({ where: { id, shopId: ctx.shop.id } }) : null;
  if (!row) throw new AppError("not_found", "No such backtest.");
  return toRuleBacktestView(row);
}
