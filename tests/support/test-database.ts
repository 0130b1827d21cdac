import { readFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { closeDatabase, database, openDatabase, type Database } from "../../app/.server/db.server";
import { withDatabase } from "../setup/global-setup";

export type TestDatabase = { kind: "postgres" | "pglite"; url?: string };

/** Opens this test file's own database: a clone of the migrated template on PostgreSQL, else a PGlite snapshot. */
export async function openTestDatabase(): Promise<Database & { url?: string }> {
  const template = inject("postgresTemplate");
  const url = process.env.DATABASE_URL;
  if (url && template) {
    const name = `dokani_t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    await admin.end();
    const fileUrl = withDatabase(url, name);
    const db = await openDatabase({ url: fileUrl, poolSize: 5 });
    return Object.assign(db, { url: fileUrl });
  }
  const snapshot = await readFile(inject("pgliteSnapshot"));
  return openDatabase({ dataDir: "memory://", loadDataDir: new Blob([snapshot]) });
}

/** Drops a per-file PostgreSQL database. */
async function dropTestDatabase(url: string) {
  const parsed = new URL(url);
  const name = parsed.pathname.slice(1);
  const admin = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}

/** Gives the calling test file a migrated database of its own for its lifetime. */
export function setupTestDatabase() {
  let url: string | undefined;
  beforeAll(async () => {
    url = (await openTestDatabase()).url;
  });
  afterAll(async () => {
    await closeDatabase();
    if (url) await dropTestDatabase(url);
  });
}

/** Empties every table (between tests), keeping the migration history. */
export async function clearDatabase() {
  const { prisma } = database();
  const tables = await prisma.$queryRaw<Array<{ tablename: string }>>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  if (!tables.length) return;
  await prisma.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} CASCADE`);
}
