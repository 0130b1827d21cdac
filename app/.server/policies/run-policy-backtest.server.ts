import type { Prisma, PrismaClient } from "../db.server";
import { exchangeForOf } from "../returns/return-view";
import type { Replacement } from "../returns/types";
import { AppError } from "../errors";
import { decideReturn } from "../returns/engine";
import { formatCents, parseCents } from "../money";
import type { DecisionReason } from "../returns/types";
import type { BacktestOutcome } from "../../components/policies/labels";
import { MAX_LISTED_FLIPS, rulesHash, type BacktestResult } from "./backtest-result";
import { loadHistoryAsOf, type MedianCache } from "./load-history-as-of.server";
import { parsePolicyRules } from "./policy-rules";
import { storedOrderSnapshot } from "../returns/stored-order-snapshot";

const DAY_MS = 24 * 3600 * 1000;
const DEFAULT_BATCH = 100;

/** A return nobody has decided yet (still waiting for triage or a person): it has no outcome to compare. */
export function isUndecided(row: { status: string }): boolean {
  return row.status === "pending_triage" || row.status === "pending_review";
}

/**
 * How the rules first decided a stored return. A return a person decided was a review the rules
 * sent them (merchants only decide reviews), and one still waiting is a review too.
 */
export function originalOutcome(row: { decisionOutcome: string; decidedBy: string | null }): BacktestOutcome {
  if (row.decidedBy === "rules" && (row.decisionOutcome === "approved" || row.decisionOutcome === "denied")) return row.decisionOutcome;
  return "review";
}

function emptyMatrix(): BacktestResult["matrix"] {
  const row = () => ({ approved: 0, denied: 0, review: 0 });
  return { approved: row(), denied: row(), review: row() };
}

/** A stored replacement as the engine reads it again, with the product of the line it replaced. */
function storedReplacement(value: unknown, quantity: number): { replacement: Replacement; lineProductId: string | null } | null {
  const view = exchangeForOf(value);
  if (!view) return null;
  const original = (value as { lineProductId?: unknown }).lineProductId;
  return { replacement: { ...view, available: quantity }, lineProductId: typeof original === "string" ? original : null };
}

const withItems = { items: { orderBy: { lineItemId: "asc" } }, _count: { select: { evidence: true } } } satisfies Prisma.ReturnRequestInclude;

/**
 * The `policies.backtest` job's work: decides every return of the backtest's window again under
 * the version's rules with the real engine, as of when each was made, and stores the comparison
 * as the backtest's result and the version's impact. Returns are read in keyset batches (oldest
 * first) and progress is written after each. The set of returns is fixed by the backtest's own
 * creation time, and totals are rebuilt from nothing on every run, so a retry gives the same result.
 */
export async function runPolicyBacktest(client: PrismaClient, backtestId: string, options: { batchSize?: number } = {}): Promise<"completed" | "missing"> {
  const backtest = await client.policyBacktest.findUnique({ where: { id: backtestId }, include: { policy: true, shop: true } });
  if (!backtest) return "missing";
  if (backtest.status === "completed") return "completed";
  const { policy, shop } = backtest;
  const rules = parsePolicyRules(policy.rules);
  const hash = rulesHash(rules);

  await client.policyBacktest.update({ where: { id: backtest.id }, data: { status: "running", progress: 0, error: null } });

  const to = backtest.createdAt;
  const from = new Date(to.getTime() - backtest.days * DAY_MS);
  const inWindow = { shopId: shop.id, createdAt: { gte: from, lt: to } };
  const total = await client.returnRequest.count({ where: inWindow });

  const matrix = emptyMatrix();
  const refunds = new Map<string, { before: number; after: number }>();
  const flips: BacktestResult["flips"] = [];
  const medians: MedianCache = new Map();
  let flipCount = 0;
  let skipped = 0;
  let undecided = 0;
  const denied = new Map<string, number>();
  let newlyDeniedCount = 0;
  const exchanges = { count: 0, instant: 0, denied: 0 };
  const active = await client.policy.findFirst({ where: { shopId: shop.id, status: "active" }, select: { id: true, rules: true } });
  const activeWindow = active && active.id !== policy.id ? parsePolicyRules(active.rules).returnWindowDays : null;
  let processed = 0;
  let cursor: { createdAt: Date; id: string } | null = null;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;

  for (;;) {
    const after: Prisma.ReturnRequestWhereInput = cursor
      ? { OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }] }
      : {};
    const batch = await client.returnRequest.findMany({
      where: { ...inWindow, ...after },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: batchSize,
      include: withItems,
    });
    if (batch.length === 0) break;
    for (const row of batch) {
      processed++;
      if (isUndecided(row)) {
        undecided++;
        continue;
      }
      const order = storedOrderSnapshot(row);
      // A replacement chosen then was in stock then (the store took the request); its line's product is kept beside it.
      const replacements = row.items.map((i) => storedReplacement(i.exchangeFor, i.quantity));
      if (replacements.some((r) => r !== null)) {
        order.lineItems = order.lineItems.map((line) => {
          const at = row.items.findIndex((i) => i.lineItemId === line.id);
          return at >= 0 && replacements[at] ? { ...line, productId: replacements[at]!.lineProductId } : line;
        });
      }
      let decision;
      try {
        const history = await loadHistoryAsOf(client, shop, row, medians);
        decision = decideReturn({
          rules,
          policyVersion: policy.version,
          now: row.createdAt,
          order,
          items: row.items.map((i, at) => ({
            lineItemId: i.lineItemId,
            quantity: i.quantity,
            reason: i.reason,
            condition: i.condition ?? undefined,
            ...(replacements[at] ? { exchangeFor: replacements[at]!.replacement } : {}),
          })),
          resolution: row.resolution,
          evidenceCount: row._count.evidence,
          history,
        });
      } catch (error) {
        // Stored data the engine refuses (a return left with no items) is counted, not fatal.
        if (error instanceof AppError && error.code === "invalid_request") {
          skipped++;
          continue;
        }
        throw error;
      }
      if (decision.exchange !== null) {
        exchanges.count++;
        if (decision.outcome === "approved" && decision.exchange.instant) exchanges.instant++;
        if (decision.outcome === "denied") exchanges.denied++;
      }
      const was = originalOutcome(row);
      const now: BacktestOutcome = decision.outcome === "pending_review" ? "review" : decision.outcome;
      matrix[was][now]++;
      const money = refunds.get(row.currency) ?? { before: 0, after: 0 };
      if (was === "approved") money.before += parseCents(row.refundEstimate.toFixed(2));
      if (now === "approved") money.after += parseCents(decision.refund.amount);
      refunds.set(row.currency, money);
      // Approved by the rules or by the store (and maybe refunded since), and this version would deny it.
      if (row.decisionOutcome === "approved" && now === "denied") {
        newlyDeniedCount++;
        denied.set(row.currency, (denied.get(row.currency) ?? 0) + parseCents(row.refundEstimate.toFixed(2)));
      }
      if (was !== now) {
        flipCount++;
        if (flips.length < MAX_LISTED_FLIPS) {
          flips.push({ id: row.id, orderName: row.orderName, createdAt: row.createdAt.toISOString(), from: was, to: now, reasons: decision.reasons.map((r: DecisionReason) => ({ code: r.code, message: r.message })) });
        }
      }
    }
    const last = batch[batch.length - 1]!;
    cursor = { createdAt: last.createdAt, id: last.id };
    const progress = total > 0 ? Math.min(99, Math.floor((processed * 100) / total)) : 99;
    await client.policyBacktest.update({ where: { id: backtest.id }, data: { progress } });
    if (batch.length < batchSize) break;
  }

  const result: BacktestResult = {
    exchanges,
    version: policy.version,
    days: backtest.days,
    from: from.toISOString(),
    to: to.toISOString(),
    rulesHash: hash,
    total: processed,
    skipped,
    matrix,
    refunds: [...refunds.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, m]) => ({ currency, before: formatCents(m.before), after: formatCents(m.after), delta: formatCents(m.after - m.before) })),
    undecided,
    newlyDenied: {
      count: newlyDeniedCount,
      refunds: [...denied.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, cents]) => ({ currency, amount: formatCents(cents) })),
    },
    windowChange: activeWindow !== null && activeWindow !== rules.returnWindowDays ? { from: activeWindow, to: rules.returnWindowDays } : null,
    flipCount,
    flips,
  };

  await client.$transaction(async (tx) => {
    await tx.policyBacktest.update({ where: { id: backtest.id }, data: { status: "completed", progress: 100, result, error: null, completedAt: new Date() } });
    // A draft edited while this ran has other rules now: its impact stays as the edit left it.
    const current = await tx.policy.findUnique({ where: { id: policy.id }, select: { rules: true } });
    if (current && rulesHash(parsePolicyRules(current.rules)) === hash) {
      await tx.policy.update({ where: { id: policy.id }, data: { impact: { ...result, backtestId: backtest.id } } });
    }
  });
  return "completed";
}
