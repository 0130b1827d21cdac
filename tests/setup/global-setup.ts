import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { chromium, type BrowserServer } from "playwright-core";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../app/.server/db/schema-engine";
import { ensureBuild } from "../../scripts/ensure-build";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../support/chromium";

/**
 * Migrates once for the whole run: a PostgreSQL template database when DATABASE_URL is set (each
 * test file clones it), and always a PGlite snapshot (test files without DATABASE_URL load it).
 */
export default async function setup(project: TestProject) {
  const started = Date.now();
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const snapshotDir = path.join(os.tmpdir(), "dokani-tests");
  await mkdir(snapshotDir, { recursive: true });
  const snapshot = path.join(snapshotDir, `pglite-${runId}.tar.gz`);
  const pglite = await PGlite.create("memory://");
  await applyMigrations(new PrismaPGlite(pglite));
  const dump = await pglite.dumpDataDir("gzip");
  await writeFile(snapshot, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  project.provide("pgliteSnapshot", snapshot);

  let template: string | undefined;
  const url = process.env.DATABASE_URL;
  if (url) {
    template = `dokani_tpl_${runId}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${template}"`);
    await admin.end();
    const pool = new pg.Pool({ connectionString: withDatabase(url, template), max: 2 });
    await applyMigrations(new PrismaPg(pool));
    await pool.end();
    project.provide("postgresTemplate", template);
  }
  console.log(`test databases ready in ${Date.now() - started} ms (${url ? "PostgreSQL template and PGlite snapshot" : "PGlite snapshot; DATABASE_URL is unset"})`);
  if (!process.env.REDIS_URL) console.log("BullMQ tests are skipped because REDIS_URL is unset (they run in CI, which starts Redis).");
  // One Chromium serves every browser test file; starting it once spares each file a browser launch.
  let browserServer: BrowserServer | undefined;
  if (!existsSync(CHROMIUM_PATH)) console.log("Browser tests (tests/e2e) are skipped because Chromium is not installed (CI installs Debian's chromium).");
  else {
    browserServer = await chromium.launchServer({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    project.provide("chromiumEndpoint", browserServer.wsEndpoint());
  }
  // Tests that start the demo need a current build; making it once here keeps them from racing to rebuild.
  // DOKANI_TEST_SKIP_BUILD=1 runs against whatever build exists (for quick runs of single files that start no server).
  if (process.env.DOKANI_TEST_SKIP_BUILD !== "1") ensureBuild((line) => console.log(line));

  return async () => {
    await browserServer?.close();
    if (url && template) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
      await admin.end();
    }
  };
}

/** The same server URL with another database name. */
export function withDatabase(url: string, database: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    postgresTemplate?: string;
    chromiumEndpoint?: string;
  }
}
