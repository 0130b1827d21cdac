// `npm run setup`: applies pending migrations to the PostgreSQL database in DATABASE_URL
// (the equivalent of `prisma migrate deploy`, offline). The embedded database migrates itself on start.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { applyMigrations } from "../app/.server/db/schema-engine";
import { loadEnvOrExit } from "../app/.server/env.server";

const config = loadEnvOrExit();
if (!config.DATABASE_URL) {
  console.log("DATABASE_URL is not set: the embedded database applies its migrations when Dokani starts. Nothing to do.");
  process.exit(0);
}
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2 });
try {
  const applied = await applyMigrations(new PrismaPg(pool));
  console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "The database is up to date.");
} catch (error) {
  console.error(`Migrations failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
