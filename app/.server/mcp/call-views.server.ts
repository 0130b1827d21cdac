import { z } from "zod";
import { decodeCursor, encodeCursor, keysetAfterDescending } from "../api/keyset-cursor";
import { PAGE_LIMIT } from "../api/schemas";
import { db, type CallSession, type CallStatus, type Prisma } from "../db.server";
import { AppError } from "../errors";
import { parseId } from "../http/route-helpers.server";
import type { ShopContext } from "../shops/shop-context";

/*
 * Calls in API.md's `CallView` (contract version 2), read from `call_sessions` for the MCP tools
 * `list_calls` and `get_call` (the same view `GET /api/v1/calls` answers).
 */

export const CALL_VIEW_STATUSES = ["scheduled", "active", "ended", "failed"] as const;
type CallViewStatus = (typeof CALL_VIEW_STATUSES)[number];

/** The stored statuses each public status stands for. */
const STORED: Record<CallViewStatus, CallStatus[]> = {
  scheduled: ["scheduled"],
  active: ["ringing", "in_progress"],
  ended: ["completed", "cancelled"],
  failed: ["failed"],
};

const limitMessage = `must be a whole number from ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max}`;

/** Query of the call list. */
export const ListCallsQuerySchema = z.object({
  kind: z.enum(["voice", "video"], { error: "must be voice or video" }).optional().meta({ description: "Only voice or only video calls" }),
  status: z.enum(CALL_VIEW_STATUSES, { error: `must be one of ${CALL_VIEW_STATUSES.join(", ")}` }).optional().meta({ description: "Only calls in this status" }),
  limit: z.coerce.number({ error: limitMessage }).int(limitMessage).min(PAGE_LIMIT.min, limitMessage).max(PAGE_LIMIT.max, limitMessage).default(PAGE_LIMIT.default).meta({ description: "Page size" }),
  cursor: z.string().max(200, "is not a cursor this API gave out").optional().meta({ description: "`nextCursor` of the previous page" }),
});
export type ListCallsQuery = z.output<typeof ListCallsQuerySchema>;

/** API.md's CallView. */
export type CallView = {
  id: string;
  kind: "voice" | "video";
  provider: string;
  direction: "inbound" | "outbound" | "web";
  status: CallViewStatus;
  contactId: string | null;
  conversationId: string | null;
  returnId: string | null;
  startedAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  summary: string | null;
};

/** The longest transcript a call answer carries, in utterances (the rest is counted). */
export const MAX_TRANSCRIPT_SEGMENTS = 200;

const metadataSchema = z
  .object({
    direction: z.enum(["inbound", "outbound", "web"]).optional().catch(undefined),
    returnId: z.string().optional().catch(undefined),
    contactId: z.string().optional().catch(undefined),
  })
  .loose()
  .catch({});

function publicStatus(status: CallStatus): CallViewStatus {
  return (Object.entries(STORED) as Array<[CallViewStatus, CallStatus[]]>).find(([, stored]) => stored.includes(status))![0];
}

export function toCallView(row: CallSession): CallView {
  const meta = metadataSchema.parse(row.metadata ?? {});
  return {
    id: row.id,
    kind: row.kind,
    provider: row.provider,
    direction: meta.direction ?? "web",
    status: publicStatus(row.status),
    contactId: meta.contactId ?? null,
    conversationId: row.conversationId,
    returnId: meta.returnId ?? null,
    startedAt: row.startedAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    durationSeconds: row.durationSeconds,
    summary: row.summary,
  };
}

/** The shop's calls, newest first, one keyset page at a time. */
export async function listCallViews(ctx: ShopContext, query: ListCallsQuery): Promise<{ data: CallView[]; nextCursor: string | null }> {
  const where: Prisma.CallSessionWhereInput = {
    shopId: ctx.shop.id,
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.status ? { status: { in: STORED[query.status] } } : {}),
    ...(query.cursor ? { AND: keysetAfterDescending("createdAt", decodeCursor(query.cursor)) } : {}),
  };
  const rows = await db().callSession.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { data: page.map(toCallView), nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
}

/** One call with its transcript (the first `MAX_TRANSCRIPT_SEGMENTS` utterances); another shop's is 404. */
export async function getCallView(ctx: ShopContext, callId: string) {
  const id = parseId(callId, "call");
  const row = await db().callSession.findFirst({ where: { id, shopId: ctx.shop.id } });
  if (!row) throw new AppError("not_found", "No such call.");
  const [segments, total] = await Promise.all([
    db().callTranscriptSegment.findMany({ where: { callId: id }, orderBy: { position: "asc" }, take: MAX_TRANSCRIPT_SEGMENTS }),
    db().callTranscriptSegment.count({ where: { callId: id } }),
  ]);
  return {
    ...toCallView(row),
    transcript: segments.map((s) => ({ speaker: s.speaker, text: s.text, startMs: s.startMs })),
    omittedSegments: total - segments.length,
  };
}
