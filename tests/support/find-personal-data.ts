import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../../app/.server/db.server";

/**
 * Where any of `needles` (an email, a name, a phone number) still appears: every text, varchar and
 * JSON column of every table in the schema (found through information_schema, so a new table is
 * searched too), and every file under `folders`. Case-insensitive; returns `table.column: needle`
 * and `file: needle` entries, empty when nothing is left.
 */
export async function findPersonalData(client: PrismaClient, needles: string[], folders: string[] = []): Promise<string[]> {
  const wanted = needles.map((n) => n.trim()).filter(Boolean);
  const columns = await client.$queryRaw<Array<{ table: string; column: string }>>`
    SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
    WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
      AND table_name <> '_prisma_migrations'
    ORDER BY table_name, column_name`;
  const found: string[] = [];
  for (const { table, column } of columns) {
    for (const needle of wanted) {
      const quoted = `"${table.replaceAll('"', '""')}"."${column.replaceAll('"', '""')}"`;
      const rows = await client.$queryRawUnsafe<Array<{ n: number }>>(
        `SELECT count(*)::int AS "n" FROM "${table.replaceAll('"', '""')}" WHERE strpos(lower(${quoted}::text), lower($1)) > 0`,
        needle,
      );
      if ((rows[0]?.n ?? 0) > 0) found.push(`${table}.${column}: ${needle}`);
    }
  }
  for (const folder of folders) {
    for (const file of listFiles(folder)) {
      const text = readFileSync(file).toString("latin1").toLowerCase();
      for (const needle of wanted) if (text.includes(needle.toLowerCase())) found.push(`${file}: ${needle}`);
    }
  }
  return found;
}

function listFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((entry) => {
    const full = path.join(folder, entry);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}
