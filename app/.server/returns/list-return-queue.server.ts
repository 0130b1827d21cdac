import { decodeCursor, encodeCursor, type KeysetPosition } from "../api/keyset-cursor";
import { db, Prisma, type DbClient } from "../db.server";
import { endOf, startOf } from "../api/time-bounds";
import { AppError } from "../errors";
import type { ShopContext } from "../shops/shop-context";
import type { QueueFilters } from "./queue-filters";
import { RISK_BAND_RANGES, riskBandOf, type RiskBand } from "./risk-bands";
import type { DecisionOutcome, Resolution, ReturnReason, ReturnStatus } from "./types";

/*
 * The merchant's returns queue, one keyset page at a time. Performance rules (a shop may hold
 * hundreds of thousands of returns): one query for the page, LIMIT page+1 on (createdAt desc, id
 * desc) so PostgreSQL walks an index from the cursor and stops; the reason filter is an EXISTS probe
 * on return_items' (returnId, lineItemId) index for just the rows walked; search is an exact order
 * name (the (shopId, orderName) index) or an email prefix (the text_pattern_ops email index); items
 * are read afterwards for the page's ids only; nothing counts the whole set.
 */

export type QueueRow = {
  id: string;
  orderName: string;
  customerEmail: string;
  customerName: string | null;
  createdAt: string;
  status: ReturnStatus;
  resolution: Resolution;
  /** The exact stored score ("0.730"), or null before triage. */
  riskScore: string | null;
  riskBand: RiskBand | null;
  refundEstimate: string;
  currency: string;
  decisionOutcome: DecisionOutcome;
  receivedAt: string | null;
  /** Distinct reasons of the return's items, in item order. */
  reasons: ReturnReason[];
  /** Units returned over all items. */
  itemCount: number;
  /** What is wrong with the photos: one reused from another return, none usable, or the model saw no sign of the claim. */
  photoFlags: PhotoFlag[];
};

export type PhotoFlag = "reused" | "unusable" | "not_shown";

export type QueuePage = { after?: string | null; before?: string | null; limit?: number };

export type QueueResult = { rows: QueueRow[]; nextCursor: string | null; prevCursor: string | null };

type RawRow = {
  id: string;
  orderName: string;
  customerEmail: string;
  customerName: string | null;
  createdAt: Date;
  status: ReturnStatus;
  resolution: Resolution;
  riskScore: string | null;
  refundEstimate: string;
  currency: string;
  decisionOutcome: DecisionOutcome;
  receivedAt: Date | null;
  reusedPhoto: boolean;
  unusablePhoto: boolean;
  photoVerdict: string | null;
};

export const QUEUE_PAGE_SIZE = 25;
const MAX_LIMIT = 1000;

/** Escapes LIKE's wildcards so a search term only ever matches as a literal prefix. */
function likePrefix(term: string): string {
  return `${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The WHERE conditions the filters (and the saved view) make, without the keyset bound. */
function filterConditions(shopId: string, filters: QueueFilters): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`r."shopId" = ${shopId}::uuid`];
  const statuses: ReturnStatus[] = [];
  if (filters.status) statuses.push(filters.status);
  if (filters.view === "needs_review") statuses.push("pending_review");
  if (filters.view === "awaiting_items") statuses.push("approved");
  // Two different statuses (a view and a filter that disagree) select nothing, as AND says.
  for (const status of new Set(statuses)) where.push(Prisma.sql`r."status" = ${status}::"ReturnStatus"`);
  if (filters.view === "awaiting_items") where.push(Prisma.sql`r."receivedAt" IS NULL`);
  const bands = new Set<RiskBand>();
  if (filters.risk) bands.add(filters.risk);
  if (filters.view === "high_risk") bands.add("high");
  for (const band of bands) {
    const range = RISK_BAND_RANGES[band];
    where.push(Prisma.sql`r."riskScore" >= ${range.min}::numeric`);
    if (range.max !== null) where.push(Prisma.sql`r."riskScore" < ${range.max}::numeric`);
  }
  if (filters.resolution) where.push(Prisma.sql`r."resolution" = ${filters.resolution}::"Resolution"`);
  if (filters.from) where.push(Prisma.sql`r."createdAt" >= ${startOf(filters.from)}`);
  if (filters.to) where.push(Prisma.sql`r."createdAt" < ${endOf(filters.to)}`);
  if (filters.q) {
    const term = filters.q.trim();
    if (term.startsWith("#")) where.push(Prisma.sql`r."orderName" = ${term}`);
    else if (/^\d+$/.test(term)) where.push(Prisma.sql`r."orderName" IN (${`#${term}`}, ${term})`);
    else where.push(Prisma.sql`r."customerEmail" LIKE ${likePrefix(term.toLowerCase())}`);
  }
  if (filters.reason) {
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM "return_items" i WHERE i."returnId" = r."id" AND i."reason" = ${filters.reason}::"ReturnReason")`);
  }
  return where;
}

function decodePageCursor(cursor: string, field: "after" | "before"): KeysetPosition {
  try {
    return decodeCursor(cursor);
  } catch {
    throw new AppError("invalid_request", "That page link is not valid any more. Start again from the first page.", {
      fields: { [field]: "is not a page position this queue gave out" },
    });
  }
}

/**
 * One page of a shop's returns matching `filters`, newest first, with cursors for the next and
 * previous pages (`after` / `before`). A bad cursor is AppError `invalid_request` naming the field.
 */
export async function listReturnQueue(ctx: ShopContext, query: { filters: QueueFilters; page?: QueuePage }, client: DbClient = db()): Promise<QueueResult> {
  const shopId = ctx.shop.id;
  const { filters, page = {} } = query;
  const limit = page.limit ?? QUEUE_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new AppError("invalid_request", `A page holds 1 to ${MAX_LIMIT} returns.`, { fields: { limit: "is out of range" } });
  const backwards = !page.after && Boolean(page.before);
  const cursor = page.after ? decodePageCursor(page.after, "after") : page.before ? decodePageCursor(page.before, "before") : null;

  const where = filterConditions(shopId, filters);
  if (cursor) {
    // The inclusive bound starts the index scan; the OR drops the cursor's own row and its ties before it.
    where.push(
      backwards
        ? Prisma.sql`r."createdAt" >= ${cursor.createdAt} AND (r."createdAt" > ${cursor.createdAt} OR r."id" > ${cursor.id}::uuid)`
        : Prisma.sql`r."createdAt" <= ${cursor.createdAt} AND (r."createdAt" < ${cursor.createdAt} OR r."id" < ${cursor.id}::uuid)`,
    );
  }
  const order = backwards ? Prisma.sql`r."createdAt" ASC, r."id" ASC` : Prisma.sql`r."createdAt" DESC, r."id" DESC`;
  const raw = await client.$queryRaw<RawRow[]>`
    SELECT r."id"::text AS "id", r."orderName", r."customerEmail", r."customerName", r."createdAt", r."status"::text AS "status",
           r."resolution"::text AS "resolution", r."riskScore"::text AS "riskScore", r."refundEstimate"::text AS "refundEstimate",
           r."currency", r."decisionOutcome"::text AS "decisionOutcome", r."receivedAt",
           (r."riskFactors" @> '[{"code":"reused_photo"}]'::jsonb) AS "reusedPhoto",
           (r."decisionReasons" @> '[{"code":"evidence_unusable"}]'::jsonb) AS "unusablePhoto",
           (r."aiRecommendation"->'photoCheck'->>'verdict') AS "photoVerdict"
    FROM "return_requests" r
    WHERE ${Prisma.join(where, " AND ")}
    ORDER BY ${order}
    LIMIT ${limit + 1}`;

  const more = raw.length > limit;
  const slice = raw.slice(0, limit);
  const rows = backwards ? slice.reverse() : slice;
  const items = rows.length
    ? await client.returnItem.findMany({
        where: { returnId: { in: rows.map((r) => r.id) } },
        orderBy: [{ returnId: "asc" }, { lineItemId: "asc" }],
        select: { returnId: true, reason: true, quantity: true },
      })
    : [];
  const byReturn = new Map<string, { reasons: ReturnReason[]; count: number }>();
  for (const item of items) {
    const entry = byReturn.get(item.returnId) ?? { reasons: [], count: 0 };
    if (!entry.reasons.includes(item.reason)) entry.reasons.push(item.reason);
    entry.count += item.quantity;
    byReturn.set(item.returnId, entry);
  }

  const first = rows[0];
  const last = rows.at(-1);
  const position = (row: RawRow) => encodeCursor({ createdAt: row.createdAt, id: row.id });
  return {
    rows: rows.map((row) => ({
      id: row.id,
      orderName: row.orderName,
      customerEmail: row.customerEmail,
      customerName: row.customerName,
      createdAt: row.createdAt.toISOString(),
      status: row.status,
      resolution: row.resolution,
      riskScore: row.riskScore,
      riskBand: riskBandOf(row.riskScore),
      refundEstimate: row.refundEstimate,
      currency: row.currency.trim(),
      decisionOutcome: row.decisionOutcome,
      receivedAt: row.receivedAt ? row.receivedAt.toISOString() : null,
      reasons: byReturn.get(row.id)?.reasons ?? [],
      itemCount: byReturn.get(row.id)?.count ?? 0,
      photoFlags: photoFlagsOf(row),
    })),
    nextCursor: last && (backwards ? true : more) ? position(last) : null,
    prevCursor: first && (backwards ? more : Boolean(cursor)) ? position(first) : null,
  };
}

function photoFlagsOf(row: RawRow): PhotoFlag[] {
  const flags: PhotoFlag[] = [];
  if (row.reusedPhoto) flags.push("reused");
  if (row.unusablePhoto) flags.push("unusable");
  if (row.photoVerdict === "does_not_show_claim") flags.push("not_shown");
  return flags;
}
