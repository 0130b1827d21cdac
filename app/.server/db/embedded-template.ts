import { existsSync, readFileSync } from "node:fs";
import { readFile, readdir, writeFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { MIGRATIONS_DIR, applyMigrations } from "./schema-engine";

/**
 * A migrated, empty embedded database made by `npm run build`. A first start loads it instead of
 * running PGlite's initdb and every migration (about 3 s of the demo's first start); it is used only
 * when it was made from exactly the migrations in this checkout, and migrations still run after.
 */

const TEMPLATE_DIR = path.resolve(process.cwd(), "build/embedded-db");
const TARBALL = path.join(TEMPLATE_DIR, "template.tar.gz");
const MANIFEST = path.join(TEMPLATE_DIR, "template.json");

async function migrationNames(): Promise<string[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** Builds the template from the current migrations. */
export async function writeEmbeddedTemplate(): Promise<{ bytes: number; migrations: string[] }> {
  const pglite = await PGlite.create("memory://");
  try {
    const migrations = await applyMigrations(new PrismaPGlite(pglite));
    const dump = await pglite.dumpDataDir("gzip");
    await mkdir(TEMPLATE_DIR, { recursive: true });
    await writeFile(TARBALL, Buffer.from(await dump.arrayBuffer()));
    await writeFile(MANIFEST, JSON.stringify({ migrations, pglite: pgliteVersion() }));
    return { bytes: dump.size, migrations };
  } finally {
    await pglite.close();
  }
}

/** The installed PGlite's version: its data folder format is only read by the same release. */
function pgliteVersion(): string {
  // The package does not export its package.json: find it from the entry point.
  let dir = path.dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  while (!existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
  return (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
}

/** The template as a Blob for `PGlite.create({loadDataDir})`, or undefined when missing or out of date. */
export async function readEmbeddedTemplate(): Promise<Blob | undefined> {
  if (!existsSync(MANIFEST) || !existsSync(TARBALL)) return undefined;
  try {
    const manifest = JSON.parse(await readFile(MANIFEST, "utf8")) as { migrations: string[]; pglite: string };
    const current = await migrationNames();
    if (manifest.pglite !== pgliteVersion() || manifest.migrations.join("\n") !== current.join("\n")) return undefined;
    return new Blob([await readFile(TARBALL)]);
  } catch {
    return undefined;
  }
}
