import pg from "pg";
import { linkOrderLookup } from "../../app/.server/contacts/link-order-lookup.server";
import { resolveContact } from "../../app/.server/contacts/resolve-contact.server";
import { closeDatabase, openDatabase } from "../../app/.server/db.server";
import { type Figure, type Suite, quantile, round } from "../figures";
import { withDatabaseName } from "../scale-seed";

const IDENTITIES = 1_000_000;
const SHOPS = 100;
const SAMPLES = 2_000;
const WARMUP = 200;

async function adminQuery(sql: string) {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Times `run` once per sample after a warm-up, in milliseconds. */
async function timed(count: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await run(count + i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await run(i);
    samples.push(performance.now() - t0);
  }
  return samples;
}

function figure(name: string, samples: number[], target?: { ms: number; text: string }, note?: string): Figure {
  const p95 = round(quantile(samples, 0.95), 3);
  return {
    issue: 16,
    name,
    unit: "ms",
    median: round(quantile(samples, 0.5), 3),
    p95,
    samples: samples.length,
    ...(target ? { target: target.text, met: p95 <= target.ms } : {}),
    ...(note ? { note } : {}),
  };
}

/** issue 16: finding a sender's contact with 1,000,000 identities in the table. */
export const contacts: Suite = {
  name: "contacts",
  description: `issue 16: contact resolution with ${IDENTITIES.toLocaleString("en-US")} identities in the table (PostgreSQL)`,
  async run(): Promise<Figure[]> {
    const base = process.env.DATABASE_URL;
    if (!base) return [{ issue: 16, name: "contact resolution, 1,000,000 identities", unit: "ms", samples: 0, note: "skipped: needs DATABASE_URL (PostgreSQL)" }];
    const scratch = `dokani_bench_contacts_${Date.now().toString(36)}`;
    await adminQuery(`CREATE DATABASE "${scratch}"`);
    const database = await openDatabase({ url: withDatabaseName(base, scratch), migrate: true, poolSize: 4 });
    try {
      const prisma = database.prisma;
      // 100 shops, then a million contacts with one email identity each (every fifth one proved), each in one statement.
      await prisma.$executeRaw`
        INSERT INTO "shops" ("id", "platform", "domain", "name", "updatedAt")
        SELECT ('00000000-0000-4000-8000-' || lpad(s::text, 12, '0'))::uuid, 'demo', 'bench-' || s || '.myshopify.com', 'Bench ' || s, now()
        FROM generate_series(1, ${SHOPS}) s`;
      await prisma.$executeRaw`
        INSERT INTO "contacts" ("id", "shopId", "name", "createdAt", "updatedAt")
        SELECT ('10000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, ('00000000-0000-4000-8000-' || lpad((g % ${SHOPS} + 1)::text, 12, '0'))::uuid, 'Shopper ' || g, now(), now()
        FROM generate_series(1, ${IDENTITIES}) g`;
      await prisma.$executeRaw`
        INSERT INTO "contact_identities" ("id", "shopId", "contactId", "kind", "value", "verified", "createdAt", "updatedAt")
        SELECT gen_random_uuid(), ('00000000-0000-4000-8000-' || lpad((g % ${SHOPS} + 1)::text, 12, '0'))::uuid,
               ('10000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'email', 'shopper' || g || '@example.com', g % 5 = 0, now(), now()
        FROM generate_series(1, ${IDENTITIES}) g`;
      await prisma.$executeRawUnsafe(`ANALYZE "contacts"`);
      await prisma.$executeRawUnsafe(`ANALYZE "contact_identities"`);
      const shopOf = (g: number) => `00000000-0000-4000-8000-${String((g % SHOPS) + 1).padStart(12, "0")}`;
      const known = (i: number) => 1 + ((i * 7919) % IDENTITIES);

      // An inbound message from a known sender: the common case.
      const found = await timed(SAMPLES, (i) => {
        const g = known(i);
        return resolveContact(shopOf(g), [{ kind: "email", value: `shopper${g}@example.com`, verified: false }]);
      });
      // A first message from someone new: the contact and identity are created.
      const created = await timed(SAMPLES, (i) => resolveContact(shopOf(i), [{ kind: "email", value: `new-${scratch}-${i}@example.com`, verified: false }]));
      // A successful order lookup: the email proved (one statement).
      const proved = await timed(SAMPLES, (i) => {
        const g = known(i + 500_000);
        return linkOrderLookup(shopOf(g), { email: `shopper${g}@example.com`, name: null });
      });
      const count = await prisma.contactIdentity.count();
      const note = `${count.toLocaleString("en-US")} identities in ${SHOPS} shops, PostgreSQL`;
      return [
        figure("contact resolution, known sender, 1,000,000 identities", found, { ms: 2, text: "p95 ≤ 2 ms" }, note),
        figure("contact resolution, new sender (contact created)", created, { ms: 2, text: "p95 ≤ 2 ms" }, note),
        figure("order lookup proves the email (one statement)", proved, undefined, note),
      ];
    } finally {
      await closeDatabase();
      await adminQuery(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    }
  },
};
