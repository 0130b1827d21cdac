import { db } from "../../app/.server/db.server";
import { jobRegistry } from "../../app/.server/job-registry.server";
import { executeJob } from "../../app/.server/jobs/execute-job";

/**
 * Runs the pending outbox rows named `names` (due now or not when `includeLater`) once each, in
 * the order they were written, and again for rows those jobs wrote, until none is left or
 * `rounds` is reached. Returns how many ran.
 */
export async function runOutbox(names: string[], options: { includeLater?: boolean; rounds?: number } = {}): Promise<number> {
  let ran = 0;
  for (let round = 0; round < (options.rounds ?? 5); round++) {
    const rows = await db().jobOutbox.findMany({ where: { name: { in: names }, status: "pending", ...(options.includeLater ? {} : { runAt: { lte: new Date() } }) }, orderBy: { createdAt: "asc" } });
    if (!rows.length) break;
    for (const row of rows) {
      const outcome = await executeJob(db(), jobRegistry, row, row.attempts + 1);
      await db().jobOutbox.update({ where: { id: row.id }, data: outcome.status === "retry" ? { status: "failed", lastError: outcome.error, attempts: row.attempts + 1 } : { attempts: row.attempts + 1 } });
      ran += 1;
    }
  }
  return ran;
}
