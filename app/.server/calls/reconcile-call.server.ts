import { db } from "../db.server";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import { log } from "../logger.server";
import { readCallMetadata, writeCallMetadata } from "./call-metadata";
import { CallProviderError } from "./call-provider";
import { openProviderOf } from "./get-call-provider.server";
import { reconcileCallJob } from "./jobs";
import { recordCallEvents } from "./record-call-events.server";

/*
 * A call no webhook finished (a webhook lost, disabled or never configured): some minutes after its
 * maximum duration, Dokani asks the provider for the conversation and records what it says, as if
 * the webhook had come. A provider still processing is asked again later; after the last attempt,
 * or for a call the provider never knew, the call is closed as failed so it stops counting.
 */

export const MAX_RECONCILE_ATTEMPTS = 4;
const RETRY_AFTER_MS = 10 * 60 * 1000;

/** Reconciles one call; answers what it did. */
export async function reconcileCall(shopId: string, callId: string, attempt: number): Promise<"already_ended" | "recorded" | "retry" | "closed" | "missing"> {
  const call = await db().callSession.findFirst({ where: { id: callId, shopId } });
  if (!call) return "missing";
  if (["completed", "failed", "cancelled"].includes(call.status) && call.durationSeconds !== null) return "already_ended";
  const opened = call.externalId ? await openProviderOf(shopId, call.provider) : null;
  if (opened && call.externalId) {
    try {
      const fetched = opened.kind === "voice" ? await opened.provider.fetchCall(opened.connection, call.externalId) : await opened.provider.fetchCall(opened.connection, call.externalId);
      if (fetched.finished) {
        await recordCallEvents(shopId, callId, fetched.events);
        const after = await db().callSession.findUniqueOrThrow({ where: { id: callId } });
        // A provider that reports the end without a usable time still ends the call.
        if (!["completed", "failed", "cancelled"].includes(after.status)) await close(callId, "reconciled_without_end");
        return "recorded";
      }
    } catch (error) {
      if (!(error instanceof CallProviderError)) throw error;
      if (error.status === null || error.status >= 500) throw error;
      log().warn({ callId, provider: call.provider, status: error.status, reason: error.message }, "provider does not know a call Dokani started");
      await close(callId, `unknown_to_provider: ${error.message}`);
      return "closed";
    }
  }
  if (attempt < MAX_RECONCILE_ATTEMPTS && opened) {
    await runInTransaction((tx) => enqueueJob(tx, reconcileCallJob, { shopId, callId, attempt: attempt + 1 }, { shopId, dedupKey: `calls.reconcile:${callId}:${attempt + 1}`, runAt: new Date(Date.now() + RETRY_AFTER_MS) }));
    return "retry";
  }
  await close(callId, "no_result_from_provider");
  return "closed";
}

async function close(callId: string, reason: string) {
  await runInTransaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "call_sessions" WHERE "id" = ${callId}::uuid FOR UPDATE`;
    const row = await tx.callSession.findUniqueOrThrow({ where: { id: callId } });
    if (["completed", "failed", "cancelled"].includes(row.status)) return;
    const meta = readCallMetadata(row.metadata);
    await tx.callSession.update({ where: { id: callId }, data: { status: row.startedAt ? "completed" : "failed", endedAt: row.endedAt ?? new Date(), metadata: writeCallMetadata(row.metadata, { ...meta, endReason: meta.endReason ?? reason.slice(0, 200) }) } });
  });
}
