import { db } from "../db.server";
import { AppError } from "../errors";

export type CallUsage = { month: string; voice: { calls: number; minutes: number }; video: { calls: number; minutes: number } };

/**
 * Minutes of calls in one calendar month (UTC, `YYYY-MM`), by kind: what the providers bill. A call
 * counts in the month it started; its minutes are its duration rounded up to the whole minute, as
 * both providers bill.
 */
export async function getCallUsage(shopId: string, month: string): Promise<CallUsage> {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new AppError("invalid_request", "The month must be written as YYYY-MM.", { fields: { month: "must be a month such as 2026-12" } });
  const from = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  const to = new Date(Date.UTC(Number(match[1]), Number(match[2]), 1));
  const rows = await db().$queryRaw<Array<{ kind: "voice" | "video"; calls: bigint; minutes: bigint | null }>>`
    SELECT "kind", count(*) AS calls, sum(ceil(COALESCE("durationSeconds", 0) / 60.0))::bigint AS minutes
    FROM "call_sessions"
    WHERE "shopId" = ${shopId}::uuid AND COALESCE("startedAt", "createdAt") >= ${from} AND COALESCE("startedAt", "createdAt") < ${to}
    GROUP BY "kind"`;
  const of = (kind: "voice" | "video") => {
    const row = rows.find((r) => r.kind === kind);
    return { calls: Number(row?.calls ?? 0), minutes: Number(row?.minutes ?? 0) };
  };
  return { month, voice: of("voice"), video: of("video") };
}
