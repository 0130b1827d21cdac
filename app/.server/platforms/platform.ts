import type { Money, Resolution, ReturnReason } from "../returns/types";

/**
 * What Dokani needs from a commerce platform. Shopify (Admin GraphQL), WooCommerce (REST) and
 * demo stores (orders in Dokani's own database) each implement it; nothing outside
 * `app/.server/platforms/` knows which one it talks to.
 */

export type PlatformLineItem = {
  id: string;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  unitPrice: Money;
  productType: string | null;
  tags: string[];
  /**
   * Where the line's units are: `not_shipped` (not fulfilled yet), `in_transit` (shipped, not
   * arrived), `delivered`. Absent when the platform cannot tell; such a line counts as delivered.
   */
  deliveryStatus?: DeliveryStatus;
};

export type DeliveryStatus = "not_shipped" | "in_transit" | "delivered";

export type PlatformOrder = {
  /** The platform's own order id (Shopify: the numeric id, not the GID). */
  id: string;
  /** "#1001". */
  name: string;
  email: string;
  customerName: string | null;
  currency: string;
  totalPrice: Money;
  processedAt: Date;
  deliveredAt: Date | null;
  note: string | null;
  lineItems: PlatformLineItem[];
};

/**
 * One returned line; `restock` says whether the items go back to stock (absent: yes);
 * `refundQuantity` is how many of them the merchant's review refunds (absent: all).
 */
export type PlatformReturnLine = { lineItemId: string; quantity: number; reason: ReturnReason; note?: string; restock?: boolean; refundQuantity?: number };

export interface Platform {
  readonly kind: "shopify" | "woocommerce" | "demo";
  /**
   * The order with this number ("#1001" or "1001") whose email matches (case-insensitively), or
   * null: a missing order and a wrong email are the same answer.
   */
  findOrder(orderNumber: string, email: string): Promise<PlatformOrder | null>;
  /**
   * Why a lookup that found nothing may have missed a real order, in words for the merchant (Shopify
   * without `read_all_orders` sees only the last 60 days); null or absent when nothing limits lookups.
   */
  lookupLimitation?(): string | null;
  /**
   * How many of each line item the platform still allows back (ordered less refunded or already
   * returned there). Dokani subtracts its own open requests on top.
   */
  returnableQuantities(order: PlatformOrder): Promise<Record<string, number>>;
  /** Opens the return on the platform when a request is made; returns the platform's return id, if it has one. */
  requestReturn(order: PlatformOrder, lines: PlatformReturnLine[]): Promise<{ platformReturnId: string | null }>;
  approveReturn(platformReturnId: string | null, order: PlatformOrder): Promise<void>;
  declineReturn(platformReturnId: string | null, order: PlatformOrder, reason: string): Promise<void>;
  /** Items received: closes the return and issues the refund or store credit. Called last: it moves money. */
  processReturn(input: {
    platformReturnId: string | null;
    order: PlatformOrder;
    lines: PlatformReturnLine[];
    resolution: Resolution;
    amount: Money;
    currency: string;
    /** Stable per return, so a retried call cannot refund twice. */
    idempotencyKey: string;
  }): Promise<{ refundId: string | null }>;
}

/** A platform call that failed. `retryable` says whether the sync job should try again. */
export class PlatformError extends Error {
  readonly retryable: boolean;
  readonly userErrors: Array<{ field?: string[] | null; message: string; code?: string | null }>;
  constructor(message: string, options: { retryable: boolean; userErrors?: PlatformError["userErrors"]; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = "PlatformError";
    this.retryable = options.retryable;
    this.userErrors = options.userErrors ?? [];
  }
}
