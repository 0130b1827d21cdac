import { db } from "../db.server";

/*
 * Calls in Analytics: how many calls the period had, their minutes (each call rounded up to the
 * whole minute, as the providers bill), and the share of finished calls resolved without a person
 * (no hand-off asked during the call), by kind. Read straight from `call_sessions` (a shop's calls
 * are few next to its messages); a call counts in the period it started.
 */

export type CallKindFigures = { calls: number; minutes: number; finished: number; resolvedWithoutPerson: number; resolvedRate: number | null };
export type CallAnalytics = { voice: CallKindFigures; video: CallKindFigures; total: CallKindFigures };

const figures = (calls: number, minutes: number, finished: number, resolved: number): CallKindFigures => ({
  calls,
  minutes,
  finished,
  resolvedWithoutPerson: resolved,
  resolvedRate: finished === 0 ? null : resolved / finished,
});

/** The shop's call figures for calls started in [from, to). */
export async function getCallAnalytics(shopId: string, range: { from: Date; to: Date }): Promise<CallAnalytics> {
  const rows = await db().$queryRaw<Array<{ kind: "voice" | "video"; calls: bigint; minutes: bigint | null; finished: bigint; resolved: bigint }>>`
    SELECT "kind",
      count(*) AS calls,
      sum(ceil(COALESCE("durationSeconds", 0) / 60.0))::bigint AS minutes,
      count(*) FILTER (WHERE "status" = 'completed') AS finished,
      count(*) FILTER (WHERE "status" = 'completed' AND NOT ("metadata" ? 'handoff')) AS resolved
    FROM "call_sessions"
    WHERE "shopId" = ${shopId}::uuid AND COALESCE("startedAt", "createdAt") >= ${range.from} AND COALESCE("startedAt", "createdAt") < ${range.to}
    GROUP BY "kind"`;
  const of = (kind: "voice" | "video") => {
    const row = rows.find((r) => r.kind === kind);
    return figures(Number(row?.calls ?? 0), Number(row?.minutes ?? 0), Number(row?.finished ?? 0), Number(row?.resolved ?? 0));
  };
  const voice = of("voice");
  const video = of("video");
  return { voice, video, total: figures(voice.calls + video.calls, voice.minutes + video.minutes, voice.finished + video.finished, voice.resolvedWithoutPerson + video.resolvedWithoutPerson) };
}
