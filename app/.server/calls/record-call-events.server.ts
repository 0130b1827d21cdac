import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { CallStatus, Prisma, Tx } from "../db.server";
import { runInTransaction } from "../jobs/enqueue-job";
import type { CallEvent } from "./call-provider";
import { readCallMetadata, writeCallMetadata } from "./call-metadata";
import type { CallEventPayload } from "./jobs";

/*
 * Applying a provider's events to a call. Events arrive in any order and any number of times (a
 * shutdown before the join, a transcript before the shutdown, the same callback twice), so each
 * one only ever moves a call forward: a join never reopens an ended call, the earliest join and
 * the first end are kept, and the duration is worked out from whatever is known once both ends
 * are (Tavus sends no duration; ElevenLabs' own figure wins when given). A transcript is written
 * once, as segments and as the conversation's messages, each in one multi-row statement.
 */

const ENDED: CallStatus[] = ["completed", "failed", "cancelled"];

/** Events from a job payload (ISO dates) back to CallEvents. */
export function eventsFromPayload(events: Array<z.infer<typeof CallEventPayload>>): CallEvent[] {
  return events.map((e) => (e.type === "joined" || e.type === "ended" ? { ...e, at: new Date(e.at) } : e) as CallEvent);
}

/** Events as a job payload carries them. */
export function eventsToPayload(events: CallEvent[]): Array<z.infer<typeof CallEventPayload>> {
  return events.map((e) => (e.type === "joined" || e.type === "ended" ? { ...e, at: e.at.toISOString() } : e) as z.infer<typeof CallEventPayload>);
}

/** Applies events to one call of the shop; a call that is not the shop's is left alone. Answers whether the call is now ended. */
export async function recordCallEvents(shopId: string, callId: string, events: CallEvent[]): Promise<{ ended: boolean } | null> {
  return runInTransaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "call_sessions" WHERE "id" = ${callId}::uuid AND "shopId" = ${shopId}::uuid FOR UPDATE`;
    if (!locked.length) return null;
    const call = await tx.callSession.findUniqueOrThrow({ where: { id: callId } });
    const meta = readCallMetadata(call.metadata);
    let { startedAt, endedAt, status, summary, recordingKey } = call;
    for (const event of events) {
      switch (event.type) {
        case "joined":
          if (!startedAt || event.at < startedAt) startedAt = event.at;
          if (!ENDED.includes(status)) status = "in_progress";
          break;
        case "ended":
          if (!endedAt) endedAt = event.at;
          if (event.reason && !meta.endReason) meta.endReason = event.reason;
          if (event.durationSeconds !== undefined) meta.providerDurationSeconds = event.durationSeconds;
          if (event.failed) status = "failed";
          else if (status !== "failed" && status !== "cancelled") status = "completed";
          break;
        case "transcript":
          await storeTranscript(tx, call, startedAt, event.lines);
          break;
        case "recording":
          recordingKey = event.url.slice(0, 2000);
          if (event.durationSeconds !== undefined) meta.recordingDurationSeconds = event.durationSeconds;
          break;
        case "analysis":
          if (event.summary) summary = event.summary.slice(0, 20_000);
          if (event.outcome) meta.outcome = event.outcome;
          if (event.perception) meta.perception = event.perception;
          break;
      }
    }
    const measured = startedAt && endedAt ? Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 1000)) : null;
    const durationSeconds = meta.providerDurationSeconds ?? measured ?? meta.recordingDurationSeconds ?? call.durationSeconds;
    await tx.callSession.update({
      where: { id: callId },
      data: { startedAt, endedAt, status, summary, recordingKey, durationSeconds, metadata: writeCallMetadata(call.metadata, meta) } satisfies Prisma.CallSessionUpdateInput,
    });
    return { ended: ENDED.includes(status) };
  });
}

/**
 * The call's transcript, once: segments numbered from 0 and, when the call belongs to a
 * conversation, one message per line marked with the call (so the inbox shows them as the call's,
 * on its channel). Each kind is one INSERT; a repeat finds the segments there and writes nothing.
 */
async function storeTranscript(
  tx: Tx,
  call: { id: string; shopId: string; kind: "voice" | "video"; conversationId: string | null; createdAt: Date },
  startedAt: Date | null,
  lines: Array<{ speaker: "customer" | "ai" | "agent"; text: string; startMs: number | null; endMs: number | null }>,
): Promise<void> {
  if (!lines.length) return;
  const existing = await tx.callTranscriptSegment.findFirst({ where: { callId: call.id }, select: { id: true } });
  if (existing) return;
  const positions = lines.map((_, i) => i);
  const speakers = lines.map((l) => l.speaker);
  const texts = lines.map((l) => l.text.slice(0, 20_000));
  const starts = lines.map((l) => l.startMs);
  const ends = lines.map((l) => l.endMs);
  // Raw multi-row INSERTs over arrays: one statement each, whatever the call's length (decision 006).
  await tx.$executeRaw`
    INSERT INTO "call_transcript_segments" ("id", "callId", "position", "speaker", "text", "startMs", "endMs")
    SELECT u.id, ${call.id}::uuid, u.position, u.speaker::"Speaker", u.text, u.start_ms, u.end_ms
    FROM unnest(${lines.map(() => randomUUID())}::uuid[], ${positions}::int[], ${speakers}::text[], ${texts}::text[], ${starts}::int[], ${ends}::int[])
      AS u(id, position, speaker, text, start_ms, end_ms)`;
  if (!call.conversationId) return;
  const base = (startedAt ?? call.createdAt).getTime();
  // Lines without times keep their order a millisecond apart.
  const at = lines.map((line, i) => base + (line.startMs ?? i));
  for (let i = 1; i < at.length; i++) if (at[i]! <= at[i - 1]!) at[i] = at[i - 1]! + 1;
  const metadata = lines.map((line, position) => JSON.stringify({ call: { id: call.id, kind: call.kind, position, startMs: line.startMs } }));
  await tx.$executeRaw`
    INSERT INTO "messages" ("id", "shopId", "conversationId", "role", "text", "externalId", "metadata", "createdAt")
    SELECT u.id, ${call.shopId}::uuid, ${call.conversationId}::uuid, u.role::"MessageRole", u.text, ${`call:${call.id}:`} || u.position, u.metadata::jsonb, to_timestamp(u.at_ms / 1000.0) AT TIME ZONE 'UTC'
    FROM unnest(${lines.map(() => randomUUID())}::uuid[], ${speakers}::text[], ${texts}::text[], ${positions}::int[], ${metadata}::text[], ${at}::float8[])
      AS u(id, role, text, position, metadata, at_ms)
    ON CONFLICT ("shopId", "externalId") DO NOTHING`;
  const last = new Date(at.at(-1)!);

  await tx.conversation.updateMany({ where: { id: call.conversationId, shopId: call.shopId, lastMessageAt: { lt: last } }, data: { lastMessageAt: last } });
}
