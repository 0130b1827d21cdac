/** Words for calls in the admin: one place, so the list, the timeline and the contact page agree. */

export const KIND_LABELS = { voice: "Voice", video: "Video" } as const;
export const DIRECTION_LABELS = { inbound: "Phoned in", outbound: "Phoned by the shop", web: "From the chat" } as const;
export const STATUS_LABELS = { scheduled: "Starting", active: "In progress", ended: "Ended", failed: "Failed" } as const;
export const OUTCOME_LABELS = { successful: "Resolved", unsuccessful: "Not resolved", unknown: "Outcome unknown" } as const;

/** A call's length as a merchant reads it: "4 min 05 s", "45 s", or a dash before it is known. */
export function callDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(seconds % 60).padStart(2, "0")} s`;
}

export const statusTone = (status: keyof typeof STATUS_LABELS) => (status === "failed" ? "critical" : status === "active" ? "attention" : status === "ended" ? "success" : undefined);
