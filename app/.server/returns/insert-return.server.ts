import { Prisma, type DbClient } from "../db.server";
import { kickJobs } from "../jobs/enqueue-job";

/** A row to write, as plain values keyed by column (dates, decimals as strings, JSON as values). */
type Row = Record<string, unknown>;

/** The new return's rows: the return, its items, its audit entries and its outbox rows. */
export type NewReturnRows = { request: Row & { id: string }; items: Row[]; audits: Row[]; jobs: Row[] };

const columns = (rows: Row[]) => Prisma.raw([...new Set(rows.flatMap((row) => Object.keys(row)))].map((c) => `"${c.replace(/"/g, "")}"`).join(", "));

/**
 * Writes a new return in one statement: the return, its items, its audit entries and its outbox
 * rows, each table's rows as one multi-row insert of JSON, committed together without a
 * transaction of several statements. A return whose `Idempotency-Key` is already used writes
 * nothing (`ON CONFLICT DO NOTHING`, so a second submit racing the first never fails) and answers
 * null; the caller reads the one that was made. The runtime is woken once the rows are in.
 */
export async function insertReturnRows(client: DbClient, rows: NewReturnRows): Promise<{ id: string; contactId: string | null } | null> {
  const json = (value: unknown) => Prisma.sql`${JSON.stringify(value)}::jsonb`;
  const requestColumns = columns([rows.request]);
  const itemColumns = columns(rows.items);
  const auditColumns = columns(rows.audits);
  const jobColumns = columns(rows.jobs);
  const inserted = await client.$queryRaw<Array<{ id: string; contactId: string | null }>>`
    WITH request AS (
      INSERT INTO "return_requests" (${requestColumns})
      SELECT ${requestColumns} FROM jsonb_populate_record(NULL::"return_requests", ${json(rows.request)})
      ON CONFLICT ("shopId", "idempotencyKey") DO NOTHING
      RETURNING "id", "contactId"
    ), items AS (
      INSERT INTO "return_items" (${itemColumns})
      SELECT ${itemColumns} FROM jsonb_populate_recordset(NULL::"return_items", ${json(rows.items)}) WHERE EXISTS (SELECT 1 FROM request)
      RETURNING 1
    ), audits AS (
      INSERT INTO "audit_log" (${auditColumns})
      SELECT ${auditColumns} FROM jsonb_populate_recordset(NULL::"audit_log", ${json(rows.audits)}) WHERE EXISTS (SELECT 1 FROM request)
      RETURNING 1
    ), jobs AS (
      INSERT INTO "job_outbox" (${jobColumns})
      SELECT ${jobColumns} FROM jsonb_populate_recordset(NULL::"job_outbox", ${json(rows.jobs)}) WHERE EXISTS (SELECT 1 FROM request)
      ON CONFLICT ("dedupKey") DO NOTHING
      RETURNING 1
    )
    SELECT "id", "contactId" FROM request`;
  if (!inserted[0]) return null;
  kickJobs();
  return inserted[0];
}
