import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";

/**
 * Prisma's own schema engine, compiled to WebAssembly, driven through a driver adapter.
 * The Prisma CLI downloads a native engine that this environment cannot fetch; the WASM build
 * applies and creates migrations with the same `_prisma_migrations` table and checksums, so
 * `prisma migrate deploy` stays interchangeable with it (docs/decisions/004-offline-migrations.md).
 */

const require = createRequire(import.meta.url);

type Engine = {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout?: string }>;
  free(): void;
};
type EngineModule = {
  SchemaEngine: { new: (options: unknown, log: (message: string) => void, adapter: object) => Promise<Engine> };
};

let modulePromise: Promise<EngineModule> | undefined;

async function loadEngineModule(): Promise<EngineModule> {
  modulePromise ??= (async () => {
    const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bg = (await import(/* @vite-ignore */ bgPath)) as EngineModule & {
      __wbg_set_wasm(exports: unknown): void;
    };
    const bytes = await readFile(path.join(path.dirname(bgPath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg as never });
    bg.__wbg_set_wasm(instance.exports);
    const start = (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start;
    start?.();
    return bg;
  })();
  return modulePromise;
}

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma/migrations");
export const SCHEMA_PATH = path.resolve(process.cwd(), "prisma/schema.prisma");

const noFilters = { externalTables: [], externalEnums: [] };

/** Reads `prisma/migrations` into the list shape the schema engine takes. */
export async function readMigrationsList(baseDir = MIGRATIONS_DIR) {
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const directories = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories = await Promise.all(
    directories.map(async (dir) => ({
      path: dir,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: await readFile(path.join(baseDir, dir, "migration.sql"), "utf8") },
      },
    })),
  );
  const lockfilePath = path.join(baseDir, "migration_lock.toml");
  const lockContent = await readFile(lockfilePath, "utf8").catch(() => null);
  return {
    baseDir,
    lockfile: { path: "migration_lock.toml", content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

type ScriptRunner = { query?: (sql: string) => Promise<unknown>; exec?: (sql: string) => Promise<unknown> };

/**
 * Migration scripts hold plpgsql bodies with `;` inside `$$` quotes. `@prisma/adapter-pg` splits a
 * script on every `;` and `pglite-prisma-adapter` does not await it, so both are given a script
 * runner that hands the whole script to the driver's multi-statement path (pg's simple query
 * protocol, PGlite's `exec`), the way the native engine does.
 */
function wholeScripts(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  const wrap = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    // adapter-pg exposes its pool through underlyingDriver(); the PGlite adapter keeps it as `client`.
    const withDriver = adapter as SqlDriverAdapter & { underlyingDriver?(): ScriptRunner; client?: ScriptRunner };
    const driver = withDriver.underlyingDriver?.() ?? withDriver.client;
    if (!driver?.exec && !driver?.query) throw new Error(`${adapter.adapterName} exposes no script runner`);
    return new Proxy(adapter, {
      get(target, prop, receiver) {
        if (prop === "executeScript") {
          return async (script: string) => {
            if (driver.exec) await driver.exec(script);
            else await driver.query!(script);
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrap(await factory.connect()),
    connectToShadowDb: async () => wrap(await factory.connectToShadowDb()),
  };
}

async function withEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  datamodel: string | undefined,
  run: (engine: Engine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const logs: string[] = [];
  const engine = await SchemaEngine.new(
    { datamodels: datamodel ? [[SCHEMA_PATH, datamodel]] : undefined },
    (line: string) => logs.push(line),
    bindMigrationAwareSqlAdapterFactory(wholeScripts(factory)),
  );
  try {
    return await run(engine);
  } catch (error) {
    throw new Error(`schema engine failed: ${describeEngineError(error)}`, { cause: error });
  } finally {
    engine.free();
  }
}

function describeEngineError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error && "message" in error) return String(error.message);
  return String(error);
}

/** The equivalent of `prisma migrate deploy`: applies every migration not yet in `_prisma_migrations`. */
export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory, baseDir = MIGRATIONS_DIR) {
  const migrationsList = await readMigrationsList(baseDir);
  return withEngine(factory, undefined, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return result.appliedMigrationNames;
  });
}

/**
 * The equivalent of `prisma migrate dev --create-only`: the SQL that takes the migrations in
 * `baseDir` to the schema in `schema.prisma`, replayed on the factory's shadow database.
 */
export async function diffMigrationsToSchema(factory: SqlMigrationAwareDriverAdapterFactory, baseDir = MIGRATIONS_DIR) {
  const datamodel = await readFile(SCHEMA_PATH, "utf8");
  const migrationsList = await readMigrationsList(baseDir);
  return withEngine(factory, datamodel, async (engine) => {
    const from = migrationsList.migrationDirectories.length
      ? { tag: "migrations", ...migrationsList }
      : { tag: "empty" };
    const result = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: datamodel }] },
      script: true,
      shadowDatabaseUrl: null,
      exitCode: null,
      filters: noFilters,
    });
    return (result.stdout ?? "").trim();
  });
}
