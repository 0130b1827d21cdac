import { Badge } from "@shopify/polaris";
import { label, STATUS_LABELS } from "./labels";

type Tone = "attention" | "warning" | "success" | "critical" | "info" | undefined;
const TONES: Record<string, Tone> = {
  pending_triage: "info",
  pending_review: "attention",
  approved: "success",
  denied: "critical",
  completed: undefined,
  cancelled: undefined,
};

/** A return's status as a Polaris badge. */
export function ReturnStatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status]}>{label(STATUS_LABELS, status)}</Badge>;
}
