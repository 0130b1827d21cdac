import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { readEmbeddedTemplate } from "./db/embedded-template";
import { applyMigrations } from "./db/schema-engine";
import { PrismaClient } from "./db/generated/client";

export * from "./db/generated/client";

/**
 * The one way into the database. With `DATABASE_URL` it is PostgreSQL through `@prisma/adapter-pg`;
 * without, an embedded PGlite (real Postgres compiled to WebAssembly) in `DOKANI_DATA_DIR/pgdata`.
 * The handle lives on `globalThis` so the server, the Remix bundle and the job runner share it.
 */

export type DatabaseKind = "postgres" | "pglite";

export type Database = {
  prisma: PrismaClient;
  kind: DatabaseKind;
  /** The adapter factory, for the schema engine (migrations) and raw access. */
  factory: SqlMigrationAwareDriverAdapterFactory;
  pool?: pg.Pool;
  pglite?: PGlite;
  close(): Promise<void>;
};

export type OpenDatabaseOptions = {
  /** PostgreSQL URL; when absent the embedded database is used. */
  url?: string;
  /** Folder of the embedded database; `memory://` keeps it in memory. */
  dataDir?: string;
  /** An embedded database to start from (a `dumpDataDir()` tarball); tests use a migrated snapshot. */
  loadDataDir?: Blob;
  /** Apply pending migrations after connecting. */
  migrate?: boolean;
  poolSize?: number;
};

export class DatabaseLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is in use by process ${pid} (a running Dokani server). ` +
        `Stop that process first, or set DATABASE_URL to use PostgreSQL.`,
    );
    this.name = "DatabaseLockedError";
  }
}

const globalForDb = globalThis as { __dokaniDb?: Database };

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** PGlite is single-process: a pid file keeps a second process (the CLI, say) from opening it too. */
function lockDataDir(dir: string): () => void {
  const lockPath = path.join(dir, "dokani.lock");
  try {
    const holder = Number(readFileSync(lockPath, "utf8"));
    if (holder && holder !== process.pid && isAlive(holder)) throw new DatabaseLockedError(dir, holder);
  } catch (error) {
    if (error instanceof DatabaseLockedError) throw error;
  }
  writeFileSync(lockPath, String(process.pid));
  return () => {
    try {
      if (Number(readFileSync(lockPath, "utf8")) === process.pid) rmSync(lockPath);
    } catch {
      // already gone
    }
  };
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<Database> {
  const inMemory = dataDir.startsWith("memory://");
  let unlock = () => {};
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  try {
    const pgdata = inMemory ? dataDir : path.join(dataDir, "pgdata");
    // A new embedded database starts from the build's migrated template when there is one.
    const startFrom = loadDataDir ?? (inMemory || existsSync(path.join(pgdata, "PG_VERSION")) ? undefined : await readEmbeddedTemplate());
    // pgvector is loaded so knowledge search can add vector similarity (knowledge/vector-store.server.ts).
    const pglite = await PGlite.create(pgdata, { extensions: { vector }, ...(startFrom ? { loadDataDir: startFrom } : {}) });
    const factory = new PrismaPGlite(pglite);
    const prisma = new PrismaClient({ adapter: factory });
    return {
      prisma,
      kind: "pglite",
      factory,
      pglite,
      async close() {
        await prisma.$disconnect();
        await pglite.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const factory = new PrismaPg(pool);
  const prisma = new PrismaClient({ adapter: factory });
  return {
    prisma,
    kind: "postgres",
    factory,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** Opens the database this process will use and makes it the one `db()` returns. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (globalForDb.__dokaniDb) throw new Error("The database is already open in this process");
  const database = options.url
    ? openPostgres(options.url, options.poolSize ?? 10)
    : await openPglite(options.dataDir ?? "memory://", options.loadDataDir);
  if (options.migrate) await applyMigrations(database.factory);
  globalForDb.__dokaniDb = database;
  return database;
}

/** Closes the process's database, if one is open. */
export async function closeDatabase() {
  const database = globalForDb.__dokaniDb;
  globalForDb.__dokaniDb = undefined;
  await database?.close();
}

/** The open database handle; throws when nothing opened it (a boot-order bug). */
export function database(): Database {
  const database = globalForDb.__dokaniDb;
  if (!database) throw new Error("The database is not open: call openDatabase() at boot");
  return database;
}

/** The Prisma client of the open database. */
export function db(): PrismaClient {
  return database().prisma;
}

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
export type DbClient = PrismaClient | Tx;
