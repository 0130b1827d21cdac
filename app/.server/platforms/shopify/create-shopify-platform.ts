import { z } from "zod";
import { PlatformError, type DeliveryStatus, type Platform, type PlatformLineItem, type PlatformOrder, type PlatformProduct, type PlatformReturnLine } from "../platform";
import { createAdminClient, type RetryOptions } from "./admin-client";
import type { AdminGraphql } from "./admin-graphql";
import * as Q from "./shopify-queries";
import { shopifyCustomerNote, shopifyDecline, shopifyReturnReason } from "./shopify-reasons";
import { formatCents } from "../../money";
import { normalisePhone } from "../../contacts/identities";
import { orderPhones } from "../order-phones";
import { gidOf, numericId, shopifyCents, shopifyMoneySchema, toGid } from "./shopify-values";

/**
 * The Shopify adapter on the Admin GraphQL API (2026-07). Order and line item ids are Shopify's
 * numeric ids; return and refund ids are global ids (`gid://shopify/Return/…`), which is what the
 * return mutations take. Every answer is checked with zod before it is used.
 */

export type ShopifyPlatformOptions = {
  shopDomain: string;
  graphql: AdminGraphql;
  /** The access scopes the store granted (the offline session's `scope`, split on commas). */
  scopes: readonly string[];
  retry?: RetryOptions;
};

export type ShopifyPlatform = Platform & {
  readonly kind: "shopify";
  /** The store's myshopify.com domain, for logs and messages about this connection. */
  readonly shopDomain: string;
  /** Why a lookup that found nothing may have missed an older order, for the merchant; null when nothing limits lookups. */
  lookupLimitation(): string | null;
};

const LOOKUP_LIMITATION =
  "Dokani can only see this store's orders from the last 60 days, because the store has not granted it access to all orders " +
  "(the read_all_orders permission). Shoppers looking up an older order are told it was not found. Approve Dokani's updated " +
  "permissions in Shopify admin to let them start returns on older orders.";

const dateTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const money = z.object({ amount: shopifyMoneySchema, currencyCode: z.string() });
const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
const userErrors = z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string(), code: z.string().nullish() }));
const returnStatus = z.enum(["CANCELED", "CLOSED", "DECLINED", "OPEN", "REQUESTED"]);

// The phones an order carries; each may be absent (no customer, no address, no number on it).
const address = z.object({ phone: z.string().nullish(), countryCodeV2: z.string().nullish() }).nullish();
const orderPhoneFields = {
  phone: z.string().nullish(),
  shippingAddress: address,
  billingAddress: address,
};
const customerPhone = z.object({ defaultPhoneNumber: z.object({ phoneNumber: z.string() }).nullish() });

/** The order's phone numbers as Shopify holds them, in E.164. */
function shopifyOrderPhones(order: { phone?: string | null; customer?: z.infer<typeof customerPhone> | null; shippingAddress?: z.infer<typeof address>; billingAddress?: z.infer<typeof address> }): string[] {
  return orderPhones([
    { phone: order.phone, country: order.billingAddress?.countryCodeV2 ?? order.shippingAddress?.countryCodeV2 },
    { phone: order.customer?.defaultPhoneNumber?.phoneNumber, country: order.billingAddress?.countryCodeV2 ?? order.shippingAddress?.countryCodeV2 },
    { phone: order.shippingAddress?.phone, country: order.shippingAddress?.countryCodeV2 },
    { phone: order.billingAddress?.phone, country: order.billingAddress?.countryCodeV2 },
  ]);
}

const findOrdersSchema = z.object({
  orders: z.object({ nodes: z.array(z.object({ id: gidOf("Order"), name: z.string(), email: z.string().nullable(), ...orderPhoneFields, customer: customerPhone.nullish() })) }),
});

const orderDetailsSchema = z.object({
  order: z
    .object({
      id: gidOf("Order"),
      legacyResourceId: z.string().regex(/^\d+$/),
      name: z.string(),
      email: z.string().nullable(),
      note: z.string().nullable(),
      processedAt: dateTime,
      presentmentCurrencyCode: z.string().regex(/^[A-Z]{3}$/),
      customer: customerPhone.extend({ displayName: z.string() }).nullable(),
      ...orderPhoneFields,
      totalPriceSet: z.object({ presentmentMoney: money }),
      fulfillments: z.array(z.object({ status: z.string(), displayStatus: z.string().nullable().optional(), deliveredAt: dateTime.nullable() })),
      shipments: z
        .array(
          z.object({
            status: z.string(),
            fulfillmentLineItems: z.object({ pageInfo: z.object({ hasNextPage: z.boolean() }), nodes: z.array(z.object({ lineItem: z.object({ id: gidOf("LineItem") }) })) }),
          }),
        )
        .optional(),
      lineItems: z.object({
        pageInfo,
        nodes: z.array(
          z.object({
            id: gidOf("LineItem"),
            title: z.string(),
            variantTitle: z.string().nullable(),
            sku: z.string().nullable(),
            quantity: z.number().int().nonnegative(),
            originalUnitPriceSet: z.object({ presentmentMoney: money }),
            product: z.object({ id: gidOf("Product").optional(), productType: z.string(), tags: z.array(z.string()) }).nullable(),
            variant: z.object({ id: gidOf("ProductVariant") }).nullable().optional(),
          }),
        ),
      }),
    })
    .nullable(),
});

const returnableLinesPage = z.object({
  pageInfo,
  nodes: z.array(
    z.object({
      quantity: z.number().int().nonnegative(),
      fulfillmentLineItem: z.object({ id: gidOf("FulfillmentLineItem"), lineItem: z.object({ id: gidOf("LineItem") }) }),
    }),
  ),
});

const returnableFulfillmentsSchema = z.object({
  returnableFulfillments: z.object({
    pageInfo,
    nodes: z.array(z.object({ id: gidOf("ReturnableFulfillment"), returnableFulfillmentLineItems: returnableLinesPage })),
  }),
});

const returnableFulfillmentLinesSchema = z.object({
  returnableFulfillment: z.object({ returnableFulfillmentLineItems: returnableLinesPage }).nullable(),
});

const returnMutation = z.object({ return: z.object({ id: gidOf("Return"), status: returnStatus }).nullable(), userErrors });
const returnRequestSchema = z.object({ returnRequest: returnMutation });
const returnApproveSchema = z.object({ returnApproveRequest: returnMutation });
const returnDeclineSchema = z.object({ returnDeclineRequest: returnMutation });

const returnStatusSchema = z.object({ return: z.object({ id: gidOf("Return"), status: returnStatus }).nullable() });

const transactionSchema = z.object({
  id: gidOf("OrderTransaction"),
  kind: z.string(),
  status: z.string(),
  amountSet: z.object({ presentmentMoney: money }),
  parentTransaction: z.object({ id: gidOf("OrderTransaction") }).nullable(),
});

const refundIds = z.object({ nodes: z.array(z.object({ id: gidOf("Refund") })) });

const returnForProcessingSchema = z.object({
  return: z
    .object({
      id: gidOf("Return"),
      status: returnStatus,
      refunds: refundIds,
      exchangeLineItems: z.object({ nodes: z.array(z.object({ id: gidOf("ExchangeLineItem"), processableQuantity: z.number().int().nonnegative() })) }).optional(),
      returnLineItems: z.object({
        nodes: z.array(
          z.object({
            id: gidOf("ReturnLineItem"),
            quantity: z.number().int(),
            processableQuantity: z.number().int().nonnegative(),
            fulfillmentLineItem: z.object({ lineItem: z.object({ id: gidOf("LineItem") }) }).optional(),
          }),
        ),
      }),
      order: z.object({
        id: gidOf("Order"),
        presentmentCurrencyCode: z.string(),
        transactions: z.array(transactionSchema),
      }),
    })
    .nullable(),
});

const returnProcessSchema = z.object({
  returnProcess: z.object({
    return: z.object({ id: gidOf("Return"), status: returnStatus, refunds: refundIds }).nullable(),
    userErrors,
  }),
});

const variantNode = z.object({
  id: gidOf("ProductVariant"),
  title: z.string(),
  sku: z.string().nullable(),
  price: shopifyMoneySchema,
  inventoryQuantity: z.number().int().nullable(),
  availableForSale: z.boolean(),
  inventoryPolicy: z.enum(["CONTINUE", "DENY"]),
});
const productNode = z.object({
  id: gidOf("Product"),
  title: z.string(),
  productType: z.string(),
  tags: z.array(z.string()),
  status: z.string(),
  variants: z.object({ nodes: z.array(variantNode) }),
});
const productSchema = z.object({ product: productNode.nullable() });
const productsSchema = z.object({ products: z.object({ nodes: z.array(productNode) }) });
const calculateSchema = z.object({
  returnCalculate: z
    .object({
      returnLineItems: z.array(z.object({ subtotalSet: z.object({ presentmentMoney: money }) })),
      exchangeLineItems: z.array(z.object({ subtotalSet: z.object({ presentmentMoney: money }) })),
    })
    .nullable(),
});
const returnCreateSchema = z.object({ returnCreate: returnMutation });
const orderReturnRequestsSchema = z.object({
  order: z
    .object({
      returns: z.object({
        nodes: z.array(
          z.object({
            id: gidOf("Return"),
            status: returnStatus,
            returnLineItems: z.object({ nodes: z.array(z.object({ quantity: z.number().int(), fulfillmentLineItem: z.object({ lineItem: z.object({ id: gidOf("LineItem") }) }).optional() })) }),
          }),
        ),
      }),
    })
    .nullable(),
});
const orderExchangesSchema = z.object({
  order: z
    .object({
      returns: z.object({
        nodes: z.array(z.object({ id: gidOf("Return"), status: returnStatus, exchangeLineItems: z.object({ nodes: z.array(z.object({ quantity: z.number().int(), variantId: z.string().nullable() })) }) })),
      }),
    })
    .nullable(),
});
const exchangeFulfillmentSchema = z.object({
  return: z
    .object({
      id: gidOf("Return"),
      exchangeLineItems: z.object({ nodes: z.array(z.object({ id: z.string(), lineItems: z.array(z.object({ id: z.string() })).nullable() })) }),
      order: z.object({
        id: gidOf("Order"),
        fulfillmentOrders: z.object({
          nodes: z.array(
            z.object({
              id: gidOf("FulfillmentOrder"),
              status: z.string(),
              fulfillmentHolds: z.array(z.object({ id: z.string(), reason: z.string() })),
              lineItems: z.object({ nodes: z.array(z.object({ lineItem: z.object({ id: z.string() }) })) }),
            }),
          ),
        }),
      }),
    })
    .nullable(),
});
const releaseHoldSchema = z.object({ fulfillmentOrderReleaseHold: z.object({ fulfillmentOrder: z.object({ id: z.string(), status: z.string() }).nullable(), userErrors }) });
const invoiceSendSchema = z.object({ orderInvoiceSend: z.object({ order: z.object({ id: z.string() }).nullable(), userErrors }) });
const outstandingSchema = z.object({ order: z.object({ totalOutstandingSet: z.object({ presentmentMoney: money }) }).nullable() });

// Shopify does not count stock of a variant that sells past zero; it can always ship.
const UNLIMITED = 9_999;

function toPlatformProduct(node: z.infer<typeof productNode>): PlatformProduct {
  return {
    id: node.id,
    title: node.title,
    productType: node.productType || null,
    tags: node.tags,
    variants: node.variants.nodes.map((v) => ({
      id: v.id,
      title: v.title === "Default Title" ? null : v.title,
      sku: v.sku || null,
      price: formatCents(shopifyCents(v.price)),
      available: !v.availableForSale || node.status !== "ACTIVE" ? 0 : v.inventoryPolicy === "CONTINUE" ? UNLIMITED : Math.max(0, v.inventoryQuantity ?? 0),
    })),
  };
}

type ReturnableLine = { fulfillmentLineItemId: string; quantity: number };
type Transaction = z.infer<typeof transactionSchema>;

// Bounds the paging loops; an order with more lines than this is not one a shopper returns from.
const MAX_PAGES = 20;

/** The Platform for one Shopify store, talking to it through `graphql`. */
export function createShopifyPlatform(options: ShopifyPlatformOptions): ShopifyPlatform {
  const client = createAdminClient(options.graphql, options.retry);
  const canSeeAllOrders = options.scopes.includes("read_all_orders");

  function throwIfUserErrors(label: string, errors: z.infer<typeof userErrors>) {
    if (errors.length === 0) return;
    throw new PlatformError(`Shopify refused ${label}: ${errors.map((e) => e.message).join("; ")}`, {
      retryable: false,
      userErrors: errors.map((e) => ({ field: e.field ?? null, message: e.message, code: e.code ?? null })),
    });
  }

  /** The orders (at most five) whose name is exactly this order number, "#1001" or "1001". */
  async function ordersNamed(orderNumber: string): Promise<z.infer<typeof findOrdersSchema>["orders"]["nodes"]> {
    // Quotes and backslashes would let a shopper change the search rather than its value.
    const typed = orderNumber.trim().replace(/["\\]/g, "");
    if (!typed || typed === "#" || typed.length > 64) return [];
    const bare = typed.startsWith("#") ? typed.slice(1) : typed;
    const names = new Set([typed.toLowerCase(), `#${bare}`.toLowerCase()]);
    const searchName = /^\d+$/.test(bare) ? `#${bare}` : typed;
    const found = await client.request("the order lookup", Q.FIND_ORDERS, { query: `name:"${searchName}"` }, findOrdersSchema);
    return found.orders.nodes.filter((node) => names.has(node.name.toLowerCase()));
  }

  async function loadOrder(gid: string): Promise<PlatformOrder | null> {
    let after: string | null = null;
    let head: NonNullable<z.infer<typeof orderDetailsSchema>["order"]> | undefined;
    const lines: PlatformLineItem[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const data: z.infer<typeof orderDetailsSchema> = await client.request("the order details", Q.ORDER_DETAILS, { id: gid, after }, orderDetailsSchema);
      if (!data.order) return null;
      head ??= data.order;
      for (const line of data.order.lineItems.nodes) {
        lines.push({
          id: numericId(line.id),
          title: line.title,
          variantTitle: line.variantTitle || null,
          sku: line.sku || null,
          quantity: line.quantity,
          unitPrice: line.originalUnitPriceSet.presentmentMoney.amount,
          productType: line.product?.productType || null,
          tags: line.product?.tags ?? [],
          productId: line.product?.id ?? null,
          variantId: line.variant?.id ?? null,
        });
      }
      if (!data.order.lineItems.pageInfo.hasNextPage) break;
      after = data.order.lineItems.pageInfo.endCursor;
    }
    if (!head) return null;
    // The return window starts when the last delivered parcel arrived.
    const deliveries = head.fulfillments.flatMap((f) => (f.status !== "CANCELLED" && f.deliveredAt ? [f.deliveredAt.getTime()] : []));
    return {
      id: head.legacyResourceId,
      name: head.name,
      email: (head.email ?? "").trim().toLowerCase(),
      customerName: head.customer?.displayName || null,
      currency: head.presentmentCurrencyCode,
      totalPrice: head.totalPriceSet.presentmentMoney.amount,
      processedAt: head.processedAt,
      deliveredAt: deliveries.length ? new Date(Math.max(...deliveries)) : null,
      note: head.note || null,
      phones: shopifyOrderPhones(head),
      lineItems: lines.map((line) => {
        const deliveryStatus = deliveryStatusOf(line.id, head.fulfillments, head.shipments);
        return deliveryStatus ? { ...line, deliveryStatus } : line;
      }),
    };
  }

  /** Returnable fulfillment line items of the order, grouped by order line item id. */
  async function returnableLines(orderId: string): Promise<Map<string, ReturnableLine[]>> {
    const byLine = new Map<string, ReturnableLine[]>();
    const add = (page: z.infer<typeof returnableLinesPage>) => {
      for (const node of page.nodes) {
        const lineId = numericId(node.fulfillmentLineItem.lineItem.id);
        const list = byLine.get(lineId) ?? [];
        list.push({ fulfillmentLineItemId: node.fulfillmentLineItem.id, quantity: node.quantity });
        byLine.set(lineId, list);
      }
    };
    let after: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const data: z.infer<typeof returnableFulfillmentsSchema> = await client.request(
        "the returnable items",
        Q.RETURNABLE_FULFILLMENTS,
        { orderId: toGid("Order", orderId), after },
        returnableFulfillmentsSchema,
      );
      for (const fulfillment of data.returnableFulfillments.nodes) {
        let lines = fulfillment.returnableFulfillmentLineItems;
        add(lines);
        for (let inner = 0; lines.pageInfo.hasNextPage && inner < MAX_PAGES; inner++) {
          const more = await client.request(
            "the returnable items",
            Q.RETURNABLE_FULFILLMENT_LINES,
            { id: fulfillment.id, after: lines.pageInfo.endCursor },
            returnableFulfillmentLinesSchema,
          );
          if (!more.returnableFulfillment) break;
          lines = more.returnableFulfillment.returnableFulfillmentLineItems;
          add(lines);
        }
      }
      if (!data.returnableFulfillments.pageInfo.hasNextPage) break;
      after = data.returnableFulfillments.pageInfo.endCursor;
    }
    return byLine;
  }

  async function currentStatus(platformReturnId: string | null, order: PlatformOrder, action: string) {
    if (!platformReturnId) {
      throw new PlatformError(`There is no Shopify return to ${action} for order ${order.name}.`, { retryable: false });
    }
    const data = await client.request("the return's status", Q.RETURN_STATUS, { id: platformReturnId }, returnStatusSchema);
    if (!data.return) {
      throw new PlatformError(`Shopify has no return ${platformReturnId} for order ${order.name}.`, { retryable: false });
    }
    return data.return.status;
  }

  return {
    kind: "shopify",
    shopDomain: options.shopDomain,

    lookupLimitation() {
      return canSeeAllOrders ? null : LOOKUP_LIMITATION;
    },

    async findOrder(orderNumber, email) {
      const wantedEmail = email.trim().toLowerCase();
      if (!wantedEmail) return null;
      const match = (await ordersNamed(orderNumber)).find((node) => node.email !== null && node.email.trim().toLowerCase() === wantedEmail);
      return match ? loadOrder(match.id) : null;
    },

    async findOrderByPhone(orderNumber, phone) {
      const wanted = normalisePhone(phone);
      if (!wanted) return null;
      const match = (await ordersNamed(orderNumber)).find((node) => shopifyOrderPhones(node).includes(wanted));
      const order = match ? await loadOrder(match.id) : null;
      // The number is checked again on the order as loaded, so a change between the two reads cannot let it through.
      return order && order.phones.includes(wanted) ? order : null;
    },

    async returnableQuantities(order) {
      const byLine = await returnableLines(order.id);
      return Object.fromEntries(
        order.lineItems.map((line) => [line.id, (byLine.get(line.id) ?? []).reduce((sum, l) => sum + l.quantity, 0)]),
      );
    },

    async requestReturn(order, lines, options = {}) {
      if (lines.length === 0) throw new PlatformError("A return needs at least one item.", { retryable: false });
      if (options.reconcile) {
        // An earlier try may have opened it and lost Shopify's answer: the request with these lines is that one.
        const units = (pairs: Array<[string, number]>) => {
          const byLine = new Map<string, number>();
          for (const [line, quantity] of pairs) byLine.set(line, (byLine.get(line) ?? 0) + quantity);
          return [...byLine].map(([line, quantity]) => `${line}:${quantity}`).sort().join(",");
        };
        const wanted = units(lines.map((l) => [l.lineItemId, l.quantity]));
        const taken = new Set(options.reconcile.taken);
        const earlier = await client.request("the order's return requests", Q.ORDER_RETURN_REQUESTS, { id: toGid("Order", order.id) }, orderReturnRequestsSchema);
        const made = earlier.order?.returns.nodes.find(
          (r) =>
            r.status === "REQUESTED" &&
            !taken.has(r.id) &&
            units(r.returnLineItems.nodes.flatMap((n) => (n.fulfillmentLineItem ? [[numericId(n.fulfillmentLineItem.lineItem.id), n.quantity] as [string, number]] : []))) === wanted,
        );
        if (made) return { platformReturnId: made.id, reconciled: true };
      }
      const available = await returnableLines(order.id);
      const returnLineItems = allocate(order, lines, available);
      const data = await client.request(
        "the return request",
        Q.RETURN_REQUEST,
        { input: { orderId: toGid("Order", order.id), returnLineItems } },
        returnRequestSchema,
      );
      const payload = data.returnRequest;
      throwIfUserErrors("the return request", payload.userErrors);
      if (!payload.return) throw new PlatformError("Shopify did not open the return and gave no reason.", { retryable: false });
      return { platformReturnId: payload.return.id };
    },

    async approveReturn(platformReturnId, order) {
      const status = await currentStatus(platformReturnId, order, "approve");
      // Already approved (or processed since): a retried sync must not fail on its own earlier success.
      if (status === "OPEN" || status === "CLOSED") return;
      const data = await client.request(
        "the return approval",
        Q.RETURN_APPROVE,
        { input: { id: platformReturnId, notifyCustomer: false } },
        returnApproveSchema,
      );
      throwIfUserErrors("the return approval", data.returnApproveRequest.userErrors);
    },

    async declineReturn(platformReturnId, order, reason) {
      const status = await currentStatus(platformReturnId, order, "decline");
      if (status === "DECLINED") return;
      const { declineReason, declineNote } = shopifyDecline(reason);
      // Dokani tells the shopper itself, in its own words; Shopify's email would be a second message.
      const data = await client.request(
        "the return decline",
        Q.RETURN_DECLINE,
        { input: { id: platformReturnId, declineReason, declineNote, notifyCustomer: false } },
        returnDeclineSchema,
      );
      throwIfUserErrors("the return decline", data.returnDeclineRequest.userErrors);
    },

    async processReturn(input) {
      const { order, platformReturnId } = input;
      if (!platformReturnId) {
        throw new PlatformError(`There is no Shopify return to process for order ${order.name}.`, { retryable: false });
      }
      if (input.currency !== order.currency) {
        throw new PlatformError(`The refund is in ${input.currency} but order ${order.name} was paid in ${order.currency}.`, { retryable: false });
      }
      const loaded = await client.request("the return", Q.RETURN_FOR_PROCESSING, { id: platformReturnId }, returnForProcessingSchema);
      const found = loaded.return;
      if (!found) throw new PlatformError(`Shopify has no return ${platformReturnId} for order ${order.name}.`, { retryable: false });

      const wanted = new Set(input.lines.map((line) => line.lineItemId));
      const matching = found.returnLineItems.nodes.filter(
        (node) => node.fulfillmentLineItem && wanted.has(numericId(node.fulfillmentLineItem.lineItem.id)),
      );
      if (matching.length === 0) {
        throw new PlatformError(`Shopify return ${platformReturnId} holds none of the items Dokani was asked to process.`, { retryable: false });
      }
      const before = found.refunds.nodes.map((refund) => refund.id);
      // Shopify consumes processable quantities, so a call repeated after a lost answer finds nothing
      // left to process: it reports the refund already made instead of refunding twice. This is what
      // makes the call idempotent; returnProcess takes no idempotency key of its own.
      if (found.status === "CLOSED" || matching.every((node) => node.processableQuantity === 0)) {
        return { refundId: before.at(-1) ?? null };
      }

      const cents = shopifyCents(input.amount);
      const settlement = input.exchange?.settlement;
      // An exchange's difference comes back as money or credit as its policy said; the exchange lines are confirmed with the return.
      const refundAs = input.resolution === "exchange" ? (settlement === "refund" ? "refund" : settlement === "store_credit" ? "store_credit" : null) : input.resolution;
      const exchangeLineItems = (found.exchangeLineItems?.nodes ?? []).filter((n) => n.processableQuantity > 0).map((n) => ({ id: n.id, quantity: n.processableQuantity }));
      let financialTransfer: Record<string, unknown> | undefined;
      if (cents > 0 && refundAs === "refund") {
        financialTransfer = { issueRefund: { orderTransactions: refundTransactions(found.order.transactions, cents, input.currency, order) } };
      } else if (cents > 0 && refundAs === "store_credit") {
        financialTransfer = {
          issueRefund: {
            orderTransactions: [],
            refundMethods: [{ storeCreditRefund: { amount: { amount: formatCents(cents), currencyCode: input.currency } } }],
          },
        };
      }
      const data = await client.request(
        "the return processing",
        Q.RETURN_PROCESS,
        {
          input: {
            returnId: platformReturnId,
            returnLineItems: matching
              .filter((node) => node.processableQuantity > 0)
              .map((node) => ({ id: node.id, quantity: node.processableQuantity })),
            ...(exchangeLineItems.length > 0 ? { exchangeLineItems } : {}),
            ...(financialTransfer ? { financialTransfer } : {}),
            notifyCustomer: false,
          },
        },
        returnProcessSchema,
      );
      throwIfUserErrors("the return processing", data.returnProcess.userErrors);
      // A dearer replacement leaves a balance: Shopify emails the shopper its invoice to pay it.
      if (settlement === "collect") {
        const owed = await client.request("the order's balance", Q.ORDER_OUTSTANDING, { id: toGid("Order", order.id) }, outstandingSchema);
        if (owed.order && shopifyCents(owed.order.totalOutstandingSet.presentmentMoney.amount) > 0) {
          const sent = await client.request("the invoice for the difference", Q.ORDER_INVOICE_SEND, { id: toGid("Order", order.id) }, invoiceSendSchema);
          throwIfUserErrors("the invoice for the difference", sent.orderInvoiceSend.userErrors);
        }
      }
      const after = data.returnProcess.return?.refunds.nodes.map((refund) => refund.id) ?? [];
      return { refundId: after.find((id) => !before.includes(id)) ?? null };
    },

    async productVariants(productId) {
      if (!productId.startsWith("gid://shopify/Product/")) return null;
      const data = await client.request("the product's variants", Q.PRODUCT_VARIANTS, { id: productId }, productSchema);
      return data.product ? toPlatformProduct(data.product) : null;
    },

    async exchangeProducts({ maxPrice, currency, limit }) {
      const max = shopifyCents(maxPrice);
      const data = await client.request("the products to exchange for", Q.EXCHANGE_PRODUCTS, { first: Math.min(50, Math.max(limit * 2, 10)) }, productsSchema);
      void currency;
      return data.products.nodes
        .map(toPlatformProduct)
        .filter((p) => p.variants.some((v) => shopifyCents(v.price) <= max && v.available > 0))
        .slice(0, limit);
    },

    async createExchange(input) {
      const { order, lines, replacements } = input;
      if (replacements.length === 0) throw new PlatformError("An exchange needs at least one replacement.", { retryable: false });
      const orderGid = toGid("Order", order.id);
      // Step 1: an exchange made by an earlier try (answer lost) is the answer, not a second one.
      const wanted = replacements.map((r) => `${r.variantId}:${r.quantity}`).sort().join(",");
      const earlier = await client.request("the order's exchanges", Q.ORDER_EXCHANGES, { id: orderGid }, orderExchangesSchema);
      const made = earlier.order?.returns.nodes.find(
        (r) => r.status !== "CANCELED" && r.status !== "DECLINED" && r.exchangeLineItems.nodes.length > 0 && r.exchangeLineItems.nodes.map((n) => `${n.variantId}:${n.quantity}`).sort().join(",") === wanted,
      );
      if (made) return { exchangeId: made.id, platformReturnId: made.id };

      const available = await returnableLines(order.id);
      const returnLineItems = allocate(order, lines, available);
      const exchangeLineItems = replacements.map((r) => ({ variantId: r.variantId, quantity: r.quantity }));
      // Step 2: Shopify's own figures; a replacement whose price went up since the decision is not exchanged silently.
      const calculated = await client.request(
        "the exchange's financials",
        Q.RETURN_CALCULATE,
        { input: { orderId: orderGid, returnLineItems: returnLineItems.map((l) => ({ fulfillmentLineItemId: l.fulfillmentLineItemId, quantity: l.quantity })), exchangeLineItems } },
        calculateSchema,
      );
      if (!calculated.returnCalculate) throw new PlatformError(`Shopify could not calculate the exchange on order ${order.name}.`, { retryable: false });
      const sum = (items: Array<{ subtotalSet: { presentmentMoney: { amount: string } } }>) => items.reduce((total, i) => total + shopifyCents(i.subtotalSet.presentmentMoney.amount), 0);
      const owed = sum(calculated.returnCalculate.exchangeLineItems) - sum(calculated.returnCalculate.returnLineItems);
      const agreed = input.difference.settlement === "collect" ? shopifyCents(input.difference.amount) : 0;
      if (owed > agreed) {
        throw new PlatformError(`The replacement now costs more on Shopify than when the exchange was decided (the shopper would owe ${formatCents(owed)} ${order.currency}).`, { retryable: false });
      }
      // Step 3: the return with its replacements; Shopify holds their fulfillment order until the items arrive.
      const data = await client.request(
        "the exchange",
        Q.RETURN_CREATE,
        { returnInput: { orderId: orderGid, returnLineItems, exchangeLineItems, notifyCustomer: false } },
        returnCreateSchema,
      );
      throwIfUserErrors("the exchange", data.returnCreate.userErrors);
      if (!data.returnCreate.return) throw new PlatformError("Shopify did not create the exchange and gave no reason.", { retryable: false });
      return { exchangeId: data.returnCreate.return.id, platformReturnId: data.returnCreate.return.id };
    },

    async releaseExchange({ exchangeId, order }) {
      const data = await client.request("the exchange's fulfillment", Q.EXCHANGE_FULFILLMENT, { id: exchangeId }, exchangeFulfillmentSchema);
      if (!data.return) throw new PlatformError(`Shopify has no exchange ${exchangeId} for order ${order.name}.`, { retryable: false });
      const replacementLines = new Set(data.return.exchangeLineItems.nodes.flatMap((n) => (n.lineItems ?? []).map((l) => l.id)));
      // Only the holds waiting for this return, on the fulfillment orders of its replacements: released ones are skipped, so repeating is harmless.
      for (const fo of data.return.order.fulfillmentOrders.nodes) {
        if (fo.status !== "ON_HOLD" || !fo.lineItems.nodes.some((n) => replacementLines.has(n.lineItem.id))) continue;
        const holdIds = fo.fulfillmentHolds.filter((h) => h.reason === "AWAITING_RETURN_ITEMS").map((h) => h.id);
        if (holdIds.length === 0) continue;
        const released = await client.request("the replacement's release", Q.FULFILLMENT_ORDER_RELEASE_HOLD, { id: fo.id, holdIds }, releaseHoldSchema);
        throwIfUserErrors("the replacement's release", released.fulfillmentOrderReleaseHold.userErrors);
      }
    },
  };
}

// Shopify's display statuses of a parcel that has left but not arrived.
const TRAVELLING = new Set(["IN_TRANSIT", "OUT_FOR_DELIVERY", "ATTEMPTED_DELIVERY"]);

const SHIPMENTS_READ = 5;

/**
 * Where a line's units are: in no live shipment, not shipped; when every parcel is still travelling
 * (the carrier says so), in transit; otherwise delivered (a parcel without tracking counts as
 * arrived). Undefined when the shipments read do not tell (an order of many parcels or lines).
 */
function deliveryStatusOf(
  lineId: string,
  parcels: Array<{ status: string; displayStatus?: string | null; deliveredAt: Date | null }>,
  shipments: Array<{ status: string; fulfillmentLineItems: { pageInfo: { hasNextPage: boolean }; nodes: Array<{ lineItem: { id: string } }> } }> | undefined,
): DeliveryStatus | undefined {
  if (!shipments) return undefined;
  const live = shipments.filter((s) => s.status !== "CANCELLED");
  const carrying = live.some((s) => s.fulfillmentLineItems.nodes.some((n) => numericId(n.lineItem.id) === lineId));
  const complete = shipments.length < SHIPMENTS_READ && shipments.every((s) => !s.fulfillmentLineItems.pageInfo.hasNextPage);
  if (!carrying) return complete ? "not_shipped" : undefined;
  const open = parcels.filter((p) => p.status !== "CANCELLED");
  return open.length > 0 && open.every((p) => !p.deliveredAt && TRAVELLING.has(p.displayStatus ?? "")) ? "in_transit" : "delivered";
}

/** Spreads each requested line over the fulfillment line items Shopify still allows back. */
function allocate(order: PlatformOrder, lines: PlatformReturnLine[], available: Map<string, ReturnableLine[]>) {
  const remaining = new Map([...available].map(([id, list]) => [id, list.map((l) => ({ ...l }))]));
  const result: Array<{ fulfillmentLineItemId: string; quantity: number; returnReason: string; customerNote?: string }> = [];
  for (const line of lines) {
    let need = line.quantity;
    for (const candidate of remaining.get(line.lineItemId) ?? []) {
      if (need === 0) break;
      const take = Math.min(need, candidate.quantity);
      if (take === 0) continue;
      candidate.quantity -= take;
      need -= take;
      const customerNote = shopifyCustomerNote(line.reason, line.note);
      result.push({
        fulfillmentLineItemId: candidate.fulfillmentLineItemId,
        quantity: take,
        returnReason: shopifyReturnReason(line.reason),
        ...(customerNote ? { customerNote } : {}),
      });
    }
    if (need > 0) {
      const title = order.lineItems.find((item) => item.id === line.lineItemId)?.title ?? `line item ${line.lineItemId}`;
      throw new PlatformError(
        `Shopify allows ${line.quantity - need} of "${title}" on order ${order.name} to be returned, not ${line.quantity}.`,
        { retryable: false },
      );
    }
  }
  return result;
}

/**
 * Splits a refund over the order's successful payments in the order they were made, each up to what
 * is left of it (as Shopify's own admin does): a fill, not a proportional split.
 */
function refundTransactions(transactions: Transaction[], cents: number, currency: string, order: PlatformOrder) {
  const refunded = new Map<string, number>();
  for (const t of transactions) {
    if (t.kind === "REFUND" && t.status === "SUCCESS" && t.parentTransaction) {
      refunded.set(t.parentTransaction.id, (refunded.get(t.parentTransaction.id) ?? 0) + shopifyCents(t.amountSet.presentmentMoney.amount));
    }
  }
  const result: Array<{ parentId: string; transactionAmount: { amount: string; currencyCode: string } }> = [];
  let left = cents;
  for (const t of transactions) {
    if (left === 0) break;
    if ((t.kind !== "SALE" && t.kind !== "CAPTURE") || t.status !== "SUCCESS") continue;
    if (t.amountSet.presentmentMoney.currencyCode !== currency) continue;
    const open = shopifyCents(t.amountSet.presentmentMoney.amount) - (refunded.get(t.id) ?? 0);
    if (open <= 0) continue;
    const take = open < left ? open : left;
    result.push({ parentId: t.id, transactionAmount: { amount: formatCents(take), currencyCode: currency } });
    left -= take;
  }
  if (left > 0) {
    throw new PlatformError(
      `The payments on order ${order.name} can be refunded by at most ${formatCents(cents - left)} ${currency}, less than ${formatCents(cents)} ${currency}.`,
      { retryable: false },
    );
  }
  return result;
}
