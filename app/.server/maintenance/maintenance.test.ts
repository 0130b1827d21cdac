import { existsSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { createConversation, createReturn, createShop } from "../../../tests/support/factories";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { env } from "../env.server";
import { log } from "../logger.server";
import { handleEnforceRetention } from "./job-handlers.server";
import { enforceRetentionJob } from "./jobs";
import { scheduleMaintenance } from "./schedule-maintenance.server";

setupTestDatabase();
beforeEach(async () => {
  await clearDatabase();
});

const DAY = 24 * 3600 * 1000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const stored = (key: string) => existsSync(path.join(env().dataDir, "uploads", key));

async function closedReturn(shopId: string, status: "completed" | "denied" | "cancelled" | "approved" | "pending_review", closedDaysAgo: number) {
  const created = await createReturn(shopId, `${status}-${closedDaysAgo}@example.com`, { withPhoto: true });
  const at = daysAgo(closedDaysAgo);
  await db().returnRequest.update({
    where: { id: created.id },
    data: {
      status,
      ...(status === "completed" ? { completedAt: at } : {}),
      ...(status === "denied" ? { decidedAt: at } : {}),
      ...(status === "cancelled" ? { cancelledAt: at } : {}),
      ...(status === "approved" ? { decidedAt: at } : {}),
    },
  });
  return created;
}

async function conversation(shopId: string, status: "closed" | "open", lastMessageDaysAgo: number) {
  const created = await createConversation(shopId, `chat-${status}-${lastMessageDaysAgo}@example.com`);
  await db().conversation.update({ where: { id: created.id }, data: { status, lastMessageAt: daysAgo(lastMessageDaysAgo) } });
  return created;
}

const run = (payload: object) => handleEnforceRetention(enforceRetentionJob.payload.parse(payload), { db: db(), jobId: "test", attempt: 1, log: log() });

describe("maintenance.retention", () => {
  it("deletes exactly the photos and closed conversations past the shop's retention, in batches, and nothing of another shop", async () => {
    const shop = await createShop();
    await db().shop.update({ where: { id: shop.id }, data: { settings: { retention: { evidenceDays: 30, conversationDays: 60 } } } });
    const other = await createShop();
    await db().shop.update({ where: { id: other.id }, data: { settings: { retention: { evidenceDays: 30, conversationDays: 60 } } } });

    const expired = [await closedReturn(shop.id, "completed", 40), await closedReturn(shop.id, "denied", 31), await closedReturn(shop.id, "cancelled", 90)];
    const kept = [await closedReturn(shop.id, "completed", 10), await closedReturn(shop.id, "approved", 400), await closedReturn(shop.id, "pending_review", 400)];
    const oldChat = await conversation(shop.id, "closed", 70);
    const recentChat = await conversation(shop.id, "closed", 50);
    const openChat = await conversation(shop.id, "open", 300);
    const theirReturn = await closedReturn(other.id, "completed", 400);
    const theirChat = await conversation(other.id, "closed", 400);

    await run({ shopId: shop.id, batchSize: 1 });

    for (const r of expired) {
      expect(await db().evidenceFile.count({ where: { returnId: r.id } })).toBe(0);
      expect(stored(r.photoKey!)).toBe(false);
      // The return itself, its decision and its audit trail stay.
      expect(await db().returnRequest.count({ where: { id: r.id } })).toBe(1);
    }
    for (const r of kept) {
      expect(await db().evidenceFile.count({ where: { returnId: r.id } })).toBe(1);
      expect(stored(r.photoKey!)).toBe(true);
    }
    expect(await db().conversation.count({ where: { id: oldChat.id } })).toBe(0);
    expect(await db().message.count({ where: { conversationId: oldChat.id } })).toBe(0);
    expect(stored(oldChat.photoKey)).toBe(false);
    for (const c of [recentChat, openChat]) {
      expect(await db().conversation.count({ where: { id: c.id } })).toBe(1);
      expect(stored(c.photoKey)).toBe(true);
    }
    // Another shop's rows are past the same limits but were not asked for.
    expect(await db().evidenceFile.count({ where: { returnId: theirReturn.id } })).toBe(1);
    expect(stored(theirReturn.photoKey!)).toBe(true);
    expect(await db().conversation.count({ where: { id: theirChat.id } })).toBe(1);

    const audit = await db().auditLog.findMany({ where: { action: "retention.enforced" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ shopId: shop.id, actorType: "system", data: { evidenceFiles: 3, evidenceBytes: 21, conversations: 1, conversationFiles: 1, evidenceDays: 30, conversationDays: 60 } });

    // A second run finds nothing and writes no audit row.
    await run({ shopId: shop.id });
    expect(await db().auditLog.count({ where: { action: "retention.enforced" } })).toBe(1);
  });

  it("without a shop, applies each shop's own settings (the defaults keep a year of photos)", async () => {
    const strict = await createShop();
    await db().shop.update({ where: { id: strict.id }, data: { settings: { retention: { evidenceDays: 30, conversationDays: 30 } } } });
    const lenient = await createShop();
    const strictReturn = await closedReturn(strict.id, "completed", 100);
    const lenientReturn = await closedReturn(lenient.id, "completed", 100);
    const lenientOld = await closedReturn(lenient.id, "completed", 366);

    await run({});
    expect(stored(strictReturn.photoKey!)).toBe(false);
    expect(stored(lenientReturn.photoKey!)).toBe(true);
    expect(stored(lenientOld.photoKey!)).toBe(false);
    expect((await db().auditLog.findMany({ where: { action: "retention.enforced" } })).map((a) => a.shopId).sort()).toEqual([strict.id, lenient.id].sort());
    // The run keeps the daily schedule going.
    expect(await db().jobOutbox.count({ where: { name: "maintenance.retention", status: "pending" } })).toBe(1);
  });
});

describe("scheduleMaintenance", () => {
  it("puts each maintenance job's next daily run in the outbox once, however often it is called", async () => {
    const now = new Date("2026-11-22T03:30:00.000Z");
    const first = await scheduleMaintenance(db(), now);
    expect(await scheduleMaintenance(db(), now)).toEqual(first);
    const rows = await db().jobOutbox.findMany({ orderBy: { runAt: "asc" } });
    expect(rows.map((r) => [r.name, r.runAt.toISOString()])).toEqual([
      ["maintenance.retention", "2026-11-22T04:00:00.000Z"],
      ["maintenance.prune", "2026-11-23T03:00:00.000Z"],
    ]);
  });
});
