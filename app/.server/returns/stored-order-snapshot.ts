import type { ReturnItem, ReturnRequest } from "../db.server";
import type { OrderSnapshot } from "./types";

/**
 * The order as a stored return remembers it, for deciding that return again (triage after a photo,
 * a policy backtest). It holds the returned lines only, which is all the engine reads of an order.
 */
export function storedOrderSnapshot(
  row: Pick<ReturnRequest, "platformOrderId" | "orderName" | "customerEmail" | "currency" | "orderTotal" | "orderProcessedAt" | "orderDeliveredAt"> & { items: ReturnItem[] },
): OrderSnapshot {
  return {
    id: row.platformOrderId,
    name: row.orderName,
    email: row.customerEmail,
    currency: row.currency,
    totalPrice: row.orderTotal.toFixed(2),
    processedAt: row.orderProcessedAt,
    deliveredAt: row.orderDeliveredAt,
    lineItems: row.items.map((item) => ({
      id: item.lineItemId,
      title: item.title,
      variantTitle: item.variantTitle,
      sku: item.sku,
      quantity: item.quantity,
      returnableQuantity: item.quantity,
      unitPrice: item.unitPrice.toFixed(2),
      productType: item.productType,
      tags: item.tags,
    })),
  };
}
