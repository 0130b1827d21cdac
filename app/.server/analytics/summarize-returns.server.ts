import { MAX_SUMMARY_DAYS, type AnalyticsSummary } from "../api/schemas";
import { db } from "../db.server";
import { AppError } from "../errors";
import { RETURN_REASONS, RETURN_STATUSES } from "../returns/types";

const DAY_MS = 24 * 3600 * 1000;
const DEFAULT_DAYS = 30;

type SummaryRow = {
  byStatus: Record<string, number>;
  byReason: Record<string, number>;
  approvalRate: number | null;
  automationRate: number | null;
  medianDecisionSeconds: number | null;
  refundValue: string;
};

function day(value: string): Date {
  return new Date(`${value}T00:00:00.000Z`);
}

function dayString(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/**
 * What happened to the returns a shop received between two UTC days (both counted; by default the
 * last 30 days): counts by status and reason, approval and automation rates, the median time to a
 * decision and the value refunded, all computed by PostgreSQL over the shop's rows of the period.
 * Decided means approved, completed or denied; automated means the policy rules decided alone.
 */
export async function summarizeReturns(
  shop: { id: string; currency: string },
  period: { from?: string; to?: string },
  now = new Date(),
): Promise<AnalyticsSummary> {
  const to = period.to ? day(period.to) : day(dayString(now));
  const from = period.from ? day(period.from) : new Date(to.getTime() - (DEFAULT_DAYS - 1) * DAY_MS);
  if (from > to) {
    throw new AppError("invalid_request", "The period must start on or before its last day.", { fields: { from: "must be on or before to" } });
  }
  const days = Math.round((to.getTime() - from.getTime()) / DAY_MS) + 1;
  if (days > MAX_SUMMARY_DAYS) {
    throw new AppError("invalid_request", `A summary covers at most ${MAX_SUMMARY_DAYS} days.`, {
      fields: { to: `must be at most ${MAX_SUMMARY_DAYS - 1} days after from` },
    });
  }
  const start = from.toISOString();
  const end = new Date(to.getTime() + DAY_MS).toISOString();

  // Columns are UTC timestamps without a zone; the bounds are converted the same way.
  const [row] = await db().$queryRaw<SummaryRow[]>`
    WITH period AS (
      SELECT "id", "status", "resolution", "currency", "refundedAmount", "createdAt", "decidedAt", "decidedBy",
             "status" IN ('approved', 'completed', 'denied') AS decided
      FROM "return_requests"
      WHERE "shopId" = ${shop.id}::uuid
        AND "createdAt" >= (${start}::timestamptz AT TIME ZONE 'UTC')
        AND "createdAt" < (${end}::timestamptz AT TIME ZONE 'UTC')
    ),
    totals AS (
      SELECT count(*) FILTER (WHERE decided) AS decided,
             count(*) FILTER (WHERE "status" IN ('approved', 'completed')) AS approved,
             count(*) FILTER (WHERE decided AND "decidedBy" = 'rules') AS automated,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "decidedAt" - "createdAt"))
               FILTER (WHERE decided AND "decidedAt" IS NOT NULL) AS median,
             sum("refundedAmount") FILTER (WHERE "status" = 'completed' AND "resolution" = 'refund' AND "currency" = ${shop.currency}) AS refunded
      FROM period
    )
    SELECT
      (SELECT coalesce(json_object_agg(s."status", s.n), '{}'::json)
         FROM (SELECT "status"::text AS "status", count(*)::int AS n FROM period GROUP BY "status") s) AS "byStatus",
      (SELECT coalesce(json_object_agg(r."reason", r.n), '{}'::json)
         FROM (SELECT i."reason"::text AS "reason", count(DISTINCT i."returnId")::int AS n
                 FROM "return_items" i JOIN period p ON p."id" = i."returnId" GROUP BY i."reason") r) AS "byReason",
      round(t.approved::numeric / nullif(t.decided, 0), 4)::float8 AS "approvalRate",
      round(t.automated::numeric / nullif(t.decided, 0), 4)::float8 AS "automationRate",
      round(t.median::numeric, 3)::float8 AS "medianDecisionSeconds",
      coalesce(t.refunded, 0)::numeric(14, 2)::text AS "refundValue"
    FROM totals t`;
  if (!row) throw new Error("the summary query returned no row");

  return {
    from: dayString(from),
    to: dayString(to),
    counts: {
      byStatus: Object.fromEntries(RETURN_STATUSES.map((s) => [s, row.byStatus[s] ?? 0])) as AnalyticsSummary["counts"]["byStatus"],
      byReason: Object.fromEntries(RETURN_REASONS.map((r) => [r, row.byReason[r] ?? 0])) as AnalyticsSummary["counts"]["byReason"],
    },
    approvalRate: row.approvalRate,
    automationRate: row.automationRate,
    medianDecisionSeconds: row.medianDecisionSeconds,
    refundValue: { amount: row.refundValue, currency: shop.currency },
  };
}
