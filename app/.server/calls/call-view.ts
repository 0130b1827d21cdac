import { z } from "zod";
import type { CallView } from "../api/contact-schemas";
import type { CallSession, CallStatus } from "../db.server";

export type { CallView };

/*
 * API.md's `CallView`, the one mapping from a `call_sessions` row: the merchant API, the MCP tools,
 * the contact page and the admin all answer a call through `toCallView`.
 */

export const CALL_VIEW_STATUSES = ["scheduled", "active", "ended", "failed"] as const;
export type CallViewStatus = (typeof CALL_VIEW_STATUSES)[number];

/** The stored statuses each public status stands for. */
export const STORED_CALL_STATUSES: Record<CallViewStatus, CallStatus[]> = {
  scheduled: ["scheduled"],
  active: ["ringing", "in_progress"],
  ended: ["completed", "cancelled"],
  failed: ["failed"],
};

const PUBLIC_STATUS: Record<CallStatus, CallViewStatus> = {
  scheduled: "scheduled",
  ringing: "active",
  in_progress: "active",
  completed: "ended",
  cancelled: "ended",
  failed: "failed",
};

const viewMetadata = z
  .object({
    direction: z.enum(["inbound", "outbound", "web"]).optional().catch(undefined),
    returnId: z.uuid().optional().catch(undefined),
  })
  .loose()
  .catch({});

/** API.md's CallView of a stored call: the direction and the return come from the call's metadata. */
export function toCallView(row: CallSession): CallView {
  const meta = viewMetadata.parse(row.metadata ?? {});
  return {
    id: row.id,
    kind: row.kind,
    provider: row.provider,
    direction: meta.direction ?? "web",
    status: PUBLIC_STATUS[row.status],
    contactId: row.contactId,
    conversationId: row.conversationId,
    returnId: meta.returnId ?? null,
    startedAt: row.startedAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    durationSeconds: row.durationSeconds,
    summary: row.summary,
  };
}
