import { createHash } from "node:crypto";
import { z } from "zod";
import { BACKTEST_OUTCOMES } from "../../components/policies/labels";
import { DECISION_REASON_CODES } from "../returns/types";
import type { PolicyRules } from "./policy-rules";

/**
 * The stored result of a policy backtest (policy_backtests.result, and the version's `impact`).
 * Read back through this schema, so a row written by an older release, or edited by hand, shows as
 * "no result" instead of breaking the page.
 */

const outcome = z.enum(BACKTEST_OUTCOMES);
const count = z.number().int().min(0);
const money = z.string().regex(/^-?\d+\.\d{2}$/);
const row = z.object({ approved: count, denied: count, review: count });

/** Most flipping returns listed in a result; the total is always counted. */
export const MAX_LISTED_FLIPS = 200;

/** Zod schema of a backtest result. */
export const BacktestResultSchema = z.object({
  version: z.number().int().positive(),
  days: z.number().int().positive(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  /** sha256 of the rules the run used, to tell when a draft has changed since. */
  rulesHash: z.string(),
  total: count,
  /** Returns whose stored data the engine could not decide again (no items left, for one). */
  skipped: count,
  /** matrix[original][new] = how many returns. */
  matrix: z.object({ approved: row, denied: row, review: row }),
  /** Value of the returns each policy approves, per currency: stored estimates before, the version's estimates after. */
  refunds: z.array(z.object({ currency: z.string(), before: money, after: money, delta: money })),
  /** Returns in the window still waiting for a decision: left out of the comparison, counted here. */
  undecided: count.default(0),
  /** Returns that were approved (by the rules or the store) and this version would deny, with their refunds. */
  newlyDenied: z.object({ count, refunds: z.array(z.object({ currency: z.string(), amount: money })) }).default({ count: 0, refunds: [] }),
  /** The return window of the policy active when the backtest ran and of this version, when they differ. */
  windowChange: z.object({ from: z.number().int().min(0), to: z.number().int().min(0) }).nullable().default(null),
  /** Exchanges with chosen replacements in the window: how many, how many this version ships at once, how many it denies. */
  exchanges: z.object({ count, instant: count, denied: count }).default({ count: 0, instant: 0, denied: 0 }),
  flipCount: count,
  flips: z
    .array(
      z.object({
        id: z.string(),
        orderName: z.string(),
        createdAt: z.iso.datetime(),
        from: outcome,
        to: outcome,
        reasons: z.array(z.object({ code: z.enum(DECISION_REASON_CODES), message: z.string() })),
      }),
    )
    .max(MAX_LISTED_FLIPS),
});

/** A backtest result (as read back: the fields older results lack take their defaults). */
export type BacktestResult = z.infer<typeof BacktestResultSchema>;

/** A stored result, or null when there is none or it does not fit the schema. */
export function readBacktestResult(json: unknown): BacktestResult | null {
  const parsed = BacktestResultSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** A stable fingerprint of parsed rules (the schema fixes the key order). */
export function rulesHash(rules: PolicyRules): string {
  return createHash("sha256").update(JSON.stringify(rules)).digest("hex");
}
