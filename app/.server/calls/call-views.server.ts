import { z } from "zod";
import { decodeCursor, encodeCursor, keysetAfterDescending } from "../api/keyset-cursor";
import { PAGE_LIMIT } from "../api/schemas";
import { db, type Prisma } from "../db.server";
import { AppError } from "../errors";
import { parseId } from "../http/route-helpers.server";
import type { ShopContext } from "../shops/shop-context";
import { CALL_VIEW_STATUSES, STORED_CALL_STATUSES, toCallView, type CallView } from "./call-view";

export { CALL_VIEW_STATUSES, toCallView, type CallView };

/*
 * Reading calls in API.md's `CallView`: `GET /api/v1/calls`, `GET /api/v1/calls/{id}`, the MCP tools
 * `list_calls` and `get_call`, and the admin's calls pages all read through these two functions.
 */

const limitMessage = `must be a whole number from ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max}`;

/** Query of the call list. */
export const ListCallsQuerySchema = z.object({
  kind: z.enum(["voice", "video"], { error: "must be voice or video" }).optional().meta({ description: "Only voice or only video calls" }),
  status: z.enum(CALL_VIEW_STATUSES, { error: `must be one of ${CALL_VIEW_STATUSES.join(", ")}` }).optional().meta({ description: "Only calls in this status" }),
  limit: z.coerce.number({ error: limitMessage }).int(limitMessage).min(PAGE_LIMIT.min, limitMessage).max(PAGE_LIMIT.max, limitMessage).default(PAGE_LIMIT.default).meta({ description: "Page size" }),
  cursor: z.string().max(200, "is not a cursor this API gave out").optional().meta({ description: "`nextCursor` of the previous page" }),
});
export type ListCallsQuery = z.output<typeof ListCallsQuerySchema>;

/** The longest transcript a call answer carries, in utterances (the rest is counted). */
export const MAX_TRANSCRIPT_SEGMENTS = 200;

/** The shop's calls, newest first, one keyset page at a time. */
export async function listCallViews(ctx: ShopContext, query: ListCallsQuery): Promise<{ data: CallView[]; nextCursor: string | null }> {
  const where: Prisma.CallSessionWhereInput = {
    shopId: ctx.shop.id,
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.status ? { status: { in: STORED_CALL_STATUSES[query.status] } } : {}),
    ...(query.cursor ? { AND: keysetAfterDescending("createdAt", decodeCursor(query.cursor)) } : {}),
  };
  const rows = await db().callSession.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { data: page.map(toCallView), nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
}

/** A call with its transcript (API.md `GET /api/v1/calls/{id}`). */
export type CallDetailView = CallView & { transcript: Array<{ speaker: "customer" | "ai" | "agent"; text: string; startMs: number | null }>; omittedSegments: number };

/** One call with its transcript (the first `MAX_TRANSCRIPT_SEGMENTS` utterances); another shop's is 404. */
export async function getCallView(ctx: ShopContext, callId: string): Promise<CallDetailView> {
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
