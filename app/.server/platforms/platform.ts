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
  /** The platform's product and variant ids of the line; absent when the product was deleted or the platform does not say. */
  productId?: string | null;
  variantId?: string | null;
};

/** A variant a shopper can exchange for, with what the store can ship of it now. */
export type PlatformVariant = {
  id: string;
  /** "L / White"; null for a product of one variant. */
  title: string | null;
  sku: string | null;
  price: Money;
  /** Units that can ship now (0 when out of stock; inventory the platform does not track counts as plenty). */
  available: number;
};

/** A product with its variants, as exchanges choose from it. */
export type PlatformProduct = { id: string; title: string; productType: string | null; tags: string[]; variants: PlatformVariant[] };

/** A replacement to ship for a returned line. */
export type PlatformReplacement = { lineItemId: string; productId: string; variantId: string; quantity: number; price: Money };

/** An exchange as the platform is asked to create it. */
export type PlatformExchangeInput = {
  order: PlatformOrder;
  lines: PlatformReturnLine[];
  replacements: PlatformReplacement[];
  /** The difference and how it is settled (`collect`: the shopper pays it). */
  difference: { amount: Money; settlement: "none" | "collect" | "store_credit" | "refund" };
  /** Ship at once (instant exchange) rather than when the return arrives. */
  instant: boolean;
  /** Stable per return, so a retried call cannot create a second exchange. */
  idempotencyKey: string;
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
  /**
   * Every phone number the order carries (the order's own, its customer's, its shipping and billing
   * addresses'), in E.164 without repeats: what a sender whose number a channel proved (WhatsApp)
   * is matched against. Empty when the order has none.
   */
  phones: string[];
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
   * The order with this number that carries this phone number (E.164) among its `phones`, or null:
   * a missing order and another number are the same answer, as for `findOrder`.
   */
  findOrderByPhone(orderNumber: string, phone: string): Promise<PlatformOrder | null>;
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
  /**
   * Opens the return on the platform when a request is made; returns the platform's return id, if it
   * has one. With `reconcile` (a retry: an earlier call may have opened it and lost the answer) the
   * platform's open requests on the order are searched first for one with the same lines, other than
   * those in `reconcile.taken` (held by other Dokani returns); one found is answered, `reconciled`, and
   * no second one is opened.
   */
  requestReturn(order: PlatformOrder, lines: PlatformReturnLine[], options?: { reconcile?: { taken: string[] } }): Promise<{ platformReturnId: string | null; reconciled?: boolean }>;
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
    /** For an exchange created with `createExchange`: its id, and how its difference is settled (`amount` is then the difference owed back, if any). */
    exchange?: { exchangeId: string; settlement: "none" | "collect" | "store_credit" | "refund"; difference: Money };
  }): Promise<{ refundId: string | null }>;
  /** The product with every variant and what can ship of each now; null when the store has no such product. */
  productVariants(productId: string): Promise<PlatformProduct | null>;
  /** Other products a shopper may exchange for (a policy of "any product"): those with a variant at or under `maxPrice`, at most `limit`. */
  exchangeProducts(options: { maxPrice: Money; currency: string; limit: number }): Promise<PlatformProduct[]>;
  /**
   * Creates the exchange once the return is approved: the returned lines, the replacements to ship
   * (held until the return arrives unless `instant`), and the difference owed. Returns the
   * platform's id of the exchange (Shopify: the return holding the exchange lines; WooCommerce: the
   * exchange order) and, on Shopify, the return that replaces the one opened at the request.
   */
  createExchange(input: PlatformExchangeInput): Promise<{ exchangeId: string; platformReturnId: string | null }>;
  /** Lets the replacement ship (the return arrived, or the exchange is instant). Repeating it changes nothing. */
  releaseExchange(input: { exchangeId: string; order: PlatformOrder }): Promise<void>;
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
