import { Badge } from "@shopify/polaris";

const TONES = { draft: "info", active: "success", archived: undefined } as const;
const LABELS = { draft: "Draft", active: "Active", archived: "Archived" } as const;

/** The status of a policy version as a badge. */
export function PolicyStatusBadge({ status }: { status: "draft" | "active" | "archived" }) {
  return <Badge tone={TONES[status]}>{LABELS[status]}</Badge>;
}
