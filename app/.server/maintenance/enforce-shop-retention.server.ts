import { recordAudit, SYSTEM_ACTOR } from "../audit/record-audit";
import type { Prisma, PrismaClient } from "../db.server";
import { readShopSettings } from "../shops/shop-settings";
import { deleteFile } from "../storage/file-storage.server";

const DAY = 24 * 3600 * 1000;

export type RetentionCounts = { evidenceFiles: number; evidenceBytes: number; conversations: number; conversationFiles: number };

/**
 * The evidence of returns closed (completed, denied or cancelled) more than `evidenceDays` ago:
 * the moment each was closed is its own column, with `updatedAt` standing in for older rows that
 * lack it.
 */
function closedReturnsBefore(cutoff: Date): Prisma.ReturnRequestWhereInput {
  return {
    OR: [
      { status: "completed", OR: [{ completedAt: { lt: cutoff } }, { completedAt: null, updatedAt: { lt: cutoff } }] },
      { status: "denied", OR: [{ decidedAt: { lt: cutoff } }, { decidedAt: null, updatedAt: { lt: cutoff } }] },
      { status: "cancelled", OR: [{ cancelledAt: { lt: cutoff } }, { cancelledAt: null, updatedAt: { lt: cutoff } }] },
    ],
  };
}

async function deleteStoredFiles(files: Array<{ storageKey: string; storage: string }>) {
  // Bytes first, rows after: a crash in between leaves a row whose file is gone (the next run
  // deletes the row), never a file no row points at.
  for (const file of files) await deleteFile(file.storageKey, file.storage);
}

/**
 * Applies one shop's retention settings now: deletes, in batches, the photos (stored bytes and
 * rows) of returns closed more than `retention.evidenceDays` ago, and closed conversations whose
 * last message is older than `retention.conversationDays` (their messages and the photos attached
 * to them go with them). Writes one audit row with the counts when anything was deleted.
 */
export async function enforceShopRetention(client: PrismaClient, shop: { id: string; settings: unknown }, options: { now?: Date; batchSize?: number } = {}): Promise<RetentionCounts> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 200;
  const { retention } = readShopSettings(shop.settings);
  const counts: RetentionCounts = { evidenceFiles: 0, evidenceBytes: 0, conversations: 0, conversationFiles: 0 };

  const evidenceCutoff = new Date(now.getTime() - retention.evidenceDays * DAY);
  for (;;) {
    const files = await client.evidenceFile.findMany({
      where: { shopId: shop.id, returnId: { not: null }, returnRequest: closedReturnsBefore(evidenceCutoff) },
      select: { id: true, storageKey: true, storage: true, byteSize: true },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    if (!files.length) break;
    await deleteStoredFiles(files);
    const deleted = await client.evidenceFile.deleteMany({ where: { shopId: shop.id, id: { in: files.map((f) => f.id) } } });
    counts.evidenceFiles += deleted.count;
    counts.evidenceBytes += files.reduce((sum, f) => sum + f.byteSize, 0);
    if (files.length < batchSize) break;
  }

  const conversationCutoff = new Date(now.getTime() - retention.conversationDays * DAY);
  for (;;) {
    const conversations = await client.conversation.findMany({
      where: { shopId: shop.id, status: "closed", lastMessageAt: { lt: conversationCutoff } },
      select: { id: true },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    if (!conversations.length) break;
    const ids = conversations.map((c) => c.id);
    const files = await client.evidenceFile.findMany({
      where: { shopId: shop.id, message: { conversationId: { in: ids } } },
      select: { id: true, storageKey: true, storage: true },
    });
    await deleteStoredFiles(files);
    await client.$transaction(async (tx) => {
      await tx.evidenceFile.deleteMany({ where: { shopId: shop.id, id: { in: files.map((f) => f.id) } } });
      // Messages and the conversation's own rows cascade; returns keep their data and lose only the link.
      const deleted = await tx.conversation.deleteMany({ where: { shopId: shop.id, id: { in: ids }, status: "closed", lastMessageAt: { lt: conversationCutoff } } });
      counts.conversations += deleted.count;
    });
    counts.conversationFiles += files.length;
    if (conversations.length < batchSize) break;
  }

  if (counts.evidenceFiles || counts.conversations) {
    await recordAudit(client, {
      shopId: shop.id,
      entityType: "shop",
      entityId: shop.id,
      action: "retention.enforced",
      actor: SYSTEM_ACTOR,
      message: `Deleted ${counts.evidenceFiles} return photo(s) and ${counts.conversations} closed conversation(s) past retention`,
      data: { ...counts, evidenceDays: retention.evidenceDays, conversationDays: retention.conversationDays },
    });
  }
  return counts;
}
