import { Badge } from "@shopify/polaris";

/** The risk band a 0–1 score falls in; 0.7 is where triage raises a security event. */
export function riskBand(score: number): { label: string; tone: "critical" | "warning" | "success" } {
  if (score >= 0.7) return { label: "High", tone: "critical" };
  if (score >= 0.4) return { label: "Medium", tone: "warning" };
  return { label: "Low", tone: "success" };
}

/** A customer's or return's risk score as a coloured badge with its band and value. */
export function RiskBadge({ score }: { score: number }) {
  const band = riskBand(score);
  return <Badge tone={band.tone}>{`${band.label} ${score.toFixed(2)}`}</Badge>;
}
