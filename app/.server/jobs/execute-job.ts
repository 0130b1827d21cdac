import type { JobOutbox, PrismaClient } from "../db.server";
import { log, withLogContext } from "../logger.server";
import { PermanentJobError, backoffDelay, DEFAULT_BACKOFF_MS } from "./define-job";
import type { JobOutcome, JobRegistry } from "./runtime-types";

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2_000);
}

/**
 * Runs one outbox row's handler. Shared by the in-process runtime and the BullMQ workers so both
 * validate, log and record outcomes alike. `attempt` is 1-based. The row's status is not changed
 * here except to record the outcome; the caller decides what a retry means for its queue.
 */
export async function executeJob(client: PrismaClient, registry: JobRegistry, row: Pick<JobOutbox, "id" | "name" | "payload" | "maxAttempts" | "shopId"> & { steps?: string[] | null }, attempt: number): Promise<JobOutcome> {
  return withLogContext({ jobId: row.id }, async () => {
    const entry = registry.find(row.name);
    const logger = log().child({ job: row.name, attempt });
    let outcome: JobOutcome;
    let durationMs: number | null = null;
    let steps: string[] | undefined;
    if (!entry) {
      outcome = { status: "failed", error: `No job is registered as "${row.name}"` };
    } else {
      const parsed = entry.job.payload.safeParse(row.payload);
      if (!parsed.success) {
        outcome = { status: "failed", error: `Invalid payload: ${parsed.error.issues[0]?.message ?? "unknown"}` };
      } else {
        const started = performance.now();
        try {
          // Loaded here, not at start: a process imports a domain's handlers only when it runs one.
          const handler = await entry.load();
          steps = (await handler(parsed.data, { db: client, jobId: row.id, attempt, steps: row.steps ?? [], log: logger }))?.steps;
          durationMs = Math.round(performance.now() - started);
          logger.info({ ms: durationMs }, "job completed");
          outcome = { status: "completed" };
        } catch (error) {
          durationMs = Math.round(performance.now() - started);
          const text = errorText(error);
          const permanent = error instanceof PermanentJobError || attempt >= row.maxAttempts;
          outcome = permanent
            ? { status: "failed", error: text }
            : { status: "retry", error: text, delayMs: backoffDelay(attempt, entry.job.backoffMs ?? DEFAULT_BACKOFF_MS) };
          logger.warn({ err: text, permanent }, "job attempt failed");
        }
      }
    }
    const now = new Date();
    // updateMany: a job may legitimately delete its own row (erasing the shop it belonged to).
    if (outcome.status === "completed") {
      await client.jobOutbox.updateMany({
        where: { id: row.id },
        data: { status: "completed", completedAt: now, lockedUntil: null, lastError: null, attempts: attempt, durationMs, ...(steps ? { steps } : {}) },
      });
    } else if (outcome.status === "failed") {
      await client.jobOutbox.updateMany({
        where: { id: row.id },
        data: { status: "failed", lockedUntil: null, lastError: outcome.error, attempts: attempt, durationMs },
      });
    }
    return outcome;
  });
}
