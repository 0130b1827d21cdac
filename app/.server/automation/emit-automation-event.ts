import { Prisma, type DbClient } from "../db.server";
import { DEFAULT_MAX_ATTEMPTS } from "../jobs/define-job";
import { enqueueJob } from "../jobs/enqueue-job";
import type { AutomationEvent } from "./automation-event";
import { dispatchAutomationJob } from "./jobs";

export type EventInput = Omit<AutomationEvent, "occurredAt"> & { occurredAt?: Date | string };

const dedupKey = (id: string) => `automation.event:${id}`;

function toEvent(input: EventInput): AutomationEvent {
  const { occurredAt, ...rest } = input;
  return { ...rest, occurredAt: new Date(occurredAt ?? Date.now()).toISOString() };
}

/**
 * Emits an event for the merchant's rules and outgoing webhooks with the caller's (transaction)
 * client: its `automation.dispatch` job commits with the change, and an event emitted twice (same
 * id) is written once.
 */
export async function emitAutomationEvent(client: DbClient, input: EventInput): Promise<void> {
  const event = toEvent(input);
  await enqueueJob(client, dispatchAutomationJob, { event }, { shopId: event.shopId, dedupKey: dedupKey(event.id) });
}

/** The same outbox row as a CTE, for a change made in one statement (the chat's message insert); append it to the statement's WITH list. */
export function automationEventSql(input: EventInput, jobId: string): Prisma.Sql {
  const event = toEvent(input);
  const at = Prisma.sql`(${event.occurredAt}::timestamptz AT TIME ZONE 'UTC')`;
  return Prisma.sql`, automation_event AS (
      INSERT INTO "job_outbox" ("id", "shopId", "name", "payload", "dedupKey", "maxAttempts", "runAt", "createdAt", "updatedAt")
      VALUES (${jobId}::uuid, ${event.shopId}::uuid, ${dispatchAutomationJob.name}, ${JSON.stringify({ event })}::jsonb, ${dedupKey(event.id)}, ${dispatchAutomationJob.maxAttempts ?? DEFAULT_MAX_ATTEMPTS}, ${at}, ${at}, ${at})
      ON CONFLICT ("dedupKey") DO NOTHING
    )`;
}

/** `call.ended` for the calls code: emit with the transaction that marks the call ended. */
export function emitCallEnded(client: DbClient, call: { id: string; shopId: string; conversationId: string | null; endedAt: Date | null }) {
  return emitAutomationEvent(client, { id: `call.ended:${call.id}`, type: "call.ended", shopId: call.shopId, callId: call.id, conversationId: call.conversationId ?? undefined, occurredAt: call.endedAt ?? new Date() });
}
