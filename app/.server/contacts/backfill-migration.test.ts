import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../../tests/support/factories";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { database, db } from "../db.server";
import { MIGRATIONS_DIR } from "../db/schema-engine";

setupTestDatabase();
beforeEach(async () => {
  await clearDatabase();
});

/** Writing 100,000 rows and back-filling them twice, on a busy 2-core machine: this only bounds a hang. */
const BACKFILL_TIMEOUT_MS = 600_000;

const TRIGGERS = [
  ["return_requests", "return_requests_contact"],
  ["conversations", "conversations_contact"],
  ["customer_risk_profiles", "customer_risk_profiles_contact"],
] as const;

/** Runs a whole migration script the way the schema engine does (one multi-statement script). */
async function runScript(script: string) {
  const handle = database();
  if (handle.pool) await handle.pool.query(script);
  else await handle.pglite!.exec(script);
}

async function backfillScript() {
  const folder = (await readdir(MIGRATIONS_DIR)).find((name) => name.endsWith("_contacts_backfill"));
  return readFile(path.join(MIGRATIONS_DIR, folder!, "migration.sql"), "utf8");
}

/** Rows as they were before contacts existed: written with the contact triggers off. */
async function withoutContactTriggers(write: () => Promise<void>) {
  for (const [table, trigger] of TRIGGERS) await db().$executeRawUnsafe(`ALTER TABLE "${table}" DISABLE TRIGGER "${trigger}"`);
  try {
    await write();
  } finally {
    for (const [table, trigger] of TRIGGERS) await db().$executeRawUnsafe(`ALTER TABLE "${table}" ENABLE TRIGGER "${trigger}"`);
  }
}

describe("the contacts back-fill migration", () => {
  it("gives 100,000 existing returns, their conversations and risk profiles one contact per shop and email, in batches, and changes nothing when run again", async () => {
    const [a, b] = [await createShop(), await createShop()];
    await withoutContactTriggers(async () => {
      // 100,000 returns over two shops by 30,000 customers; the same addresses exist in both shops.
      await db().$executeRaw`
        INSERT INTO "return_requests" ("id", "shopId", "platformOrderId", "orderName", "orderProcessedAt", "orderTotal", "currency", "customerEmail", "customerName", "resolution", "createdAt", "updatedAt")
        SELECT gen_random_uuid(), CASE WHEN g % 2 = 0 THEN ${a.id}::uuid ELSE ${b.id}::uuid END, g::text, '#' || g, now(), 49, 'USD',
               'customer' || (g % 30000) || '@example.com', CASE WHEN g % 3 = 0 THEN 'Customer ' || (g % 30000) END, 'refund', now(), now()
        FROM generate_series(1, 100000) g`;
      await db().$executeRaw`
        INSERT INTO "conversations" ("id", "shopId", "channel", "customerEmail", "customerPhone", "updatedAt")
        VALUES (gen_random_uuid(), ${a.id}::uuid, 'chat', 'customer2@example.com', NULL, now()),
               (gen_random_uuid(), ${a.id}::uuid, 'whatsapp', NULL, '+14155550100', now()),
               (gen_random_uuid(), ${a.id}::uuid, 'chat', NULL, NULL, now())`;
      await db().$executeRaw`
        INSERT INTO "customer_risk_profiles" ("id", "shopId", "email", "updatedAt") VALUES (gen_random_uuid(), ${a.id}::uuid, 'customer4@example.com', now())`;
    });
    expect(await db().returnRequest.count({ where: { contactId: { not: null } } })).toBe(0);

    await runScript(await backfillScript());

    expect(await db().returnRequest.count({ where: { contactId: null } })).toBe(0);
    // Even g only in shop a, odd only in b: 15,000 addresses each.
    expect(await db().contact.count({ where: { shopId: a.id } })).toBe(15_000 + 1);
    expect(await db().contact.count({ where: { shopId: b.id } })).toBe(15_000);
    const mismatched = await db().$queryRaw<Array<{ n: bigint }>>`
      SELECT count(*) AS n FROM "return_requests" r
      LEFT JOIN "contact_identities" i ON i."contactId" = r."contactId" AND i."kind" = 'email' AND i."value" = r."customerEmail" AND i."shopId" = r."shopId"
      WHERE i."id" IS NULL`;
    expect(Number(mismatched[0]!.n)).toBe(0);
    expect(await db().contactIdentity.count({ where: { verified: true } })).toBe(0);
    const named = await db().contact.findFirstOrThrow({ where: { shopId: a.id, identities: { some: { value: "customer6@example.com" } } } });
    expect(named.name).toBe("Customer 6");

    const conversations = await db().conversation.findMany({ where: { shopId: a.id }, include: { contact: { include: { identities: true } } } });
    const byChannel = (email: string | null, phone: string | null) => conversations.find((c) => c.customerEmail === email && c.customerPhone === phone)!;
    const returnOfCustomer2 = await db().returnRequest.findFirstOrThrow({ where: { shopId: a.id, customerEmail: "customer2@example.com" } });
    expect(byChannel("customer2@example.com", null).contactId).toBe(returnOfCustomer2.contactId);
    expect(byChannel(null, "+14155550100").contact?.identities).toMatchObject([{ kind: "phone", value: "+14155550100", verified: false }]);
    expect(byChannel(null, null).contactId).toBeNull();
    const profile = await db().customerRiskProfile.findFirstOrThrow({ where: { shopId: a.id } });
    const returnOfCustomer4 = await db().returnRequest.findFirstOrThrow({ where: { shopId: a.id, customerEmail: "customer4@example.com" } });
    expect(profile.contactId).toBe(returnOfCustomer4.contactId);

    const before = await db().contact.count();
    await runScript(await backfillScript());
    expect(await db().contact.count()).toBe(before);
    expect(await db().returnRequest.count({ where: { contactId: null } })).toBe(0);
  }, BACKFILL_TIMEOUT_MS);
});
