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
  result:
    | (Omit<BacktestResult, "refunds" | "rulesHash"> & {
        refunds: Array<{ currency: string; before: string; after: string; delta: string; direction: "up" | "down" | "same" }>;
        /** What changes, in the merchant's words ("A 21-day window would have denied 7 of the last 120 returns ($412.00 in refunds)."). */
        headline: string;
      })
    | null;
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The backtest's finding in one or two sentences a merchant reads at a glance: which change, how
 * many past returns it would have denied and the refunds those were, or that nothing changes; and
 * how many returns still waiting for a decision were left out.
 */
export function describeBacktestChange(result: BacktestResult): string {
  const subject = result.windowChange ? `A ${result.windowChange.to}-day window` : "This version";
  const compared = result.total - result.undecided - result.skipped;
  const last = `the last ${plural(compared, "return", "returns")}`;
  let sentence: string;
  if (compared === 0) sentence = `There were no decided returns in the last ${result.days} days to compare.`;
  else if (result.newlyDenied.count > 0) {
    const money = result.newlyDenied.refunds.map((r) => formatMoneyAmount(r.amount, r.currency)).join(" and ");
    sentence = `${subject} would have denied ${result.newlyDenied.count} of ${last}${money ? ` (${money} in refunds)` : ""}.`;
  } else if (result.flipCount === 0) sentence = `${subject} would have decided ${last} the same way.`;
  else sentence = `${subject} would have changed ${plural(result.flipCount, "decision", "decisions")} among ${last}, and denied none that was approved.`;
  const waiting = result.undecided > 0 ? ` ${plural(result.undecided, "return still waiting for a decision is", "returns still waiting for a decision are")} left out.` : "";
  const ex = result.exchanges;
  const exchanges =
    ex.count > 0
      ? ` Of ${plural(ex.count, "exchange", "exchanges")} with a chosen replacement, it would ship ${ex.instant} at once${ex.denied > 0 ? ` and deny ${ex.denied}` : ""}.`
      : "";
  return sentence + exchanges + waiting;
}

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
          headline: describeBacktestChange(result),
        }
      : null,
  };
}

/** One line on the versions list: "Last 90 days: A 21-day window would have denied 7 of the last 120 returns ($412.00 in refunds)." */
export function summarizeImpact(impact: unknown): string | null {
  const result = readBacktestResult(impact);
  if (!result) return null;
  return `Last ${result.days} days: ${describeBacktestChange(result)}`;
}
