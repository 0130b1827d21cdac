import { Prisma, type DbClient, type PrismaClient } from "../db.server";
import { normalizeDecimal, normalizeOrderName, orderTotal, type DemoOrderInput } from "./demo-orders";

/**
 * Stores demo orders for a shop, keyed by (shop, platform order id), so that importing the same
 * file twice leaves the table as it was.
 */

// Bounds the lookup's IN lists and the size of each statement's JSON.
const CHUNK_SIZE = 2_000;

type StoredLineItem = {
  id: string;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  unitPrice: string;
  productType: string | null;
  tags: string[];
  productId?: string;
  variantId?: string;
};

type OrderRow = {
  platformOrderId: string;
  name: string;
  email: string;
  customerName: string | null;
  phone: string | null;
  currency: string;
  totalPrice: string;
  processedAt: Date;
  deliveredAt: Date | null;
  note: string | null;
  lineItems: StoredLineItem[];
};

type ExistingRow = Omit<OrderRow, "totalPrice" | "lineItems"> & {
  totalPrice: Prisma.Decimal;
  lineItems: Prisma.JsonValue;
};

function toRow(order: DemoOrderInput): OrderRow {
  return {
    platformOrderId: order.id.trim(),
    name: normalizeOrderName(order.name),
    email: order.email.trim().toLowerCase(),
    customerName: order.customerName?.trim() || null,
    phone: order.phone || null,
    currency: order.currency,
    totalPrice: orderTotal(order),
    processedAt: new Date(order.processedAt),
    deliveredAt: order.deliveredAt ? new Date(order.deliveredAt) : null,
    note: order.note ?? null,
    lineItems: order.lineItems.map((line) => ({
      id: line.id.trim(),
      title: line.title.trim(),
      variantTitle: line.variantTitle ?? null,
      sku: line.sku ?? null,
      quantity: line.quantity,
      unitPrice: normalizeDecimal(line.unitPrice),
      productType: line.productType ?? null,
      tags: [...(line.tags ?? [])],
      // Only when given, so files without them store (and compare) exactly as before.
      ...(line.productId ? { productId: line.productId.trim() } : {}),
      ...(line.variantId ? { variantId: line.variantId.trim() } : {}),
    })),
  };
}

// jsonb gives keys back in its own order, so JSON is compared with keys sorted.
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

function sameOrder(row: OrderRow, existing: ExistingRow): boolean {
  return (
    row.name === existing.name &&
    row.email === existing.email &&
    row.customerName === existing.customerName &&
    row.phone === existing.phone &&
    row.currency === existing.currency &&
    row.totalPrice === existing.totalPrice.toFixed(2) &&
    row.processedAt.getTime() === existing.processedAt.getTime() &&
    (row.deliveredAt?.getTime() ?? null) === (existing.deliveredAt?.getTime() ?? null) &&
    row.note === existing.note &&
    canonical(row.lineItems) === canonical(existing.lineItems)
  );
}

// Rows travel as one jsonb parameter and are unpacked by Postgres: for 10,000 orders Prisma's
// createMany (one bind parameter a column a row) took 6.7 s on PGlite; this takes well under 1 s.
function toPayload(rows: readonly OrderRow[]): string {
  return JSON.stringify(
    rows.map((row) => ({
      ...row,
      processedAt: row.processedAt.toISOString(),
      deliveredAt: row.deliveredAt?.toISOString() ?? null,
    })),
  );
}

// Timestamps are UTC ISO strings; Prisma's DateTime columns are `timestamp(3)` holding UTC.
const RECORD = Prisma.sql`(
  "platformOrderId" text, "name" text, "email" text, "customerName" text, "phone" text, "currency" text,
  "totalPrice" numeric, "processedAt" timestamp(3), "deliveredAt" timestamp(3), "note" text,
  "lineItems" jsonb)`;

/** Inserts new orders; one another import added meanwhile is skipped, as `skipDuplicates` would. */
async function insertRows(client: DbClient, shopId: string, rows: OrderRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  return client.$executeRaw`
    INSERT INTO "demo_orders" ("id", "shopId", "platformOrderId", "name", "email", "customerName", "phone",
      "currency", "totalPrice", "processedAt", "deliveredAt", "note", "lineItems")
    SELECT gen_random_uuid(), ${shopId}::uuid, u."platformOrderId", u."name", u."email", u."customerName", u."phone",
      u."currency", u."totalPrice", u."processedAt", u."deliveredAt", u."note", u."lineItems"
    FROM jsonb_to_recordset(${toPayload(rows)}::jsonb) AS u${RECORD}
    ON CONFLICT DO NOTHING`;
}

async function updateRows(client: DbClient, shopId: string, rows: OrderRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  return client.$executeRaw`
    UPDATE "demo_orders" AS d SET
      "name" = u."name", "email" = u."email", "customerName" = u."customerName", "phone" = u."phone",
      "currency" = u."currency", "totalPrice" = u."totalPrice", "processedAt" = u."processedAt",
      "deliveredAt" = u."deliveredAt", "note" = u."note", "lineItems" = u."lineItems"
    FROM jsonb_to_recordset(${toPayload(rows)}::jsonb) AS u${RECORD}
    WHERE d."shopId" = ${shopId}::uuid AND d."platformOrderId" = u."platformOrderId"`;
}

async function importRows(client: DbClient, shopId: string, rows: OrderRow[]) {
  let created = 0;
  let updated = 0;
  for (let start = 0; start < rows.length; start += CHUNK_SIZE) {
    const chunk = rows.slice(start, start + CHUNK_SIZE);
    const existing: ExistingRow[] = await client.demoOrder.findMany({
      where: {
        shopId,
        OR: [
          { platformOrderId: { in: chunk.map((row) => row.platformOrderId) } },
          { name: { in: chunk.map((row) => row.name) } },
        ],
      },
      select: {
        platformOrderId: true,
        name: true,
        email: true,
        customerName: true,
        phone: true,
        currency: true,
        totalPrice: true,
        processedAt: true,
        deliveredAt: true,
        note: true,
        lineItems: true,
      },
    });
    const byId = new Map(existing.map((row) => [row.platformOrderId, row]));
    const idByName = new Map(existing.map((row) => [row.name, row.platformOrderId]));

    const toCreate: OrderRow[] = [];
    const toUpdate: OrderRow[] = [];
    for (const row of chunk) {
      const owner = idByName.get(row.name);
      // ON CONFLICT would silently skip such an order, so it is refused instead.
      if (owner !== undefined && owner !== row.platformOrderId) {
        throw new Error(
          `Order ${row.platformOrderId} is named ${row.name}, which order ${owner} of this shop already has`,
        );
      }
      const current = byId.get(row.platformOrderId);
      if (!current) toCreate.push(row);
      else if (!sameOrder(row, current)) toUpdate.push(row);
    }

    created += await insertRows(client, shopId, toCreate);
    updated += await updateRows(client, shopId, toUpdate);
  }
  return { created, updated };
}

// A transaction client can open nested transactions too, but it has no `$connect`.
function isRootClient(client: DbClient): client is PrismaClient {
  return "$connect" in client;
}

/** Upserts demo orders of a shop in bulk; a repeated import creates and changes nothing. */
export async function importDemoOrders(
  client: DbClient,
  shopId: string,
  orders: DemoOrderInput[],
): Promise<{ created: number; updated: number }> {
  const rows = orders.map(toRow);
  // A file is imported whole or not at all; inside a caller's transaction that one already holds.
  if (isRootClient(client)) {
    return client.$transaction((tx) => importRows(tx, shopId, rows), { timeout: 120_000 });
  }
  return importRows(client, shopId, rows);
}
