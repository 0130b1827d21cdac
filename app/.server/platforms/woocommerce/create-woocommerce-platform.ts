import { z } from "zod";
import { normalisePhone } from "../../contacts/identities";
import { orderPhones } from "../order-phones";
import { PlatformError, type Platform, type PlatformOrder, type PlatformProduct, type PlatformReturnLine } from "../platform";
import { formatCents, parseCents } from "../../money";
import { allocateRefund } from "./refund-lines";
import type { WooClient } from "./woo-client";

/**
 * The Platform of a WooCommerce store, over its REST API (v3). WooCommerce has no return objects:
 * a request, an approval and a decline are order notes (private, `customer_note: false`), and
 * completing a refund is a WooCommerce refund (`POST /orders/{id}/refunds`) that moves money only
 * when the merchant chose gateway refunds (`api_refund`). Store credit and exchanges are recorded as
 * notes and move no money in WooCommerce. The refund carries the return's idempotency key in its
 * reason and metadata, and the order's refunds are read first, so a retried sync never refunds twice.
 */

const wooMoney = z.union([z.string(), z.number()]).transform(String);
const wooDate = z
  .string()
  .nullable()
  .optional()
  .transform((value) => (value ? new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`) : null));

const WooLineItem = z.object({
  id: z.number(),
  name: z.string(),
  quantity: z.number(),
  sku: z.string().nullable().optional(),
  product_id: z.number().optional(),
  variation_id: z.number().optional(),
  total: wooMoney,
  total_tax: wooMoney.optional().default("0"),
  meta_data: z.array(z.object({ key: z.string(), value: z.unknown(), display_key: z.string().optional(), display_value: z.unknown().optional() })).optional().default([]),
});

export const WooOrderSchema = z.object({
  id: z.number(),
  number: z.union([z.string(), z.number()]).transform(String),
  status: z.string(),
  currency: z.string(),
  date_created_gmt: wooDate,
  date_paid_gmt: wooDate,
  date_completed_gmt: wooDate,
  total: wooMoney,
  customer_note: z.string().nullable().optional(),
  billing: z.object({
    email: z.string().nullable().optional(),
    first_name: z.string().nullable().optional(),
    last_name: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
    country: z.string().nullable().optional(),
  }),
  // `shipping.phone` exists since WooCommerce 5.6; older stores leave it out.
  shipping: z.object({ phone: z.string().nullable().optional(), country: z.string().nullable().optional() }).nullable().optional(),
  line_items: z.array(WooLineItem),
});
export type WooOrder = z.infer<typeof WooOrderSchema>;

export const WooRefundSchema = z.object({
  id: z.number(),
  amount: wooMoney,
  reason: z.string().nullable().optional(),
  meta_data: z.array(z.object({ key: z.string(), value: z.unknown() })).optional().default([]),
  line_items: z
    .array(z.object({ quantity: z.number(), meta_data: z.array(z.object({ key: z.string(), value: z.unknown() })).optional().default([]) }))
    .optional()
    .default([]),
});
export type WooRefund = z.infer<typeof WooRefundSchema>;

const WooStock = {
  price: wooMoney,
  sku: z.string().nullable().optional(),
  manage_stock: z.union([z.boolean(), z.literal("parent")]).optional(),
  stock_quantity: z.number().nullable().optional(),
  stock_status: z.string().optional(),
};
const WooProductSchema = z.object({ id: z.number(), name: z.string(), type: z.string(), status: z.string(), tags: z.array(z.object({ name: z.string() })).optional().default([]), ...WooStock });
const WooVariationSchema = z.object({ id: z.number(), attributes: z.array(z.object({ name: z.string(), option: z.string() })).optional().default([]), ...WooStock });
const WooOrderRefSchema = z.object({ id: z.number(), status: z.string(), meta_data: z.array(z.object({ key: z.string(), value: z.unknown() })).optional().default([]) });
const WooCouponSchema = z.object({ id: z.number(), code: z.string(), amount: wooMoney });

// A variant whose stock WooCommerce does not manage can always ship while "instock".
const UNLIMITED = 9_999;
const EXCHANGE_META = "_dokani_exchange";

function availableOf(item: { manage_stock?: boolean | "parent"; stock_quantity?: number | null; stock_status?: string }): number {
  if (item.stock_status === "outofstock") return 0;
  if (item.manage_stock === true || item.manage_stock === "parent") return Math.max(0, item.stock_quantity ?? 0);
  return item.stock_status === "instock" || item.stock_status === "onbackorder" ? UNLIMITED : 0;
}

/** Orders that never became a sale, or were taken back whole, are not found by a return lookup. */
const NOT_RETURNABLE_STATUSES = new Set(["pending", "failed", "checkout-draft", "trash", "cancelled", "draft", "auto-draft"]);

const IDEMPOTENCY_META = "_dokani_idempotency_key";

export type WooPlatformOptions = {
  client: WooClient;
  /** Refund through the payment gateway (`api_refund: true`); by default the merchant pays back by hand. */
  gatewayRefunds: boolean;
};

function parse<T extends z.ZodType>(schema: T, data: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new PlatformError(`The store answered ${what} in a form Dokani does not understand.`, { retryable: false, cause: parsed.error });
  return parsed.data;
}

function variantTitle(line: WooOrder["line_items"][number]): string | null {
  // Variation attributes are the visible (not underscore) metadata WooCommerce puts on the line.
  const parts = line.meta_data.filter((m) => !m.key.startsWith("_") && (typeof m.value === "string" || typeof m.value === "number")).map((m) => String(m.display_value ?? m.value));
  return parts.length ? parts.join(" / ") : null;
}

/** Cents of a WooCommerce amount: its totals carry the store's internal precision, cut at the cent. */
function wooCents(value: string | number): number {
  return parseCents(String(value).trim(), "truncate");
}

/** Like `wooCents`, but NaN for something that is not an amount, for a check that answers in the platform's words. */
function wooCentsOrNaN(value: string): number {
  try {
    return wooCents(value);
  } catch {
    return Number.NaN;
  }
}

/** Order statuses of an order that has not been sent yet (paid or awaiting payment). */
const NOT_SHIPPED_STATUSES = new Set(["pending", "processing", "on-hold"]);

/** The Platform view of a WooCommerce order; a line's unit price is what the shopper paid for one unit, tax included. */
export function toPlatformOrder(order: WooOrder): PlatformOrder {
  const name = [order.billing.first_name, order.billing.last_name].filter(Boolean).join(" ").trim();
  return {
    id: String(order.id),
    name: `#${order.number}`,
    email: (order.billing.email ?? "").toLowerCase(),
    customerName: name || null,
    currency: order.currency.toUpperCase(),
    totalPrice: formatCents(wooCents(order.total)),
    processedAt: order.date_paid_gmt ?? order.date_created_gmt ?? new Date(0),
    // WooCommerce knows no delivery; "completed" is the closest it says, and the window starts there.
    deliveredAt: order.status === "completed" || order.status === "refunded" ? order.date_completed_gmt : null,
    note: order.customer_note || null,
    // Stores often keep numbers as the shopper typed them, nationally: the address's country places them.
    phones: orderPhones([
      { phone: order.billing.phone, country: order.billing.country },
      { phone: order.shipping?.phone, country: order.shipping?.country || order.billing.country },
    ]),
    lineItems: order.line_items
      .filter((line) => line.quantity > 0)
      .map((line) => ({
        id: String(line.id),
        title: line.name,
        variantTitle: variantTitle(line),
        sku: line.sku || null,
        quantity: line.quantity,
        unitPrice: formatCents(Math.floor((wooCents(line.total) + wooCents(line.total_tax)) / line.quantity)),
        productType: null,
        tags: [],
        productId: line.product_id ? String(line.product_id) : null,
        variantId: line.variation_id ? String(line.variation_id) : line.product_id ? String(line.product_id) : null,
        // An order still being prepared has shipped nothing; WooCommerce tells no more than that.
        deliveryStatus: NOT_SHIPPED_STATUSES.has(order.status) ? ("not_shipped" as const) : ("delivered" as const),
      })),
  };
}

function describeLines(order: PlatformOrder, lines: PlatformReturnLine[]): string {
  return lines
    .map((line) => {
      const item = order.lineItems.find((l) => l.id === line.lineItemId);
      return `${line.quantity} × ${item?.title ?? `item ${line.lineItemId}`} (${line.reason.replace(/_/g, " ")})`;
    })
    .join(", ");
}

function refundedByLine(refunds: WooRefund[]): Map<string, number> {
  const refunded = new Map<string, number>();
  for (const refund of refunds) {
    for (const line of refund.line_items) {
      const original = line.meta_data.find((m) => m.key === "_refunded_item_id")?.value;
      if (original === undefined || original === null) continue;
      // Refund lines count negative quantities.
      refunded.set(String(original), (refunded.get(String(original)) ?? 0) + Math.abs(line.quantity));
    }
  }
  return refunded;
}

/** The Platform of one WooCommerce store. */
export function createWooCommercePlatform(options: WooPlatformOptions): Platform {
  const { client } = options;

  async function listRefunds(orderId: string): Promise<WooRefund[]> {
    const refunds: WooRefund[] = [];
    for (let page = 1; page <= 20; page++) {
      const response = await client.get<unknown[]>(`orders/${orderId}/refunds`, { per_page: 100, page });
      refunds.push(...parse(z.array(WooRefundSchema), response.data, "the order's refunds"));
      if (!response.totalPages || page >= response.totalPages) break;
    }
    return refunds;
  }

  async function addNote(order: PlatformOrder, note: string) {
    await client.post(`orders/${order.id}/notes`, { note, customer_note: false });
  }

  async function getProduct(productId: string): Promise<PlatformProduct | null> {
    if (!/^\d+$/.test(productId)) return null;
    let product: z.infer<typeof WooProductSchema>;
    try {
      product = parse(WooProductSchema, (await client.get(`products/${productId}`)).data, "a product");
    } catch (error) {
      if (error instanceof PlatformError && !error.retryable && error.userErrors.some((e) => e.code === "woocommerce_rest_product_invalid_id")) return null;
      throw error;
    }
    const base = { id: String(product.id), title: product.name, productType: null, tags: product.tags.map((t) => t.name) };
    if (product.type !== "variable") {
      return { ...base, variants: [{ id: String(product.id), title: null, sku: product.sku || null, price: formatCents(wooCents(product.price)), available: product.status === "publish" ? availableOf(product) : 0 }] };
    }
    const variations = parse(z.array(WooVariationSchema), (await client.get<unknown[]>(`products/${productId}/variations`, { per_page: 100 })).data, "a product's variations");
    return {
      ...base,
      variants: variations.map((v) => ({
        id: String(v.id),
        title: v.attributes.map((a) => a.option).join(" / ") || null,
        sku: v.sku || null,
        price: formatCents(wooCents(v.price)),
        available: product.status === "publish" ? availableOf(v) : 0,
      })),
    };
  }

  async function getOrder(orderId: string): Promise<WooOrder | null> {
    try {
      return parse(WooOrderSchema, (await client.get(`orders/${orderId}`)).data, "an order");
    } catch (error) {
      if (error instanceof PlatformError && !error.retryable && error.userErrors.some((e) => e.code === "woocommerce_rest_shop_order_invalid_id")) return null;
      throw error;
    }
  }

  /** The returnable order with this number for which `proves` holds (its email or its phone is the shopper's), or null. */
  async function findNumbered(orderNumber: string, proves: (order: WooOrder) => boolean): Promise<WooOrder | null> {
    const number = orderNumber.trim().replace(/^#/, "");
    if (!number || !/^[A-Za-z0-9-]{1,32}$/.test(number)) return null;
    const matches = (order: WooOrder) => order.number.toLowerCase() === number.toLowerCase() && proves(order) && !NOT_RETURNABLE_STATUSES.has(order.status);
    const found = await client.get<unknown[]>("orders", { search: number, per_page: 20 });
    const candidates = parse(z.array(WooOrderSchema), found.data, "an order search");
    let order = candidates.find(matches);
    // Stores without a sequential-numbers plugin number orders by id, which search may not match.
    if (!order && /^\d+$/.test(number)) {
      const byId = await getOrder(number);
      if (byId && matches(byId)) order = byId;
    }
    return order ?? null;
  }

  return {
    kind: "woocommerce",

    async findOrder(orderNumber, email) {
      const wanted = email.trim().toLowerCase();
      if (!wanted) return null;
      const order = await findNumbered(orderNumber, (o) => (o.billing.email ?? "").trim().toLowerCase() === wanted);
      return order ? toPlatformOrder(order) : null;
    },

    async findOrderByPhone(orderNumber, phone) {
      const wanted = normalisePhone(phone);
      if (!wanted) return null;
      const order = await findNumbered(orderNumber, (o) => toPlatformOrder(o).phones.includes(wanted));
      return order ? toPlatformOrder(order) : null;
    },

    async returnableQuantities(order) {
      const refunded = refundedByLine(await listRefunds(order.id));
      return Object.fromEntries(order.lineItems.map((line) => [line.id, Math.max(0, line.quantity - (refunded.get(line.id) ?? 0))]));
    },

    async requestReturn(order, lines) {
      if (lines.length === 0) throw new PlatformError("A return needs at least one item.", { retryable: false });
      await addNote(order, `Dokani: the customer asked to return ${describeLines(order, lines)}.`);
      // WooCommerce has no return object to name.
      return { platformReturnId: null };
    },

    async approveReturn(_platformReturnId, order) {
      await addNote(order, "Dokani: the return request was approved.");
    },

    async declineReturn(_platformReturnId, order, reason) {
      await addNote(order, `Dokani: the return request was declined. ${reason}`.trim());
    },

    async productVariants(productId) {
      return getProduct(productId);
    },

    async exchangeProducts({ maxPrice, limit }) {
      const listed = parse(z.array(WooProductSchema), (await client.get<unknown[]>("products", { status: "publish", max_price: maxPrice, per_page: Math.min(50, limit) })).data, "the products");
      const products: PlatformProduct[] = [];
      for (const p of listed) {
        const product = await getProduct(String(p.id));
        if (product && product.variants.some((v) => v.available > 0 && parseCents(v.price) <= parseCents(maxPrice))) products.push(product);
      }
      return products;
    },

    // An exchange order linked to the original (parent_id): WooCommerce reduces its stock when it is on hold or processing.
    async createExchange(input) {
      const { order, replacements } = input;
      if (replacements.length === 0) throw new PlatformError("An exchange needs at least one replacement.", { retryable: false });
      // Step 1: an exchange order made by an earlier try is the answer.
      const children = parse(z.array(WooOrderRefSchema), (await client.get<unknown[]>("orders", { parent: order.id, per_page: 50 })).data, "the order's exchange orders");
      const earlier = children.find((child) => child.meta_data.some((m) => m.key === EXCHANGE_META && m.value === input.idempotencyKey));
      if (earlier) return { exchangeId: String(earlier.id), platformReturnId: null };
      // Step 2: stock now; WooCommerce itself would sell below zero.
      for (const r of replacements) {
        const product = await getProduct(r.productId);
        const variant = product?.variants.find((v) => v.id === r.variantId);
        if (!product || !variant) throw new PlatformError(`The store no longer sells the replacement ${r.variantId}.`, { retryable: false });
        if (variant.available < r.quantity) {
          throw new PlatformError(`${product.title}${variant.title ? ` (${variant.title})` : ""} is out of stock.`, { retryable: false, userErrors: [{ field: ["line_items", r.variantId], message: "out of stock", code: "out_of_stock" }] });
        }
      }
      const fresh = await getOrder(order.id);
      if (!fresh) throw new PlatformError(`The order ${order.name} is no longer on the store.`, { retryable: false });
      // Step 3: the order, its total the difference the shopper pays (or nothing), spread over its lines.
      const collect = input.difference.settlement === "collect" ? parseCents(input.difference.amount) : 0;
      const values = replacements.map((r) => parseCents(r.price) * r.quantity);
      const totalValue = values.reduce((a, b) => a + b, 0);
      let left = collect;
      const lineItems = replacements.map((r, i) => {
        const share = i === replacements.length - 1 ? left : totalValue > 0 ? Math.floor((collect * values[i]!) / totalValue) : 0;
        left -= share;
        const productIsVariant = r.productId === r.variantId;
        return { product_id: Number(r.productId), ...(productIsVariant ? {} : { variation_id: Number(r.variantId) }), quantity: r.quantity, subtotal: formatCents(values[i]!), total: formatCents(share) };
      });
      const created = await client.post<unknown>("orders", {
        parent_id: Number(order.id),
        status: input.instant ? "processing" : "on-hold",
        currency: fresh.currency,
        billing: { email: order.email, first_name: fresh.billing.first_name ?? "", last_name: fresh.billing.last_name ?? "" },
        line_items: lineItems,
        set_paid: collect === 0,
        customer_note: collect > 0 ? `Exchange for order ${order.name}: ${formatCents(collect)} ${order.currency} to pay for the difference.` : `Exchange for order ${order.name}.`,
        meta_data: [
          { key: EXCHANGE_META, value: input.idempotencyKey },
          { key: "_dokani_original_order", value: order.id },
        ],
      });
      const exchange = parse(WooOrderRefSchema, created.data, "the exchange order");
      await addNote(order, `Dokani: exchange order #${exchange.id} created for this return${input.instant ? " (ships now)" : " (on hold until the return arrives)"}.`);
      return { exchangeId: String(exchange.id), platformReturnId: null };
    },

    async releaseExchange({ exchangeId }) {
      const current = parse(WooOrderRefSchema, (await client.get(`orders/${exchangeId}`)).data, "the exchange order");
      if (current.status !== "on-hold") return;
      // WooCommerce takes an update by POST as well as PUT (its routes are EDITABLE).
      await client.post(`orders/${exchangeId}`, { status: "processing" });
    },

    async processReturn(input) {
      const { order, lines, idempotencyKey } = input;
      // An exchange's difference comes back as money or as credit, as its policy said.
      const mode =
        input.resolution === "exchange"
          ? input.exchange && parseCents(input.amount) > 0 && (input.exchange.settlement === "refund" || input.exchange.settlement === "store_credit")
            ? input.exchange.settlement
            : "exchange"
          : input.resolution;
      if (mode === "store_credit") {
        // Store credit is a single-use coupon for this shopper's email; WooCommerce emails them the customer note with its code.
        const code = `DOKANI-${idempotencyKey.replace(/[^A-Za-z0-9]/g, "").slice(-10).toUpperCase()}`;
        const existing = parse(z.array(WooCouponSchema), (await client.get<unknown[]>("coupons", { code })).data, "the coupons");
        const coupon =
          existing.find((c) => c.code.toUpperCase() === code) ??
          parse(
            WooCouponSchema,
            (
              await client.post<unknown>("coupons", {
                code,
                discount_type: "fixed_cart",
                amount: input.amount,
                email_restrictions: [order.email],
                usage_limit: 1,
                individual_use: false,
                description: `Store credit for the return of ${describeLines(order, lines)} on order ${order.name}`.slice(0, 500),
                meta_data: [{ key: IDEMPOTENCY_META, value: idempotencyKey }],
              })
            ).data,
            "the store-credit coupon",
          );
        if (!existing.length) {
          await client.post(`orders/${order.id}/notes`, {
            note: `Your store credit of ${input.amount} ${input.currency} for your return is ready: use the code ${coupon.code} at checkout.`,
            customer_note: true,
          });
        }
        return { refundId: `coupon-${coupon.id}` };
      }
      if (mode !== "refund") {
        const what = input.resolution === "store_credit" ? `store credit of ${input.amount} ${input.currency}` : "an exchange";
        await addNote(order, `Dokani: the return of ${describeLines(order, lines)} was completed with ${what}. No money was refunded in WooCommerce. (${idempotencyKey})`);
        return { refundId: null };
      }
      // Step 1, checks: a refund this return already made is the answer, not a second refund.
      const refunds = await listRefunds(order.id);
      const earlier = refunds.find((refund) => (refund.reason ?? "").includes(idempotencyKey) || refund.meta_data.some((m) => m.key === IDEMPOTENCY_META && m.value === idempotencyKey));
      if (earlier) return { refundId: String(earlier.id) };
      const fresh = await getOrder(order.id);
      if (!fresh) throw new PlatformError(`The order ${order.name} is no longer on the store.`, { retryable: false });
      if (fresh.currency.toUpperCase() !== input.currency.toUpperCase()) {
        throw new PlatformError(`The refund is in ${input.currency} but the order is in ${fresh.currency}.`, { retryable: false });
      }
      const amountCents = wooCentsOrNaN(input.amount);
      if (!Number.isFinite(amountCents) || amountCents <= 0) throw new PlatformError(`A refund of ${input.amount} is not possible.`, { retryable: false });
      const refunded = refundedByLine(refunds);
      // The merchant's review may refund fewer units than came back; lines refunded none are left out.
      const reviewed = lines.map((line) => ({ ...line, quantity: line.refundQuantity ?? line.quantity })).filter((line) => line.quantity > 0);
      const refundLines = reviewed.map((line) => {
        const item = fresh.line_items.find((l) => String(l.id) === line.lineItemId);
        if (!item) throw new PlatformError(`The order ${order.name} has no item ${line.lineItemId} any more.`, { retryable: false });
        if (line.quantity > item.quantity - (refunded.get(line.lineItemId) ?? 0)) {
          throw new PlatformError(`Only ${item.quantity - (refunded.get(line.lineItemId) ?? 0)} of ${item.name} can still be refunded on the store.`, { retryable: false });
        }
        const unitGross = Math.floor((wooCents(item.total) + wooCents(item.total_tax)) / item.quantity);
        const unitTax = Math.floor(wooCents(item.total_tax) / item.quantity);
        return { id: line.lineItemId, quantity: line.quantity, grossCents: unitGross * line.quantity, taxCents: unitTax * line.quantity };
      });
      // One refund restocks all its lines or none; a return that keeps some items out of stock restocks none.
      const apiRestock = reviewed.every((line) => line.restock ?? true);
      // Step 2, last: the call that moves money (or records that the merchant will).
      const created = await client.post<unknown>(`orders/${order.id}/refunds`, {
        amount: input.amount,
        reason: `Dokani return ${idempotencyKey}: ${describeLines(order, reviewed)}`.slice(0, 500),
        line_items: allocateRefund(amountCents, refundLines),
        api_refund: options.gatewayRefunds,
        api_restock: apiRestock,
        meta_data: [{ key: IDEMPOTENCY_META, value: idempotencyKey }],
      });
      return { refundId: String(parse(WooRefundSchema, created.data, "the refund").id) };
    },
  };
}
