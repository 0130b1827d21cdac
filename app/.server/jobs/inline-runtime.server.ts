import type { Prisma, PrismaClient } from "../db.server";
import { log } from "../logger.server";
import { startClaimLoop } from "./claim-loop.server";
import { executeJob } from "./execute-job";
import type { JobRegistry, JobRuntime, JobRuntimeEvents } from "./runtime-types";

type ClaimedRow = { id: string; name: string; payload: Prisma.JsonValue; attempts: number; maxAttempts: number; shopId: string | null; steps: string[] };

const LOCK_SECONDS = 300;

/**
 * Runs jobs inside the app process when there is no Redis. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED` and a lease, so two processes never run the same row at once and a row
 * whose process died mid-run is picked up again when its lease expires.
 */
export function startInlineRuntime(client: PrismaClient, registry: JobRegistry, events: JobRuntimeEvents, options: { concurrency: number; pollMs: number }): JobRuntime {
  const inFlight = new Set<Promise<void>>();

  const claim = (limit: number) =>
    client.$queryRaw<ClaimedRow[]>`
      UPDATE "job_outbox" SET "status" = 'running', "attempts" = "attempts" + 1,
        "lockedUntil" = now() + make_interval(secs => ${LOCK_SECONDS}), "updatedAt" = now()
      WHERE "id" IN (
        SELECT "id" FROM "job_outbox"
        WHERE ("status" = 'pending' AND "runAt" <= now()) OR ("status" = 'running' AND "lockedUntil" < now())
        ORDER BY "runAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING "id", "name", "payload", "attempts", "maxAttempts", "shopId", "steps"`;

  async function run(row: ClaimedRow) {
    events.emit("job:started", { id: row.id, name: row.name, attempt: row.attempts });
    const outcome = await executeJob(client, registry, row, row.attempts);
    if (outcome.status === "retry") {
      await client.jobOutbox.updateMany({
        where: { id: row.id },
        data: { status: "pending", lockedUntil: null, lastError: outcome.error, runAt: new Date(Date.now() + outcome.delayMs) },
      });
    }
    events.emit(outcome.status === "retry" ? "job:retry" : `job:${outcome.status}`, { id: row.id, name: row.name, outcome });
    loop.kick();
  }

  const loop = startClaimLoop({
    pollMs: options.pollMs,
    label: "job claim failed",
    async claim() {
      const free = options.concurrency - inFlight.size;
      if (free <= 0) return false;
      const rows = await claim(free);
      for (const row of rows) {
        const p = run(row)
          .catch((error) => log().error({ err: error, jobId: row.id }, "job bookkeeping failed"))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      return rows.length === free;
    },
  });

  return {
    mode: "inline",
    kick: loop.kick,
    async stop() {
      await loop.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}
