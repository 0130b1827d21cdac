import { readdir } from "node:fs/promises";
import { closeDatabase, openDatabase, type Database } from "./db.server";
import { MIGRATIONS_DIR, applyMigrations } from "./db/schema-engine";
import type { Env } from "./env.server";
import { log } from "./logger.server";

/**
 * Opens the database for a process (server, workers, CLI). The embedded database is migrated on
 * every start. PostgreSQL is migrated by `npm run setup`; a production process that finds
 * migrations missing refuses to start rather than serve a schema it does not know. The demo and
 * development apply them, since they own their database.
 */
export async function openAppDatabase(config: Env): Promise<Database> {
  const embedded = !config.DATABASE_URL;
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: embedded ? config.dataDir : undefined,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  try {
    if (embedded) {
      const applied = await applyMigrations(database.factory);
      if (applied.length) log().info({ applied }, "migrations applied");
    } else if (config.mode !== "production") {
      await migrateShared(database);
    } else {
      const pending = await pendingMigrations(database);
      if (pending.length) {
        throw new Error(`${pending.length} database migration(s) are not applied (${pending.join(", ")}): run \`npm run setup\` first`);
      }
    }
  } catch (error) {
    await closeDatabase();
    throw error;
  }
  return database;
}

/**
 * Brings a PostgreSQL database several processes share up to date. Processes that start together
 * (web instances and workers) would all queue on the schema engine's advisory lock: each first
 * asks which migrations are missing, and only a process that finds some applies them; one that
 * timed out on the lock while another was applying asks again.
 */
async function migrateShared(database: Database) {
  for (let attempt = 1; ; attempt++) {
    if (!(await pendingMigrations(database)).length) return;
    try {
      const applied = await applyMigrations(database.factory);
      if (applied.length) log().info({ applied }, "migrations applied");
      return;
    } catch (error) {
      if (attempt >= 5 || !/advisory lock/i.test(String((error as Error)?.message))) throw error;
      log().info({ attempt }, "another process is migrating the database: waiting for it");
    }
  }
}

/** Migration folders not yet recorded as finished in `_prisma_migrations`. */
export async function pendingMigrations(database: Database): Promise<string[]> {
  const folders = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  const table = await database.prisma.$queryRaw<Array<{ exists: boolean }>>`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS "exists"`;
  if (!table[0]?.exists) return folders.sort();
  const rows = await database.prisma.$queryRaw<Array<{ migration_name: string }>>`
    SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const applied = new Set(rows.map((r) => r.migration_name));
  return folders.filter((f) => !applied.has(f)).sort();
}
