/*
 * Where a 0..1 risk score falls for the merchant. The low/medium cut-off matches the default policy's
 * `autoApprove.maxRiskScore` (0.4), so "low" reads as "would pass auto-approval by default"; 0.7 and
 * up is where the risk factors together look like abuse and the queue's "High risk" view starts.
 * Scores are Decimal(4,3) in the database, so the cut-offs are compared as exact decimals there.
 */

export const RISK_BANDS = ["low", "medium", "high"] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/** The score range of each band: `min` inclusive, `max` exclusive (null: no upper bound). */
export const RISK_BAND_RANGES: Readonly<Record<RiskBand, { min: string; max: string | null }>> = Object.freeze({
  low: { min: "0", max: "0.4" },
  medium: { min: "0.4", max: "0.7" },
  high: { min: "0.7", max: null },
});

/** The band of a score; null when the return has not been scored yet. */
export function riskBandOf(score: number | string | { toString(): string } | null | undefined): RiskBand | null {
  if (score === null || score === undefined) return null;
  const value = Number(score.toString());
  if (!Number.isFinite(value)) return null;
  if (value >= Number(RISK_BAND_RANGES.high.min)) return "high";
  if (value >= Number(RISK_BAND_RANGES.medium.min)) return "medium";
  return "low";
}
