/** Words the customers pages show for stored codes. */

export const SECURITY_EVENT_KIND_LABELS: Record<string, string> = {
  high_risk_return: "High-risk return",
  lookup_guessing: "Order lookup guessing",
  prompt_injection: "Prompt injection in chat",
  reused_photo: "Photo reused from another return",
};

export const RESOLUTION_LABELS: Record<string, string> = {
  legitimate: "Legitimate: nothing wrong",
  fraud_confirmed: "Fraud confirmed",
  blocked_customer: "Customer blocked",
  false_positive: "False alarm",
};

export const FLAG_LABELS: Record<string, string> = {
  serial_returner: "Serial returner",
  reused_photo: "Sent a reused photo",
};

export const SEVERITY_TONES = { low: "info", medium: "attention", high: "warning", critical: "critical" } as const;

/** A code such as `high_risk_return` as words, using the table when it knows the code. */
export function labelOf(table: Record<string, string>, code: string): string {
  return table[code] ?? code.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}
