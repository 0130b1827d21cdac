import type { PolicyBacktest } from "../db.server";
import { readBacktestResult, type BacktestResult } from "./backtest-result";
import { formatMoneyAmount } from "../money";

/** A backtest as the admin shows it: money already written for people, the result checked. */
export type BacktestView = {
  id: string;
  status: "queued" | "running" | "completed" | "failed";
  progress: number;
  days: number;
  error: string | null;
  createdAt: string;
  completedAt: string | null;
  /** The draft's rules changed after this ran, so the result describes earlier rules. */
  stale: boolean;
  result: (Omit<BacktestResult, "refunds" | "rulesHash"> & { refunds: Array<{ currency: string; before: string; after: string; delta: string; direction: "up" | "down" | "same" }> }) | null;
};

function signed(amount: string, currency: string): string {
  if (amount.startsWith("-")) return `−${formatMoneyAmount(amount.slice(1), currency)}`;
  return /^0+\.00$/.test(amount) ? formatMoneyAmount(amount, currency) : `+${formatMoneyAmount(amount, currency)}`;
}

/** The admin's view of a stored backtest; `rulesHash` is the version's current rules fingerprint. */
export function toBacktestView(backtest: PolicyBacktest, currentRulesHash: string): BacktestView {
  const result = readBacktestResult(backtest.result);
  return {
    id: backtest.id,
    status: backtest.status,
    progress: backtest.progress,
    days: backtest.days,
    error: backtest.error,
    createdAt: backtest.createdAt.toISOString(),
    completedAt: backtest.completedAt?.toISOString() ?? null,
    stale: Boolean(result && result.rulesHash !== currentRulesHash),
    result: result
      ? {
          ...result,
          refunds: result.refunds.map((r) => ({
            currency: r.currency,
            before: formatMoneyAmount(r.before, r.currency),
            after: formatMoneyAmount(r.after, r.currency),
            delta: signed(r.delta, r.currency),
            direction: r.delta.startsWith("-") ? ("down" as const) : /^0+\.00$/.test(r.delta) ? ("same" as const) : ("up" as const),
          })),
        }
      : null,
  };
}

/** One line on the versions list: "Last 90 days, 42 returns: 5 would change; approved refunds −$120.00". */
export function summarizeImpact(impact: unknown): string | null {
  const result = readBacktestResult(impact);
  if (!result) return null;
  const changes = result.flipCount === 0 ? "no decision would change" : `${result.flipCount} decision${result.flipCount === 1 ? "" : "s"} would change`;
  const money = result.refunds.map((r) => `${signed(r.delta, r.currency)} approved refunds`).join(", ");
  return `Last ${result.days} days, ${result.total} return${result.total === 1 ? "" : "s"}: ${changes}${money ? `; ${money}` : ""}`;
}
