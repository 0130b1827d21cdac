import { z } from "zod";
import type { PrismaClient } from "../../db.server";
import { PlatformError, type Platform, type PlatformOrder, type PlatformReturnLine } from "../platform";
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
  }),
);

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
  return {
    kind: "demo",

    async findOrder(orderNumber, email) {
      const name = normalizeName(orderNumber);
      const wanted = email.trim().toLowerCase();
      if (!name || !wanted) return null;
      const row = await client.demoOrder.findUnique({ where: { shopId_name: { shopId, name } } });
      if (!row || row.email.toLowerCase() !== wanted) return null;
      const lineItems = storedLineItems.safeParse(row.lineItems);
      if (!lineItems.success) {
        throw new PlatformError(`Demo order ${row.name} has line items Dokani cannot read.`, { retryable: false, cause: lineItems.error });
      }
      const order: PlatformOrder = {
        id: row.platformOrderId,
        name: row.name,
        email: row.email,
        customerName: row.customerName,
        currency: row.currency,
        totalPrice: row.totalPrice.toFixed(2),
        processedAt: row.processedAt,
        deliveredAt: row.deliveredAt,
        note: row.note,
        // A demo parcel without a delivery date is still travelling.
        lineItems: lineItems.data.map((line) => ({ ...line, deliveryStatus: row.deliveredAt ? ("delivered" as const) : ("in_transit" as const) })),
      };
      return order;
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
      // An exchange moves no money, so there is no refund to name.
      if (input.resolution === "exchange") return { refundId: null };
      return { refundId: `demo-refund-${uuidV5(`${shopId}|refund|${input.idempotencyKey}`)}` };
    },
  };
}
