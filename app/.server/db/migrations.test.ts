import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, describe, expect, it } from "vitest";
import { withDatabase } from "../../../tests/setup/global-setup";
import { PrismaClient } from "../db.server";
import { MIGRATION_TIMEOUT_MS } from "../../../tests/support/timeouts";
import { MIGRATIONS_DIR, applyMigrations, diffMigrationsToSchema } from "./schema-engine";

const postgresUrl = process.env.DATABASE_URL;
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function migrationFolders() {
  return (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

type Target = { name: string; open: () => Promise<{ factory: PrismaPGlite | PrismaPg; prisma: PrismaClient }> };

const targets: Target[] = [
  {
    name: "embedded PGlite",
    async open() {
      const pglite = await PGlite.create("memory://");
      const factory = new PrismaPGlite(pglite);
      const prisma = new PrismaClient({ adapter: factory });
      cleanups.push(async () => {
        await prisma.$disconnect();
        await pglite.close();
      });
      return { factory, prisma };
    },
  },
];
if (postgresUrl) {
  targets.push({
    name: "PostgreSQL",
    async open() {
      const name = `dokani_mig_${randomBytes(5).toString("hex")}`;
      const admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const pool = new pg.Pool({ connectionString: withDatabase(postgresUrl, name), max: 3 });
      const factory = new PrismaPg(pool);
      const prisma = new PrismaClient({ adapter: factory });
      cleanups.push(async () => {
        await prisma.$disconnect();
        await pool.end();
        const drop = new pg.Client({ connectionString: postgresUrl });
        await drop.connect();
        await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await drop.end();
      });
      return { factory, prisma };
    },
  });
}

describe.each(targets)("migrations on $name", ({ open }) => {
  it("apply from empty, record themselves like `prisma migrate deploy`, and a second run applies nothing", async () => {
    const { factory, prisma } = await open();
    const folders = await migrationFolders();
    expect(await applyMigrations(factory)).toEqual(folders);
    const rows = await prisma.$queryRaw<Array<{ migration_name: string; checksum: string; finished_at: Date | null }>>`
      SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name`;
    expect(rows.map((r) => r.migration_name)).toEqual(folders);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum) && r.finished_at)).toBe(true);
    expect(await applyMigrations(factory)).toEqual([]);

    // The constraints that live only in SQL are there and bite.
    const shop = await prisma.shop.create({ data: { platform: "demo", domain: "constraints.example.com", name: "C" } });
    await prisma.policy.create({ data: { shopId: shop.id, version: 1, status: "active", rules: {} } });
    await expect(prisma.policy.create({ data: { shopId: shop.id, version: 2, status: "active", rules: {} } })).rejects.toThrow();
    await prisma.policy.create({ data: { shopId: shop.id, version: 2, status: "draft", rules: {} } });
    await expect(prisma.shop.create({ data: { platform: "demo", domain: "UPPER.example.com", name: "U" } })).rejects.toThrow();
    await expect(
      prisma.returnRequest.create({
        data: {
          shopId: shop.id, platformOrderId: "1", orderName: "#1", orderProcessedAt: new Date(), orderTotal: "10.00", currency: "USD",
          customerEmail: "a@example.com", resolution: "refund", items: { create: [{ lineItemId: "1", title: "T", quantity: 0, unitPrice: "1.00", reason: "other" }] },
        },
      }),
    ).rejects.toThrow();
    expect(await prisma.returnRequest.count()).toBe(0);

    // Knowledge articles are searchable with PostgreSQL full-text search from the moment they are written.
    await prisma.knowledgeArticle.create({ data: { shopId: shop.id, title: "Shipping times", body: "Orders ship within two business days." } });
    const hits = await prisma.$queryRaw<Array<{ title: string }>>`
      SELECT title FROM knowledge_articles WHERE "searchVector" @@ websearch_to_tsquery('english', 'when does my order ship')`;
    expect(hits.map((h) => h.title)).toEqual(["Shipping times"]);
  }, MIGRATION_TIMEOUT_MS);
});

describe("the schema and its migrations", () => {
  it("agree: schema.prisma needs no migration that is not already written", async () => {
    const pglite = await PGlite.create("memory://");
    cleanups.push(() => pglite.close());
    const sql = await diffMigrationsToSchema(new PrismaPGlite(pglite));
    expect(sql).toMatch(/^-- This is an empty migration/);
  }, MIGRATION_TIMEOUT_MS);
});
