import { z } from "zod";
import type { PrismaClient } from "../../db.server";
import { normalisePhone } from "../../contacts/identities";
import { orderPhones } from "../order-phones";
import { PlatformError, type Platform, type PlatformOrder, type PlatformProduct, type PlatformReturnLine } from "../platform";
import { uuidV5 } from "./uuid-v5";

/**
 * The demo platform: orders are rows of `demo_orders` (written by `importDemoOrders`), and there is
 * no store behind them, so returns change nothing anywhere. Its return and refund ids are still
 * stable, derived from what was asked, so a retried sync records the same ids as the first try.
 */

// The JSON `importDemoOrders` stores; read back through zod because jsonb is only as good as its writer.
const storedLineItems = z.array(
  z.object({
    id: z.string().min(1),
    title: z.string(),
    variantTitle: z.string().nullable(),
    sku: z.string().nullable(),
    quantity: z.number().int().positive(),
    unitPrice: z.string().regex(/^\d+\.\d{2}$/),
    productType: z.string().nullable(),
    tags: z.array(z.string()),
    productId: z.string().optional(),
    variantId: z.string().optional(),
  }),
);

type VariantRow = { productId: string; productTitle: string; productType: string | null; tags: string[]; variantId: string; title: string; sku: string | null; price: { toFixed(n: number): string }; inventory: number };

function toProducts(rows: VariantRow[]): PlatformProduct[] {
  const byId = new Map<string, PlatformProduct>();
  for (const row of rows) {
    let product = byId.get(row.productId);
    if (!product) {
      product = { id: row.productId, title: row.productTitle, productType: row.productType, tags: row.tags, variants: [] };
      byId.set(row.productId, product);
    }
    product.variants.push({ id: row.variantId, title: row.title === "One size" || row.title === "Default" ? null : row.title, sku: row.sku, price: row.price.toFixed(2), available: row.inventory });
  }
  return [...byId.values()];
}

/** A demo order with the catalogue's ids of its SKU-only lines, as one statement reads it. */
type DemoOrderRow = {
  platformOrderId: string;
  name: string;
  email: string;
  phone: string | null;
  customerName: string | null;
  currency: string;
  totalPrice: string;
  processedAt: Date;
  deliveredAt: Date | null;
  note: string | null;
  lineItems: unknown;
  variants: Array<{ sku: string | null; productId: string; variantId: string }>;
};

function normalizeName(orderNumber: string): string | null {
  const trimmed = orderNumber.trim();
  if (!trimmed || trimmed === "#") return null;
  return trimmed.startsWith("#") ? trimmed : `#${trimmed}`;
}

function canonicalLines(lines: PlatformReturnLine[]): string {
  return lines
    .map((line) => `${line.lineItemId}:${line.quantity}:${line.reason}`)
    .sort()
    .join(",");
}

/** The Platform of a demo shop, reading its orders from Dokani's own database. */
export function createDemoPlatform(client: PrismaClient, shopId: string): Platform {
  /** The order named `name` and the catalogue's ids of its SKU-only lines, in one statement: a lookup is on the shopper's path. */
  async function readOrder(name: string): Promise<DemoOrderRow | undefined> {
    const [row] = await client.$queryRaw<DemoOrderRow[]>`
      SELECT o."platformOrderId", o."name", o."email", o."phone", o."customerName", o."currency", o."totalPrice"::text AS "totalPrice",
             o."processedAt", o."deliveredAt", o."note", o."lineItems",
             COALESCE((
               SELECT json_agg(json_build_object('sku', v."sku", 'productId', v."productId", 'variantId', v."variantId"))
               FROM "demo_variants" v
               WHERE v."shopId" = o."shopId" AND v."sku" IN (
                 SELECT l->>'sku' FROM jsonb_array_elements(CASE WHEN jsonb_typeof(o."lineItems") = 'array' THEN o."lineItems" ELSE '[]'::jsonb END) l
                 WHERE l->>'variantId' IS NULL AND l->>'sku' IS NOT NULL)
             ), '[]'::json) AS "variants"
      FROM "demo_orders" o WHERE o."shopId" = ${shopId}::uuid AND o."name" = ${name}`;
    return row;
  }

  /** A stored demo order as the platform gives it. */
  function toOrder(row: DemoOrderRow): PlatformOrder {
    const lineItems = storedLineItems.safeParse(row.lineItems);
    if (!lineItems.success) {
      throw new PlatformError(`Demo order ${row.name} has line items Dokani cannot read.`, { retryable: false, cause: lineItems.error });
    }
    // Lines of files without product ids are matched to the catalogue by SKU.
    const bySku = new Map<string, { productId: string; variantId: string }>();
    for (const v of row.variants) if (v.sku) bySku.set(v.sku, { productId: v.productId, variantId: v.variantId });
    return {
      id: row.platformOrderId,
      name: row.name,
      email: row.email,
      customerName: row.customerName,
      currency: row.currency,
      totalPrice: row.totalPrice,
      processedAt: row.processedAt,
      deliveredAt: row.deliveredAt,
      note: row.note,
      phones: orderPhones([{ phone: row.phone }]),
      // A demo parcel without a delivery date is still travelling.
      lineItems: lineItems.data.map((line) => {
        const ids = line.variantId ? { productId: line.productId ?? null, variantId: line.variantId } : line.sku ? bySku.get(line.sku) : undefined;
        return { ...line, productId: ids?.productId ?? null, variantId: ids?.variantId ?? null, deliveryStatus: row.deliveredAt ? ("delivered" as const) : ("in_transit" as const) };
      }),
    };
  }

  return {
    kind: "demo",

    async findOrder(orderNumber, email) {
      const name = normalizeName(orderNumber);
      const wanted = email.trim().toLowerCase();
      if (!name || !wanted) return null;
      const row = await readOrder(name);
      if (!row || row.email.toLowerCase() !== wanted) return null;
      return toOrder(row);
    },

    async findOrderByPhone(orderNumber, phone) {
      const name = normalizeName(orderNumber);
      const wanted = normalisePhone(phone);
      if (!name || !wanted) return null;
      const row = await readOrder(name);
      if (!row || normalisePhone(row.phone) !== wanted) return null;
      return toOrder(row);
    },

    // Nothing is refunded or returned outside Dokani in the demo: every ordered unit may come back.
    async returnableQuantities(order) {
      return Object.fromEntries(order.lineItems.map((line) => [line.id, line.quantity]));
    },

    // The interface gives no key here, so the id is derived from the request itself.
    async requestReturn(order, lines) {
      if (lines.length === 0) throw new PlatformError("A return needs at least one item.", { retryable: false });
      return { platformReturnId: `demo-return-${uuidV5(`${shopId}|${order.id}|request|${canonicalLines(lines)}`)}` };
    },

    async approveReturn() {},

    async declineReturn() {},

    async processReturn(input) {
      // An exchange moves no money unless a difference comes back to the shopper.
      if (input.resolution === "exchange" && (!input.exchange || input.exchange.settlement === "none" || input.exchange.settlement === "collect")) return { refundId: null };
      return { refundId: `demo-refund-${uuidV5(`${shopId}|refund|${input.idempotencyKey}`)}` };
    },

    async productVariants(productId) {
      const rows = await client.demoVariant.findMany({ where: { shopId, productId }, orderBy: { position: "asc" } });
      return toProducts(rows)[0] ?? null;
    },

    async exchangeProducts({ maxPrice, limit }) {
      const ids = await client.demoVariant.findMany({
        where: { shopId, price: { lte: maxPrice }, inventory: { gt: 0 } },
        distinct: ["productId"],
        select: { productId: true },
        orderBy: { productId: "asc" },
        take: limit,
      });
      if (ids.length === 0) return [];
      const rows = await client.demoVariant.findMany({ where: { shopId, productId: { in: ids.map((i) => i.productId) } }, orderBy: [{ productId: "asc" }, { position: "asc" }] });
      return toProducts(rows);
    },

    // The exchange is an order of its own in the demo: stock is taken once, and a retry finds the order made.
    async createExchange(input) {
      const { order, replacements } = input;
      if (replacements.length === 0) throw new PlatformError("An exchange needs at least one replacement.", { retryable: false });
      const exchangeId = `demo-exchange-${uuidV5(`${shopId}|exchange|${input.idempotencyKey}`)}`;
      const name = `${order.name}-EX-${exchangeId.slice(-6)}`;
      await client.$transaction(async (tx) => {
        if (await tx.demoOrder.findUnique({ where: { shopId_platformOrderId: { shopId, platformOrderId: exchangeId } } })) return;
        const lines = [];
        for (const r of replacements) {
          const taken = await tx.demoVariant.updateMany({ where: { shopId, variantId: r.variantId, inventory: { gte: r.quantity } }, data: { inventory: { decrement: r.quantity } } });
          const variant = await tx.demoVariant.findUnique({ where: { shopId_variantId: { shopId, variantId: r.variantId } } });
          if (taken.count === 0 || !variant) {
            throw new PlatformError(`${variant ? `${variant.productTitle} (${variant.title})` : `Variant ${r.variantId}`} is out of stock.`, {
              retryable: false,
              userErrors: [{ field: ["replacements", r.variantId], message: "out of stock", code: "INSUFFICIENT_INVENTORY" }],
            });
          }
          lines.push({ id: `${exchangeId}-${r.lineItemId}`, title: variant.productTitle, variantTitle: variant.title, sku: variant.sku, quantity: r.quantity, unitPrice: variant.price.toFixed(2), productType: variant.productType, tags: variant.tags, productId: variant.productId, variantId: variant.variantId });
        }
        await tx.demoOrder.create({
          data: {
            shopId,
            platformOrderId: exchangeId,
            name,
            email: order.email,
            customerName: order.customerName,
            currency: order.currency,
            totalPrice: input.difference.settlement === "collect" ? input.difference.amount : "0.00",
            processedAt: new Date(),
            note: `Exchange for ${order.name}${input.instant ? " (instant: ships now)" : " (ships when the return arrives)"}`,
            lineItems: lines,
          },
        });
      });
      return { exchangeId, platformReturnId: null };
    },

    async releaseExchange({ exchangeId }) {
      const row = await client.demoOrder.findUnique({ where: { shopId_platformOrderId: { shopId, platformOrderId: exchangeId } } });
      if (!row) throw new PlatformError(`The demo store has no exchange ${exchangeId}.`, { retryable: false });
      if (row.note?.includes("released")) return;
      await client.demoOrder.update({ where: { id: row.id }, data: { note: `${row.note ?? ""} · released to ship`.trim() } });
    },
  };
}
