import { Badge } from "@shopify/polaris";
import { label, RISK_BAND_LABELS } from "./labels";

const TONES = { low: "success", medium: "warning", high: "critical" } as const;

/** A return's risk band as a badge, with the exact score beside it when asked. */
export function RiskBadge({ band, score, showScore = false }: { band: string | null; score?: string | null; showScore?: boolean }) {
  if (!band) return <Badge>Not scored</Badge>;
  const tone = TONES[band as keyof typeof TONES];
  return <Badge tone={tone}>{showScore && score ? `${label(RISK_BAND_LABELS, band)} · ${score}` : label(RISK_BAND_LABELS, band)}</Badge>;
}
