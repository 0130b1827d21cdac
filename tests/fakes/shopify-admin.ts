import {
  buildSchema,
  graphql,
  GraphQLError,
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import {
  parseRetryAfter,
  ShopifyHttpError,
  type AdminGraphql,
  type AdminGraphqlResponse,
} from "../../app/.server/platforms/shopify/admin-graphql";

/**
 * A fake of Shopify's Admin GraphQL API (2026-07) for the returns flow, served with msw at
 * `https://{shop}/admin/api/{version}/graphql.json`. It checks what Shopify checks: the
 * `X-Shopify-Access-Token`, a POST body with `query`, the document against a schema (a subset of
 * the real one, transcribed from Shopify's reference, so a misspelt field fails here as it would
 * there), access scopes, the 60-day order window without `read_all_orders`, page sizes, the
 * 1,000-point query cost limit and the leaky-bucket throttle, and it answers mutations with
 * Shopify's `userErrors` for input Shopify refuses. State lives in `store`.
 */

const SCHEMA_SDL = /* GraphQL */ `
  scalar DateTime
  scalar Decimal
  scalar UnsignedInt64

  enum CurrencyCode { AUD CAD CHF DKK EUR GBP JPY NOK NZD SEK USD }
  enum ReturnStatus { CANCELED CLOSED DECLINED OPEN REQUESTED }
  enum ReturnReason { COLOR DEFECTIVE NOT_AS_DESCRIBED OTHER SIZE_TOO_LARGE SIZE_TOO_SMALL STYLE UNKNOWN UNWANTED WRONG_ITEM }
  enum ReturnDeclineReason { FINAL_SALE OTHER RETURN_PERIOD_ENDED }
  enum ReturnErrorCode {
    ALREADY_EXISTS BLANK CREATION_FAILED EQUAL_TO FEATURE_NOT_ENABLED GREATER_THAN GREATER_THAN_OR_EQUAL_TO INCLUSION
    INTERNAL_ERROR INVALID INVALID_STATE LESS_THAN LESS_THAN_OR_EQUAL_TO MISSING_PERMISSION NOT_A_NUMBER NOT_EDITABLE
    NOT_FOUND NOTIFICATION_FAILED PRESENT TAKEN TOO_BIG TOO_LONG TOO_MANY_ARGUMENTS TOO_SHORT WRONG_LENGTH
  }
  enum OrderTransactionKind { AUTHORIZATION CAPTURE CHANGE EMV_AUTHORIZATION REFUND SALE SUGGESTED_REFUND VOID }
  enum OrderTransactionStatus { AWAITING_RESPONSE ERROR FAILURE PENDING SUCCESS UNKNOWN }
  enum FulfillmentStatus { CANCELLED ERROR FAILURE OPEN PENDING SUCCESS }
  enum FulfillmentDisplayStatus {
    ATTEMPTED_DELIVERY CANCELED CARRIER_PICKED_UP CONFIRMED DELAYED DELIVERED FAILURE FULFILLED IN_TRANSIT LABEL_PRINTED
    LABEL_PURCHASED LABEL_VOIDED MARKED_AS_FULFILLED NOT_DELIVERED OUT_FOR_DELIVERY PICKED_UP READY_FOR_PICKUP SUBMITTED
  }

  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
  type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }

  type Customer { id: ID! displayName: String! defaultPhoneNumber: CustomerPhoneNumber }
  type CustomerPhoneNumber { phoneNumber: String! }
  enum CountryCode { AT AU BE BR CA CH DE DK ES FI FR GB IE IN IT JP MX NL NO NZ PL PT SE US ZA }
  type MailingAddress { address1: String city: String countryCodeV2: CountryCode phone: String zip: String }
  enum ProductStatus { ACTIVE ARCHIVED DRAFT }
  enum ProductVariantInventoryPolicy { CONTINUE DENY }
  type ProductVariant {
    id: ID!
    title: String!
    sku: String
    price: Decimal!
    inventoryQuantity: Int
    availableForSale: Boolean!
    inventoryPolicy: ProductVariantInventoryPolicy!
    product: Product!
  }
  type ProductVariantEdge { cursor: String! node: ProductVariant! }
  type ProductVariantConnection { edges: [ProductVariantEdge!]! nodes: [ProductVariant!]! pageInfo: PageInfo! }
  type Product {
    id: ID!
    title: String!
    productType: String!
    tags: [String!]!
    status: ProductStatus!
    variants(first: Int, after: String): ProductVariantConnection!
  }
  type ProductEdge { cursor: String! node: Product! }
  type ProductConnection { edges: [ProductEdge!]! nodes: [Product!]! pageInfo: PageInfo! }

  type LineItem {
    id: ID!
    name: String!
    title: String!
    variantTitle: String
    sku: String
    quantity: Int!
    currentQuantity: Int!
    originalUnitPriceSet: MoneyBag!
    product: Product
    variant: ProductVariant
  }
  type LineItemEdge { cursor: String! node: LineItem! }
  type LineItemConnection { edges: [LineItemEdge!]! nodes: [LineItem!]! pageInfo: PageInfo! }

  type FulfillmentLineItem { id: ID! quantity: Int lineItem: LineItem! }
  type FulfillmentLineItemEdge { cursor: String! node: FulfillmentLineItem! }
  type FulfillmentLineItemConnection { edges: [FulfillmentLineItemEdge!]! nodes: [FulfillmentLineItem!]! pageInfo: PageInfo! }

  type Fulfillment {
    id: ID!
    legacyResourceId: UnsignedInt64!
    name: String!
    status: FulfillmentStatus!
    displayStatus: FulfillmentDisplayStatus
    createdAt: DateTime!
    deliveredAt: DateTime
    fulfillmentLineItems(first: Int, after: String): FulfillmentLineItemConnection!
  }

  type OrderTransaction {
    id: ID!
    kind: OrderTransactionKind!
    status: OrderTransactionStatus!
    gateway: String
    amountSet: MoneyBag!
    parentTransaction: OrderTransaction
    createdAt: DateTime!
  }

  type Order {
    id: ID!
    legacyResourceId: UnsignedInt64!
    name: String!
    email: String
    phone: String
    shippingAddress: MailingAddress
    billingAddress: MailingAddress
    note: String
    createdAt: DateTime!
    processedAt: DateTime!
    currencyCode: CurrencyCode!
    presentmentCurrencyCode: CurrencyCode!
    customer: Customer
    totalPriceSet: MoneyBag!
    lineItems(first: Int, after: String): LineItemConnection!
    fulfillments(first: Int): [Fulfillment!]!
    transactions(first: Int): [OrderTransaction!]!
    returns(first: Int, after: String, reverse: Boolean = false): ReturnConnection!
    fulfillmentOrders(first: Int, after: String): FulfillmentOrderConnection!
    totalOutstandingSet: MoneyBag!
  }
  enum FulfillmentOrderStatus { CANCELLED CLOSED INCOMPLETE IN_PROGRESS ON_HOLD OPEN SCHEDULED }
  enum FulfillmentHoldReason {
    AWAITING_PAYMENT AWAITING_RETURN_ITEMS HIGH_RISK_OF_FRAUD INCORRECT_ADDRESS INVENTORY_OUT_OF_STOCK
    ONLINE_STORE_POST_PURCHASE_CROSS_SELL OTHER UNKNOWN_DELIVERY_DATE
  }
  type FulfillmentHold { id: ID! reason: FulfillmentHoldReason! }
  type FulfillmentOrderLineItem { id: ID! totalQuantity: Int! lineItem: LineItem! }
  type FulfillmentOrderLineItemEdge { cursor: String! node: FulfillmentOrderLineItem! }
  type FulfillmentOrderLineItemConnection { edges: [FulfillmentOrderLineItemEdge!]! nodes: [FulfillmentOrderLineItem!]! pageInfo: PageInfo! }
  type FulfillmentOrder {
    id: ID!
    status: FulfillmentOrderStatus!
    fulfillmentHolds: [FulfillmentHold!]!
    lineItems(first: Int, after: String): FulfillmentOrderLineItemConnection!
  }
  type FulfillmentOrderEdge { cursor: String! node: FulfillmentOrder! }
  type FulfillmentOrderConnection { edges: [FulfillmentOrderEdge!]! nodes: [FulfillmentOrder!]! pageInfo: PageInfo! }
  type OrderEdge { cursor: String! node: Order! }
  type OrderConnection { edges: [OrderEdge!]! nodes: [Order!]! pageInfo: PageInfo! }

  type ReturnableFulfillmentLineItem { fulfillmentLineItem: FulfillmentLineItem! quantity: Int! }
  type ReturnableFulfillmentLineItemEdge { cursor: String! node: ReturnableFulfillmentLineItem! }
  type ReturnableFulfillmentLineItemConnection {
    edges: [ReturnableFulfillmentLineItemEdge!]!
    nodes: [ReturnableFulfillmentLineItem!]!
    pageInfo: PageInfo!
  }
  type ReturnableFulfillment {
    id: ID!
    fulfillment: Fulfillment!
    returnableFulfillmentLineItems(first: Int, after: String): ReturnableFulfillmentLineItemConnection!
  }
  type ReturnableFulfillmentEdge { cursor: String! node: ReturnableFulfillment! }
  type ReturnableFulfillmentConnection { edges: [ReturnableFulfillmentEdge!]! nodes: [ReturnableFulfillment!]! pageInfo: PageInfo! }

  interface ReturnLineItemType {
    customerNote: String
    id: ID!
    processableQuantity: Int!
    processedQuantity: Int!
    quantity: Int!
    refundableQuantity: Int!
    refundedQuantity: Int!
    returnReason: ReturnReason! @deprecated(reason: "Use returnReasonDefinition instead.")
    returnReasonNote: String!
    unprocessedQuantity: Int!
  }
  type ReturnLineItem implements ReturnLineItemType {
    customerNote: String
    fulfillmentLineItem: FulfillmentLineItem!
    id: ID!
    processableQuantity: Int!
    processedQuantity: Int!
    quantity: Int!
    refundableQuantity: Int!
    refundedQuantity: Int!
    returnReason: ReturnReason! @deprecated(reason: "Use returnReasonDefinition instead.")
    returnReasonNote: String!
    unprocessedQuantity: Int!
  }
  type ReturnLineItemTypeEdge { cursor: String! node: ReturnLineItemType! }
  type ReturnLineItemTypeConnection { edges: [ReturnLineItemTypeEdge!]! nodes: [ReturnLineItemType!]! pageInfo: PageInfo! }

  type ReturnDecline { note: String reason: ReturnDeclineReason! }
  type Refund { id: ID! note: String totalRefundedSet: MoneyBag! }
  type RefundEdge { cursor: String! node: Refund! }
  type RefundConnection { edges: [RefundEdge!]! nodes: [Refund!]! pageInfo: PageInfo! }

  type Return {
    id: ID!
    name: String!
    status: ReturnStatus!
    order: Order!
    totalQuantity: Int!
    decline: ReturnDecline
    returnLineItems(first: Int, after: String): ReturnLineItemTypeConnection!
    exchangeLineItems(first: Int, after: String): ExchangeLineItemConnection!
    refunds(first: Int, after: String): RefundConnection!
  }
  type ExchangeLineItem {
    id: ID!
    quantity: Int!
    processableQuantity: Int!
    processedQuantity: Int!
    variantId: ID
    lineItems: [LineItem!]
  }
  type ExchangeLineItemEdge { cursor: String! node: ExchangeLineItem! }
  type ExchangeLineItemConnection { edges: [ExchangeLineItemEdge!]! nodes: [ExchangeLineItem!]! pageInfo: PageInfo! }

  type CalculatedReturnLineItem { id: ID quantity: Int! fulfillmentLineItem: FulfillmentLineItem! subtotalSet: MoneyBag! }
  type CalculatedExchangeLineItem { id: ID quantity: Int! variant: ProductVariant originalUnitPriceSet: MoneyBag! subtotalSet: MoneyBag! }
  type CalculatedReturn { id: ID! returnLineItems: [CalculatedReturnLineItem!]! exchangeLineItems: [CalculatedExchangeLineItem!]! }
  type ReturnEdge { cursor: String! node: Return! }
  type ReturnConnection { edges: [ReturnEdge!]! nodes: [Return!]! pageInfo: PageInfo! }

  type ReturnUserError { code: ReturnErrorCode field: [String!] message: String! }
  type ReturnRequestPayload { return: Return userErrors: [ReturnUserError!]! }
  type ReturnApproveRequestPayload { return: Return userErrors: [ReturnUserError!]! }
  type ReturnDeclineRequestPayload { return: Return userErrors: [ReturnUserError!]! }
  type ReturnProcessPayload { return: Return userErrors: [ReturnUserError!]! }
  type ReturnCreatePayload { return: Return userErrors: [ReturnUserError!]! }
  type FulfillmentOrderReleaseHoldUserError { code: String field: [String!] message: String! }
  type FulfillmentOrderReleaseHoldPayload { fulfillmentOrder: FulfillmentOrder userErrors: [FulfillmentOrderReleaseHoldUserError!]! }
  type OrderInvoiceSendUserError { code: String field: [String!] message: String! }
  type OrderInvoiceSendPayload { order: Order userErrors: [OrderInvoiceSendUserError!]! }

  input MoneyInput { amount: Decimal! currencyCode: CurrencyCode! }
  input ReturnRequestLineItemInput {
    customerNote: String
    fulfillmentLineItemId: ID!
    quantity: Int!
    returnReasonDefinitionId: ID
    returnReason: ReturnReason @deprecated(reason: "Use returnReasonDefinitionId instead.")
  }
  input ReturnRequestInput { orderId: ID! returnLineItems: [ReturnRequestLineItemInput!]! }
  input ReturnApproveRequestInput { id: ID! notifyCustomer: Boolean = false }
  input ReturnDeclineRequestInput { id: ID! declineReason: ReturnDeclineReason! declineNote: String notifyCustomer: Boolean = false }
  input ReturnProcessReturnLineItemInput { id: ID! quantity: Int! }
  input ReturnProcessExchangeLineItemInput { id: ID! quantity: Int! }
  input CalculateReturnLineItemInput { fulfillmentLineItemId: ID! quantity: Int! }
  input CalculateExchangeLineItemInput { variantId: ID quantity: Int! }
  input CalculateReturnInput { orderId: ID! returnLineItems: [CalculateReturnLineItemInput!] = [] exchangeLineItems: [CalculateExchangeLineItemInput!] = [] }
  input ReturnLineItemInput { fulfillmentLineItemId: ID! quantity: Int! returnReason: ReturnReason customerNote: String }
  input ExchangeLineItemInput { variantId: ID quantity: Int! }
  input ReturnInput {
    orderId: ID!
    returnLineItems: [ReturnLineItemInput!]!
    exchangeLineItems: [ExchangeLineItemInput!] = []
    notifyCustomer: Boolean = false
    requestedAt: DateTime
  }
  input EmailInput { to: String subject: String customMessage: String }
  input ReturnRefundOrderTransactionInput { parentId: ID! transactionAmount: MoneyInput! }
  input StoreCreditRefundInput { amount: MoneyInput! expiresAt: DateTime }
  input RefundMethodInput { storeCreditRefund: StoreCreditRefundInput }
  input ReturnProcessRefundInput {
    allowOverRefunding: Boolean = false
    orderTransactions: [ReturnRefundOrderTransactionInput!]!
    refundMethods: [RefundMethodInput!] = []
  }
  input ReturnProcessFinancialTransferInput { issueRefund: ReturnProcessRefundInput }
  input ReturnProcessInput {
    returnId: ID!
    returnLineItems: [ReturnProcessReturnLineItemInput!] = []
    exchangeLineItems: [ReturnProcessExchangeLineItemInput!] = []
    financialTransfer: ReturnProcessFinancialTransferInput
    note: String
    notifyCustomer: Boolean = false
  }

  scalar HTML
  scalar URL
  enum ShopPolicyType {
    CONTACT_INFORMATION LEGAL_NOTICE PRIVACY_POLICY REFUND_POLICY SHIPPING_POLICY SUBSCRIPTION_POLICY TERMS_OF_SALE TERMS_OF_SERVICE
  }
  type ShopPolicy { id: ID! title: String! body: HTML! type: ShopPolicyType! url: URL! createdAt: DateTime! updatedAt: DateTime! }
  type Shop { id: ID! name: String! myshopifyDomain: String! shopPolicies: [ShopPolicy!]! }

  type Query {
    shop: Shop!
    orders(first: Int, after: String, query: String, reverse: Boolean): OrderConnection!
    order(id: ID!): Order
    return(id: ID!): Return
    returnableFulfillments(orderId: ID!, first: Int, after: String): ReturnableFulfillmentConnection!
    returnableFulfillment(id: ID!): ReturnableFulfillment
    product(id: ID!): Product
    products(first: Int, after: String, query: String): ProductConnection!
    returnCalculate(input: CalculateReturnInput!): CalculatedReturn
  }

  type Mutation {
    returnRequest(input: ReturnRequestInput!): ReturnRequestPayload
    returnApproveRequest(input: ReturnApproveRequestInput!): ReturnApproveRequestPayload
    returnDeclineRequest(input: ReturnDeclineRequestInput!): ReturnDeclineRequestPayload
    returnProcess(input: ReturnProcessInput!): ReturnProcessPayload
    returnCreate(returnInput: ReturnInput!): ReturnCreatePayload
    fulfillmentOrderReleaseHold(id: ID!, holdIds: [ID!], externalId: String): FulfillmentOrderReleaseHoldPayload
    orderInvoiceSend(id: ID!, email: EmailInput): OrderInvoiceSendPayload
  }
`;

const schema = buildSchema(SCHEMA_SDL);

/** The scopes Dokani asks for; a fake store grants these unless told otherwise. */
export const FAKE_DEFAULT_SCOPES = [
  "read_orders",
  "read_all_orders",
  "read_returns",
  "write_returns",
  "read_customers",
  "read_products",
  "read_legal_policies",
  "read_inventory",
  "write_merchant_managed_fulfillment_orders",
  "write_orders",
];

const MAX_QUERY_COST = 1_000;
const BUCKET_SIZE = 2_000;
const RESTORE_RATE = 100;
const MAX_PAGE_SIZE = 250;
const SIXTY_DAYS_MS = 60 * 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// The store

export type FakeVariant = { id: string; title: string; sku: string | null; price: string; inventory: number; policy: "DENY" | "CONTINUE" };
export type FakeProduct = { id: string; title: string; productType: string; tags: string[]; status: "ACTIVE" | "ARCHIVED" | "DRAFT"; variants: FakeVariant[] };
export type FakeFulfillmentOrder = { id: string; status: "OPEN" | "ON_HOLD" | "CLOSED"; holds: Array<{ id: string; reason: string }>; lines: Array<{ id: string; lineItemId: string; quantity: number }> };
export type FakeExchangeLine = { id: string; variantId: string; quantity: number; processedQuantity: number; lineItemId: string };

export type FakeLineItem = {
  id: string;
  productId: string;
  variantId?: string | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  /** Two-place decimal, as seeded. */
  unitPrice: string;
  productType: string;
  tags: string[];
};

export type FakeFulfillment = {
  id: string;
  status: "SUCCESS" | "CANCELLED";
  createdAt: string;
  deliveredAt: string | null;
  lines: Array<{ id: string; lineItemId: string; quantity: number }>;
};

export type FakeTransaction = {
  id: string;
  kind: "SALE" | "CAPTURE" | "AUTHORIZATION" | "REFUND";
  status: "SUCCESS" | "FAILURE" | "PENDING";
  amount: string;
  gateway: string;
  parentId: string | null;
  createdAt: string;
};

/** A postal address of an order, as far as Dokani reads it: its phone and its country. */
export type FakeAddress = { phone: string | null; countryCode: string };

export type FakeOrder = {
  id: string;
  name: string;
  email: string | null;
  /** The order's own phone (checkout's contact field), as the shopper typed it. */
  phone?: string | null;
  customerId: string | null;
  customerName: string | null;
  /** The customer's default phone number (E.164 in Shopify). */
  customerPhone?: string | null;
  shippingAddress?: FakeAddress | null;
  billingAddress?: FakeAddress | null;
  currency: string;
  processedAt: string;
  note: string | null;
  lineItems: FakeLineItem[];
  fulfillments: FakeFulfillment[];
  transactions: FakeTransaction[];
  fulfillmentOrders?: FakeFulfillmentOrder[];
  /** What the customer owes after exchanges, in cents; invoices sent for it. */
  outstandingCents?: bigint;
  invoicesSent?: Array<{ to: string | null; amount: string }>;
};

export type FakeReturnLine = {
  id: string;
  fulfillmentLineItemId: string;
  quantity: number;
  processedQuantity: number;
  returnReason: string;
  customerNote: string | null;
};

export type FakeRefund = { id: string; amount: string; storeCredit: string; note: string | null };

export type FakeReturn = {
  id: string;
  orderId: string;
  name: string;
  status: "CANCELED" | "CLOSED" | "DECLINED" | "OPEN" | "REQUESTED";
  lines: FakeReturnLine[];
  refunds: FakeRefund[];
  decline: { reason: string; note: string | null } | null;
  exchangeLines?: FakeExchangeLine[];
};

/** One of the store's legal policies (`shop.shopPolicies`); `body` is HTML, as Shopify stores it. */
export type FakeShopPolicy = {
  id: string;
  type: "CONTACT_INFORMATION" | "LEGAL_NOTICE" | "PRIVACY_POLICY" | "REFUND_POLICY" | "SHIPPING_POLICY" | "SUBSCRIPTION_POLICY" | "TERMS_OF_SALE" | "TERMS_OF_SERVICE";
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
};

export type FakeOrderInput = {
  name: string;
  email: string | null;
  customerName?: string | null;
  phone?: string | null;
  customerPhone?: string | null;
  shippingAddress?: FakeAddress | null;
  billingAddress?: FakeAddress | null;
  currency?: string;
  /** ISO time; defaults to ten days before the fake's clock. */
  processedAt?: string;
  note?: string | null;
  lineItems: Array<{
    title: string;
    /** A product added with `addProduct` and one of its variants, to exchange the line for another. */
    productId?: string;
    variantId?: string;
    variantTitle?: string | null;
    sku?: string | null;
    quantity: number;
    unitPrice: string;
    productType?: string;
    tags?: string[];
  }>;
  /** When the default single shipment (every line, in full) arrived; null for not yet. */
  deliveredAt?: string | null;
  /** Shipments, replacing the default; `index` points into `lineItems`. An empty list leaves the order unfulfilled. */
  fulfillments?: Array<{ deliveredAt?: string | null; status?: "SUCCESS" | "CANCELLED"; lines: Array<{ index: number; quantity: number }> }>;
  /** Whether the order was paid (one successful sale of its total); true by default. */
  paid?: boolean;
};

function toCents(amount: string | number): bigint {
  const text = typeof amount === "number" ? String(amount) : amount.trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`not a decimal: ${amount}`);
  const significant = (match[3] ?? "").replace(/0+$/, "");
  if (significant.length > 2) throw new Error(`too many decimal places: ${amount}`);
  const cents = BigInt(match[2]!) * 100n + BigInt(significant.padEnd(2, "0"));
  return match[1] ? -cents : cents;
}

function twoPlaces(cents: bigint): string {
  const sign = cents < 0n ? "-" : "";
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** Shopify writes Decimal amounts without padding: "49.0", "10.5", "10.99". */
function shopifyDecimal(cents: bigint): string {
  const [whole, fraction] = twoPlaces(cents).split(".");
  const trimmed = fraction!.replace(/0$/, "");
  return `${whole}.${trimmed || "0"}`;
}

const ACTIVE_RETURN = new Set(["REQUESTED", "OPEN", "CLOSED"]);

/** The fake's data: orders with their fulfillments and payments, and the returns made on them. */
export class FakeShopifyStore {
  orders: FakeOrder[] = [];
  returns: FakeReturn[] = [];
  policies: FakeShopPolicy[] = [];
  products: FakeProduct[] = [];
  private next = 5_000_000_000_001;

  constructor(private readonly now: () => Date) {}

  /** A fresh numeric id, in the range Shopify's look like. */
  newId(): string {
    return String(this.next++);
  }

  /** Adds an order: by default shipped in full at once and paid by one sale of its total. */
  addOrder(input: FakeOrderInput): FakeOrder {
    const processedAt = input.processedAt ?? new Date(this.now().getTime() - 10 * 24 * 60 * 60 * 1000).toISOString();
    const lineItems: FakeLineItem[] = input.lineItems.map((line) => ({
      id: this.newId(),
      productId: line.productId ?? this.newId(),
      variantId: line.variantId ?? null,
      title: line.title,
      variantTitle: line.variantTitle ?? null,
      sku: line.sku ?? null,
      quantity: line.quantity,
      unitPrice: twoPlaces(toCents(line.unitPrice)),
      productType: line.productType ?? "",
      tags: line.tags ?? [],
    }));
    const shipments =
      input.fulfillments ??
      [{ deliveredAt: input.deliveredAt ?? null, lines: input.lineItems.map((line, index) => ({ index, quantity: line.quantity })) }];
    const fulfillments: FakeFulfillment[] = shipments.map((shipment) => ({
      id: this.newId(),
      status: shipment.status ?? "SUCCESS",
      createdAt: processedAt,
      deliveredAt: shipment.deliveredAt ?? null,
      lines: shipment.lines.map((line) => ({ id: this.newId(), lineItemId: lineItems[line.index]!.id, quantity: line.quantity })),
    }));
    const total = lineItems.reduce((sum, line) => sum + toCents(line.unitPrice) * BigInt(line.quantity), 0n);
    const order: FakeOrder = {
      id: this.newId(),
      name: input.name,
      email: input.email,
      customerId: input.customerName === null ? null : this.newId(),
      customerName: input.customerName === undefined ? "Alex Doe" : input.customerName,
      phone: input.phone ?? null,
      customerPhone: input.customerName === null ? null : (input.customerPhone ?? null),
      shippingAddress: input.shippingAddress ?? null,
      billingAddress: input.billingAddress ?? null,
      currency: input.currency ?? "USD",
      processedAt,
      note: input.note ?? null,
      lineItems,
      fulfillments,
      transactions:
        input.paid === false
          ? []
          : [{ id: this.newId(), kind: "SALE", status: "SUCCESS", amount: twoPlaces(total), gateway: "shopify_payments", parentId: null, createdAt: processedAt }],
    };
    this.orders.push(order);
    return order;
  }

  /** Adds a product with its variants and stock (`inventory`; `policy` CONTINUE sells past zero). */
  addProduct(input: { title: string; productType?: string; tags?: string[]; status?: FakeProduct["status"]; variants: Array<{ title: string; sku?: string | null; price: string; inventory: number; policy?: "DENY" | "CONTINUE" }> }): FakeProduct {
    const product: FakeProduct = {
      id: this.newId(),
      title: input.title,
      productType: input.productType ?? "",
      tags: input.tags ?? [],
      status: input.status ?? "ACTIVE",
      variants: input.variants.map((v) => ({ id: this.newId(), title: v.title, sku: v.sku ?? null, price: twoPlaces(toCents(v.price)), inventory: v.inventory, policy: v.policy ?? "DENY" })),
    };
    this.products.push(product);
    return product;
  }

  /** The variant with this numeric id and its product. */
  variant(id: string): { product: FakeProduct; variant: FakeVariant } | undefined {
    for (const product of this.products) {
      const variant = product.variants.find((v) => v.id === id);
      if (variant) return { product, variant };
    }
    return undefined;
  }

  /** The order with this numeric id. */
  order(id: string): FakeOrder | undefined {
    return this.orders.find((order) => order.id === id);
  }

  /** The return with this numeric id. */
  getReturn(id: string): FakeReturn | undefined {
    return this.returns.find((ret) => ret.id === id);
  }

  /** The order and fulfillment holding a fulfillment line item. */
  fulfillmentLine(fulfillmentLineItemId: string) {
    for (const order of this.orders) {
      for (const fulfillment of order.fulfillments) {
        const line = fulfillment.lines.find((l) => l.id === fulfillmentLineItemId);
        if (line) return { order, fulfillment, line };
      }
    }
    return undefined;
  }

  /** Units of a fulfillment line item not yet claimed by a requested, open or closed return. */
  returnableQuantity(fulfillmentLineItemId: string): number {
    const found = this.fulfillmentLine(fulfillmentLineItemId);
    if (!found || found.fulfillment.status !== "SUCCESS") return 0;
    const claimed = this.returns
      .filter((ret) => ACTIVE_RETURN.has(ret.status))
      .flatMap((ret) => ret.lines)
      .filter((line) => line.fulfillmentLineItemId === fulfillmentLineItemId)
      .reduce((sum, line) => sum + line.quantity, 0);
    return Math.max(0, found.line.quantity - claimed);
  }

  /** What is left to refund of a payment. */
  refundableCents(order: FakeOrder, transaction: FakeTransaction): bigint {
    const refunded = order.transactions
      .filter((t) => t.kind === "REFUND" && t.status === "SUCCESS" && t.parentId === transaction.id)
      .reduce((sum, t) => sum + toCents(t.amount), 0n);
    return toCents(transaction.amount) - refunded;
  }

  /** Writes a legal policy, replacing the one of the same type as Shopify's editor does. */
  setPolicy(input: { type: FakeShopPolicy["type"]; title: string; body: string }): FakeShopPolicy {
    const at = this.now().toISOString();
    const existing = this.policies.find((p) => p.type === input.type);
    if (existing) return Object.assign(existing, { title: input.title, body: input.body, updatedAt: at });
    const policy: FakeShopPolicy = { id: this.newId(), ...input, createdAt: at, updatedAt: at };
    this.policies.push(policy);
    return policy;
  }

  /** Empties the store. */
  reset() {
    this.orders = [];
    this.returns = [];
    this.policies = [];
    this.products = [];
  }
}

// ---------------------------------------------------------------------------------------------
// GraphQL views of the store

const gid = (type: string, id: string) => `gid://shopify/${type}/${id}`;

function parseGid(value: unknown, type: string): string | null {
  if (typeof value !== "string") return null;
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)$/.exec(value);
  return match && match[1] === type ? match[2]! : null;
}

type ConnectionArgs = { first?: number | null; after?: string | null };

function connection<T>(items: T[], args: ConnectionArgs) {
  if (args.first === undefined || args.first === null) throw new GraphQLError("you must provide one of first or last");
  if (args.first < 0) throw new GraphQLError("first must be a non-negative integer");
  if (args.first > MAX_PAGE_SIZE) throw new GraphQLError(`The requested page size exceeds the maximum of ${MAX_PAGE_SIZE}.`);
  const start = args.after ? Number(Buffer.from(args.after, "base64url").toString("utf8").replace(/^cursor:/, "")) + 1 : 0;
  if (!Number.isInteger(start) || start < 0) throw new GraphQLError("Invalid cursor");
  const page = items.slice(start, start + args.first);
  const cursor = (index: number) => Buffer.from(`cursor:${index}`, "utf8").toString("base64url");
  return {
    nodes: page,
    edges: page.map((node, i) => ({ node, cursor: cursor(start + i) })),
    pageInfo: {
      hasNextPage: start + page.length < items.length,
      hasPreviousPage: start > 0,
      startCursor: page.length ? cursor(start) : null,
      endCursor: page.length ? cursor(start + page.length - 1) : null,
    },
  };
}

function moneyBag(cents: bigint, currency: string) {
  const money = { amount: shopifyDecimal(cents), currencyCode: currency };
  return { shopMoney: money, presentmentMoney: money };
}

type Ctx = {
  store: FakeShopifyStore;
  hasScope(scope: string): boolean;
  now(): Date;
};

function requireScope(ctx: Ctx, field: string, scope: string) {
  if (ctx.hasScope(scope)) return;
  throw new GraphQLError(`Access denied for ${field} field. Required access: \`${scope}\` access scope.`, {
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: `\`${scope}\` access scope.` },
  });
}

/** Without read_all_orders Shopify shows only the last 60 days of orders. */
function visible(ctx: Ctx, order: FakeOrder | undefined): order is FakeOrder {
  if (!order) return false;
  if (ctx.hasScope("read_all_orders")) return true;
  return ctx.now().getTime() - Date.parse(order.processedAt) <= SIXTY_DAYS_MS;
}

function variantView(ctx: Ctx, product: FakeProduct, variant: FakeVariant): Record<string, unknown> {
  return {
    id: gid("ProductVariant", variant.id),
    title: variant.title,
    sku: variant.sku,
    price: shopifyDecimal(toCents(variant.price)),
    inventoryQuantity: () => {
      requireScope(ctx, "inventoryQuantity", "read_inventory");
      return variant.inventory;
    },
    availableForSale: product.status === "ACTIVE" && (variant.inventory > 0 || variant.policy === "CONTINUE"),
    inventoryPolicy: variant.policy,
    product: () => productView(ctx, product),
  };
}

function productView(ctx: Ctx, product: FakeProduct): Record<string, unknown> {
  return {
    id: gid("Product", product.id),
    title: product.title,
    productType: product.productType,
    tags: product.tags,
    status: product.status,
    variants: (args: ConnectionArgs) => connection(product.variants.map((v) => variantView(ctx, product, v)), args),
  };
}

function lineItemView(order: FakeOrder, line: FakeLineItem, ctx?: Ctx) {
  const linked = ctx && line.variantId ? ctx.store.variant(line.variantId) : undefined;
  return {
    variant: linked ? variantView(ctx!, linked.product, linked.variant) : null,
    id: gid("LineItem", line.id),
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    title: line.title,
    variantTitle: line.variantTitle,
    sku: line.sku,
    quantity: line.quantity,
    currentQuantity: line.quantity,
    originalUnitPriceSet: moneyBag(toCents(line.unitPrice), order.currency),
    product: { id: gid("Product", line.productId), title: line.title, productType: line.productType, tags: line.tags },
  };
}

function fulfillmentLineView(order: FakeOrder, line: FakeFulfillment["lines"][number]) {
  const lineItem = order.lineItems.find((item) => item.id === line.lineItemId)!;
  return { id: gid("FulfillmentLineItem", line.id), quantity: line.quantity, lineItem: lineItemView(order, lineItem) };
}

function fulfillmentView(order: FakeOrder, fulfillment: FakeFulfillment, index: number) {
  return {
    id: gid("Fulfillment", fulfillment.id),
    legacyResourceId: fulfillment.id,
    name: `${order.name}-F${index + 1}`,
    status: fulfillment.status,
    displayStatus: fulfillment.status === "CANCELLED" ? "CANCELED" : fulfillment.deliveredAt ? "DELIVERED" : "FULFILLED",
    createdAt: fulfillment.createdAt,
    deliveredAt: fulfillment.deliveredAt,
    fulfillmentLineItems: (args: ConnectionArgs) => connection(fulfillment.lines.map((line) => fulfillmentLineView(order, line)), args),
  };
}

function transactionView(order: FakeOrder, transaction: FakeTransaction): Record<string, unknown> {
  const parent = transaction.parentId ? order.transactions.find((t) => t.id === transaction.parentId) : undefined;
  return {
    id: gid("OrderTransaction", transaction.id),
    kind: transaction.kind,
    status: transaction.status,
    gateway: transaction.gateway,
    amountSet: moneyBag(toCents(transaction.amount), order.currency),
    parentTransaction: parent ? transactionView(order, parent) : null,
    createdAt: transaction.createdAt,
  };
}

function addressView(address: FakeAddress | null | undefined): Record<string, unknown> | null {
  return address ? { address1: "1 High Street", city: "London", countryCodeV2: address.countryCode, phone: address.phone, zip: "N1 1AA" } : null;
}

function orderView(ctx: Ctx, order: FakeOrder): Record<string, unknown> {
  const total = order.lineItems.reduce((sum, line) => sum + toCents(line.unitPrice) * BigInt(line.quantity), 0n);
  return {
    id: gid("Order", order.id),
    legacyResourceId: order.id,
    name: order.name,
    email: order.email,
    phone: order.phone ?? null,
    shippingAddress: addressView(order.shippingAddress),
    billingAddress: addressView(order.billingAddress),
    note: order.note,
    createdAt: order.processedAt,
    processedAt: order.processedAt,
    currencyCode: order.currency,
    presentmentCurrencyCode: order.currency,
    customer: order.customerId
      ? { id: gid("Customer", order.customerId), displayName: order.customerName ?? "", defaultPhoneNumber: order.customerPhone ? { phoneNumber: order.customerPhone } : null }
      : null,
    totalPriceSet: moneyBag(total, order.currency),
    lineItems: (args: ConnectionArgs) => connection(order.lineItems.map((line) => lineItemView(order, line, ctx)), args),
    fulfillmentOrders: (args: ConnectionArgs) => {
      requireScope(ctx, "fulfillmentOrders", "read_merchant_managed_fulfillment_orders");
      return connection((order.fulfillmentOrders ?? []).map((fo) => fulfillmentOrderView(ctx, order, fo)), args);
    },
    totalOutstandingSet: moneyBag(order.outstandingCents ?? 0n, order.currency),
    fulfillments: (args: { first?: number | null }) => order.fulfillments.slice(0, args.first ?? undefined).map((f, i) => fulfillmentView(order, f, i)),
    transactions: (args: { first?: number | null }) => order.transactions.slice(0, args.first ?? undefined).map((t) => transactionView(order, t)),
    returns: (args: ConnectionArgs & { reverse?: boolean }) => {
      requireScope(ctx, "returns", "read_returns");
      const returns = ctx.store.returns.filter((r) => r.orderId === order.id).map((r) => returnView(ctx, r));
      return connection(args.reverse ? returns.reverse() : returns, args);
    },
  };
}

function fulfillmentOrderView(ctx: Ctx, order: FakeOrder, fo: FakeFulfillmentOrder): Record<string, unknown> {
  return {
    id: gid("FulfillmentOrder", fo.id),
    status: fo.status,
    fulfillmentHolds: fo.holds.map((h) => ({ id: gid("FulfillmentHold", h.id), reason: h.reason })),
    lineItems: (args: ConnectionArgs) =>
      connection(
        fo.lines.map((l) => ({ id: gid("FulfillmentOrderLineItem", l.id), totalQuantity: l.quantity, lineItem: lineItemView(order, order.lineItems.find((li) => li.id === l.lineItemId)!, ctx) })),
        args,
      ),
  };
}

function exchangeLineView(ctx: Ctx, ret: FakeReturn, line: FakeExchangeLine): Record<string, unknown> {
  const order = ctx.store.order(ret.orderId)!;
  const lineItem = order.lineItems.find((li) => li.id === line.lineItemId);
  return {
    id: gid("ExchangeLineItem", line.id),
    quantity: line.quantity,
    processedQuantity: line.processedQuantity,
    processableQuantity: ret.status === "OPEN" ? line.quantity - line.processedQuantity : 0,
    variantId: gid("ProductVariant", line.variantId),
    lineItems: lineItem ? [lineItemView(order, lineItem, ctx)] : [],
  };
}

function returnLineView(ctx: Ctx, ret: FakeReturn, line: FakeReturnLine) {
  const found = ctx.store.fulfillmentLine(line.fulfillmentLineItemId)!;
  const refunded = ret.refunds.length ? line.processedQuantity : 0;
  return {
    __typename: "ReturnLineItem",
    id: gid("ReturnLineItem", line.id),
    customerNote: line.customerNote,
    fulfillmentLineItem: fulfillmentLineView(found.order, found.line),
    quantity: line.quantity,
    processedQuantity: line.processedQuantity,
    // Only an approved (open) return can be processed.
    processableQuantity: ret.status === "OPEN" ? line.quantity - line.processedQuantity : 0,
    unprocessedQuantity: line.quantity - line.processedQuantity,
    refundedQuantity: refunded,
    refundableQuantity: line.quantity - refunded,
    returnReason: line.returnReason,
    returnReasonNote: "",
  };
}

function returnView(ctx: Ctx, ret: FakeReturn): Record<string, unknown> {
  const order = ctx.store.order(ret.orderId)!;
  return {
    id: gid("Return", ret.id),
    name: ret.name,
    status: ret.status,
    order: orderView(ctx, order),
    totalQuantity: ret.lines.reduce((sum, line) => sum + line.quantity, 0),
    decline: ret.decline,
    returnLineItems: (args: ConnectionArgs) => connection(ret.lines.map((line) => returnLineView(ctx, ret, line)), args),
    exchangeLineItems: (args: ConnectionArgs) => connection((ret.exchangeLines ?? []).map((line) => exchangeLineView(ctx, ret, line)), args),
    refunds: (args: ConnectionArgs) =>
      connection(
        ret.refunds.map((refund) => ({
          id: gid("Refund", refund.id),
          note: refund.note,
          totalRefundedSet: moneyBag(toCents(refund.amount) + toCents(refund.storeCredit), order.currency),
        })),
        args,
      ),
  };
}

function returnableFulfillmentView(ctx: Ctx, order: FakeOrder, fulfillment: FakeFulfillment, index: number) {
  const lines = fulfillment.lines
    .map((line) => ({ line, quantity: ctx.store.returnableQuantity(line.id) }))
    .filter((entry) => entry.quantity > 0);
  return {
    // Shopify's ReturnableFulfillment ids share the fulfillment's number.
    id: gid("ReturnableFulfillment", fulfillment.id),
    fulfillment: fulfillmentView(order, fulfillment, index),
    returnableFulfillmentLineItems: (args: ConnectionArgs) =>
      connection(lines.map((entry) => ({ quantity: entry.quantity, fulfillmentLineItem: fulfillmentLineView(order, entry.line) })), args),
  };
}

function returnableFulfillments(ctx: Ctx, order: FakeOrder) {
  return order.fulfillments
    .map((fulfillment, index) => ({ fulfillment, index }))
    .filter(({ fulfillment }) => fulfillment.status === "SUCCESS" && fulfillment.lines.some((line) => ctx.store.returnableQuantity(line.id) > 0))
    .map(({ fulfillment, index }) => returnableFulfillmentView(ctx, order, fulfillment, index));
}

/** The terms of Shopify's search syntax that the fake understands: `name:` and `email:`. */
function matchesSearch(order: FakeOrder, query: string | null | undefined): boolean {
  if (!query) return true;
  for (const term of query.matchAll(/(\w+):(?:"([^"]*)"|(\S+))/g)) {
    const field = term[1]!.toLowerCase();
    const value = (term[2] ?? term[3] ?? "").toLowerCase();
    if (field === "name") {
      const name = order.name.toLowerCase();
      if (name !== value && name.replace(/^#/, "") !== value.replace(/^#/, "")) return false;
    } else if (field === "email") {
      if ((order.email ?? "").toLowerCase() !== value) return false;
    }
  }
  return true;
}

type UserError = { field: string[] | null; message: string; code: string | null };

const userError = (field: string[] | null, message: string, code: string): UserError => ({ field, message, code });

function createRoot(ctx: Ctx) {
  const { store } = ctx;
  const findReturn = (id: unknown) => {
    const numeric = parseGid(id, "Return");
    return numeric ? store.getReturn(numeric) : undefined;
  };

  return {
    shop() {
      return {
        id: gid("Shop", "1"),
        name: "Fake Outfitters",
        myshopifyDomain: "fake-outfitters.myshopify.com",
        shopPolicies: () => {
          requireScope(ctx, "shopPolicies", "read_legal_policies");
          return store.policies.map((p) => ({
            id: gid("ShopPolicy", p.id),
            title: p.title,
            body: p.body,
            type: p.type,
            url: `https://checkout.shopify.com/1/policies/${p.id}.html`,
            createdAt: p.createdAt,
            updatedAt: p.updatedAt,
          }));
        },
      };
    },

    orders(args: ConnectionArgs & { query?: string | null; reverse?: boolean | null }) {
      requireScope(ctx, "orders", "read_orders");
      const found = store.orders.filter((order) => visible(ctx, order) && matchesSearch(order, args.query));
      if (args.reverse) found.reverse();
      return connection(found.map((order) => orderView(ctx, order)), args);
    },

    order(args: { id: string }) {
      requireScope(ctx, "order", "read_orders");
      const numeric = parseGid(args.id, "Order");
      const order = numeric ? store.order(numeric) : undefined;
      return visible(ctx, order) ? orderView(ctx, order) : null;
    },

    return(args: { id: string }) {
      requireScope(ctx, "return", "read_returns");
      const ret = findReturn(args.id);
      return ret ? returnView(ctx, ret) : null;
    },

    returnableFulfillments(args: ConnectionArgs & { orderId: string }) {
      requireScope(ctx, "returnableFulfillments", "read_returns");
      const numeric = parseGid(args.orderId, "Order");
      const order = numeric ? store.order(numeric) : undefined;
      return connection(visible(ctx, order) ? returnableFulfillments(ctx, order) : [], args);
    },

    returnableFulfillment(args: { id: string }) {
      requireScope(ctx, "returnableFulfillment", "read_returns");
      const numeric = parseGid(args.id, "ReturnableFulfillment");
      for (const order of store.orders) {
        const index = order.fulfillments.findIndex((f) => f.id === numeric);
        if (index >= 0 && visible(ctx, order)) return returnableFulfillmentView(ctx, order, order.fulfillments[index]!, index);
      }
      return null;
    },

    product(args: { id: string }) {
      requireScope(ctx, "product", "read_products");
      const numeric = parseGid(args.id, "Product");
      const product = store.products.find((p) => p.id === numeric);
      return product ? productView(ctx, product) : null;
    },

    products(args: ConnectionArgs & { query?: string | null }) {
      requireScope(ctx, "products", "read_products");
      const status = /status:(\w+)/i.exec(args.query ?? "")?.[1]?.toUpperCase();
      return connection(store.products.filter((p) => !status || p.status === status).map((p) => productView(ctx, p)), args);
    },

    returnCalculate(args: { input: { orderId: string; returnLineItems: Array<{ fulfillmentLineItemId: string; quantity: number }>; exchangeLineItems: Array<{ variantId?: string | null; quantity: number }> } }) {
      requireScope(ctx, "returnCalculate", "read_returns");
      const numeric = parseGid(args.input.orderId, "Order");
      const order = numeric ? store.order(numeric) : undefined;
      if (!visible(ctx, order)) return null;
      return {
        id: gid("CalculatedReturn", store.newId()),
        returnLineItems: args.input.returnLineItems.flatMap((item) => {
          const found = store.fulfillmentLine(parseGid(item.fulfillmentLineItemId, "FulfillmentLineItem") ?? "");
          if (!found || found.order.id !== order.id) return [];
          const lineItem = order.lineItems.find((li) => li.id === found.line.lineItemId)!;
          return [{ id: null, quantity: item.quantity, fulfillmentLineItem: fulfillmentLineView(order, found.line), subtotalSet: moneyBag(toCents(lineItem.unitPrice) * BigInt(item.quantity), order.currency) }];
        }),
        exchangeLineItems: args.input.exchangeLineItems.flatMap((item) => {
          const found = store.variant(parseGid(item.variantId, "ProductVariant") ?? "");
          if (!found) return [];
          return [{ id: null, quantity: item.quantity, variant: variantView(ctx, found.product, found.variant), originalUnitPriceSet: moneyBag(toCents(found.variant.price), order.currency), subtotalSet: moneyBag(toCents(found.variant.price) * BigInt(item.quantity), order.currency) }];
        }),
      };
    },

    returnCreate(args: {
      returnInput: {
        orderId: string;
        returnLineItems: Array<{ fulfillmentLineItemId: string; quantity: number; returnReason?: string | null; customerNote?: string | null }>;
        exchangeLineItems: Array<{ variantId?: string | null; quantity: number }>;
      };
    }) {
      requireScope(ctx, "returnCreate", "write_returns");
      const input = args.returnInput;
      const numeric = parseGid(input.orderId, "Order");
      const order = numeric ? store.order(numeric) : undefined;
      if (!visible(ctx, order)) return { return: null, userErrors: [userError(["returnInput", "orderId"], "Order does not exist.", "NOT_FOUND")] };
      const errors: UserError[] = [];
      if (input.returnLineItems.length === 0) errors.push(userError(["returnInput", "returnLineItems"], "Return line items can't be blank.", "BLANK"));
      const claimed = new Map<string, number>();
      input.returnLineItems.forEach((item, index) => {
        const path = ["returnInput", "returnLineItems", String(index)];
        const fliId = parseGid(item.fulfillmentLineItemId, "FulfillmentLineItem");
        const found = fliId ? store.fulfillmentLine(fliId) : undefined;
        if (!found || found.order.id !== order.id) return errors.push(userError([...path, "fulfillmentLineItemId"], "Fulfillment line item does not exist.", "NOT_FOUND"));
        if (item.quantity < 1) return errors.push(userError([...path, "quantity"], "Quantity must be greater than 0.", "GREATER_THAN"));
        const total = (claimed.get(fliId!) ?? 0) + item.quantity;
        claimed.set(fliId!, total);
        if (total > store.returnableQuantity(fliId!)) errors.push(userError([...path, "quantity"], "Quantity is greater than the quantity available for return.", "INVALID"));
      });
      const wanted = new Map<string, number>();
      const exchanges: Array<{ product: FakeProduct; variant: FakeVariant; quantity: number }> = [];
      input.exchangeLineItems.forEach((item, index) => {
        const path = ["returnInput", "exchangeLineItems", String(index)];
        const found = store.variant(parseGid(item.variantId, "ProductVariant") ?? "");
        if (!found) return errors.push(userError([...path, "variantId"], "Product variant does not exist.", "NOT_FOUND"));
        if (item.quantity < 1) return errors.push(userError([...path, "quantity"], "Quantity must be greater than 0.", "GREATER_THAN"));
        const total = (wanted.get(found.variant.id) ?? 0) + item.quantity;
        wanted.set(found.variant.id, total);
        if (found.product.status !== "ACTIVE" || (found.variant.policy === "DENY" && total > found.variant.inventory)) {
          return errors.push(userError([...path, "variantId"], `${found.product.title} - ${found.variant.title} is out of stock.`, "INVALID"));
        }
        exchanges.push({ ...found, quantity: item.quantity });
      });
      if (errors.length) return { return: null, userErrors: errors };
      const ret: FakeReturn = {
        id: store.newId(),
        orderId: order.id,
        name: `${order.name}-R${store.returns.filter((r) => r.orderId === order.id).length + 1}`,
        // returnCreate opens the return at once: there is nothing to approve.
        status: "OPEN",
        lines: input.returnLineItems.map((item) => ({
          id: store.newId(),
          fulfillmentLineItemId: parseGid(item.fulfillmentLineItemId, "FulfillmentLineItem")!,
          quantity: item.quantity,
          processedQuantity: 0,
          returnReason: item.returnReason ?? "UNKNOWN",
          customerNote: item.customerNote ?? null,
        })),
        refunds: [],
        decline: null,
        exchangeLines: [],
      };
      // The replacements join the order as new lines, on a fulfillment order held until the return arrives.
      const held: FakeFulfillmentOrder = { id: store.newId(), status: "ON_HOLD", holds: [{ id: store.newId(), reason: "AWAITING_RETURN_ITEMS" }], lines: [] };
      for (const { product, variant, quantity } of exchanges) {
        if (variant.policy === "DENY") variant.inventory -= quantity;
        const lineItem: FakeLineItem = { id: store.newId(), productId: product.id, variantId: variant.id, title: product.title, variantTitle: variant.title, sku: variant.sku, quantity, unitPrice: variant.price, productType: product.productType, tags: product.tags };
        order.lineItems.push(lineItem);
        ret.exchangeLines!.push({ id: store.newId(), variantId: variant.id, quantity, processedQuantity: 0, lineItemId: lineItem.id });
        held.lines.push({ id: store.newId(), lineItemId: lineItem.id, quantity });
      }
      if (held.lines.length > 0) (order.fulfillmentOrders ??= []).push(held);
      store.returns.push(ret);
      return { return: returnView(ctx, ret), userErrors: [] };
    },

    fulfillmentOrderReleaseHold(args: { id: string; holdIds?: string[] | null }) {
      requireScope(ctx, "fulfillmentOrderReleaseHold", "write_merchant_managed_fulfillment_orders");
      const numeric = parseGid(args.id, "FulfillmentOrder");
      for (const order of store.orders) {
        const fo = (order.fulfillmentOrders ?? []).find((f) => f.id === numeric);
        if (!fo || !visible(ctx, order)) continue;
        if (fo.status !== "ON_HOLD") return { fulfillmentOrder: null, userErrors: [{ field: ["id"], message: "The fulfillment order is not on hold.", code: "INVALID" }] };
        const ids = args.holdIds?.map((h) => parseGid(h, "FulfillmentHold"));
        if (ids?.some((id) => !fo.holds.some((h) => h.id === id))) return { fulfillmentOrder: null, userErrors: [{ field: ["holdIds"], message: "Hold does not belong to this fulfillment order.", code: "INVALID" }] };
        fo.holds = ids ? fo.holds.filter((h) => !ids.includes(h.id)) : [];
        if (fo.holds.length === 0) fo.status = "OPEN";
        return { fulfillmentOrder: fulfillmentOrderView(ctx, order, fo), userErrors: [] };
      }
      return { fulfillmentOrder: null, userErrors: [{ field: ["id"], message: "Fulfillment order does not exist.", code: "NOT_FOUND" }] };
    },

    orderInvoiceSend(args: { id: string; email?: { to?: string | null } | null }) {
      requireScope(ctx, "orderInvoiceSend", "write_orders");
      const numeric = parseGid(args.id, "Order");
      const order = numeric ? store.order(numeric) : undefined;
      if (!visible(ctx, order)) return { order: null, userErrors: [{ field: ["id"], message: "Order does not exist.", code: "NOT_FOUND" }] };
      const to = args.email?.to ?? order.email;
      if (!to) return { order: null, userErrors: [{ field: ["email", "to"], message: "The order has no email to send the invoice to.", code: "INVALID" }] };
      if (!order.outstandingCents || order.outstandingCents <= 0n) return { order: null, userErrors: [{ field: ["id"], message: "The order has no outstanding balance.", code: "INVALID" }] };
      (order.invoicesSent ??= []).push({ to, amount: twoPlaces(order.outstandingCents) });
      return { order: orderView(ctx, order), userErrors: [] };
    },

    returnRequest(args: {
      input: {
        orderId: string;
        returnLineItems: Array<{ fulfillmentLineItemId: string; quantity: number; returnReason?: string | null; returnReasonDefinitionId?: string | null; customerNote?: string | null }>;
      };
    }) {
      requireScope(ctx, "returnRequest", "write_returns");
      const { input } = args;
      const numeric = parseGid(input.orderId, "Order");
      const order = numeric ? store.order(numeric) : undefined;
      if (!visible(ctx, order)) return { return: null, userErrors: [userError(["input", "orderId"], "Order does not exist.", "NOT_FOUND")] };
      const errors: UserError[] = [];
      if (input.returnLineItems.length === 0) errors.push(userError(["input", "returnLineItems"], "Return line items can't be blank.", "BLANK"));
      const claimed = new Map<string, number>();
      input.returnLineItems.forEach((item, index) => {
        const path = ["input", "returnLineItems", String(index)];
        const fliId = parseGid(item.fulfillmentLineItemId, "FulfillmentLineItem");
        const found = fliId ? store.fulfillmentLine(fliId) : undefined;
        if (!found || found.order.id !== order.id) {
          errors.push(userError([...path, "fulfillmentLineItemId"], "Fulfillment line item does not exist.", "NOT_FOUND"));
          return;
        }
        if (item.quantity < 1) errors.push(userError([...path, "quantity"], "Quantity must be greater than 0.", "GREATER_THAN"));
        const total = (claimed.get(fliId!) ?? 0) + item.quantity;
        claimed.set(fliId!, total);
        if (total > store.returnableQuantity(fliId!)) {
          errors.push(userError([...path, "quantity"], "Quantity is greater than the quantity available for return.", "INVALID"));
        }
        if (!item.returnReason && !item.returnReasonDefinitionId) {
          errors.push(userError([...path, "returnReason"], "Return reason can't be blank.", "BLANK"));
        }
        if (item.customerNote && item.customerNote.length > 300) {
          errors.push(userError([...path, "customerNote"], "Customer note is too long (maximum is 300 characters).", "TOO_LONG"));
        }
      });
      if (errors.length) return { return: null, userErrors: errors };
      const ret: FakeReturn = {
        id: store.newId(),
        orderId: order.id,
        name: `${order.name}-R${store.returns.filter((r) => r.orderId === order.id).length + 1}`,
        status: "REQUESTED",
        lines: input.returnLineItems.map((item) => ({
          id: store.newId(),
          fulfillmentLineItemId: parseGid(item.fulfillmentLineItemId, "FulfillmentLineItem")!,
          quantity: item.quantity,
          processedQuantity: 0,
          returnReason: item.returnReason ?? "UNKNOWN",
          customerNote: item.customerNote ?? null,
        })),
        refunds: [],
        decline: null,
      };
      store.returns.push(ret);
      return { return: returnView(ctx, ret), userErrors: [] };
    },

    returnApproveRequest(args: { input: { id: string; notifyCustomer?: boolean } }) {
      requireScope(ctx, "returnApproveRequest", "write_returns");
      const ret = findReturn(args.input.id);
      if (!ret) return { return: null, userErrors: [userError(["input", "id"], "Return does not exist.", "NOT_FOUND")] };
      if (ret.status !== "REQUESTED") {
        return {
          return: null,
          userErrors: [userError(["input", "id"], `Return is not approvable. Only returns with status REQUESTED can be approved; this one is ${ret.status}.`, "INVALID_STATE")],
        };
      }
      ret.status = "OPEN";
      return { return: returnView(ctx, ret), userErrors: [] };
    },

    returnDeclineRequest(args: { input: { id: string; declineReason: string; declineNote?: string | null } }) {
      requireScope(ctx, "returnDeclineRequest", "write_returns");
      const ret = findReturn(args.input.id);
      if (!ret) return { return: null, userErrors: [userError(["input", "id"], "Return does not exist.", "NOT_FOUND")] };
      if (ret.status !== "REQUESTED") {
        return {
          return: null,
          userErrors: [userError(["input", "id"], `Return is not declinable. Only returns with status REQUESTED can be declined; this one is ${ret.status}.`, "INVALID_STATE")],
        };
      }
      if (args.input.declineNote && args.input.declineNote.length > 500) {
        return { return: null, userErrors: [userError(["input", "declineNote"], "Decline note is too long (maximum is 500 characters).", "TOO_LONG")] };
      }
      ret.status = "DECLINED";
      ret.decline = { reason: args.input.declineReason, note: args.input.declineNote ?? null };
      return { return: returnView(ctx, ret), userErrors: [] };
    },

    returnProcess(args: {
      input: {
        returnId: string;
        returnLineItems: Array<{ id: string; quantity: number }>;
        exchangeLineItems?: Array<{ id: string; quantity: number }>;
        financialTransfer?: {
          issueRefund?: {
            allowOverRefunding: boolean;
            orderTransactions: Array<{ parentId: string; transactionAmount: { amount: string; currencyCode: string } }>;
            refundMethods: Array<{ storeCreditRefund?: { amount: { amount: string; currencyCode: string } } | null }>;
          } | null;
        } | null;
        note?: string | null;
      };
    }) {
      requireScope(ctx, "returnProcess", "write_returns");
      const { input } = args;
      const ret = findReturn(input.returnId);
      if (!ret) return { return: null, userErrors: [userError(["input", "returnId"], "Return does not exist.", "NOT_FOUND")] };
      if (ret.status !== "OPEN") {
        return { return: null, userErrors: [userError(["input", "returnId"], `Return must be open to be processed; this one is ${ret.status}.`, "INVALID_STATE")] };
      }
      const order = store.order(ret.orderId)!;
      const errors: UserError[] = [];
      const lines: Array<{ line: FakeReturnLine; quantity: number }> = [];
      input.returnLineItems.forEach((item, index) => {
        const path = ["input", "returnLineItems", String(index)];
        const lineId = parseGid(item.id, "ReturnLineItem");
        const line = ret.lines.find((l) => l.id === lineId);
        if (!line) return errors.push(userError([...path, "id"], "Return line item does not exist.", "NOT_FOUND"));
        if (item.quantity < 1) return errors.push(userError([...path, "quantity"], "Quantity must be greater than 0.", "GREATER_THAN"));
        if (item.quantity > line.quantity - line.processedQuantity) {
          return errors.push(userError([...path, "quantity"], "Quantity is greater than the quantity that can be processed.", "INVALID"));
        }
        lines.push({ line, quantity: item.quantity });
      });
      const exchangeLines: Array<{ line: FakeExchangeLine; quantity: number }> = [];
      (input.exchangeLineItems ?? []).forEach((item, index) => {
        const path = ["input", "exchangeLineItems", String(index)];
        const lineId = parseGid(item.id, "ExchangeLineItem");
        const line = (ret.exchangeLines ?? []).find((l) => l.id === lineId);
        if (!line) return errors.push(userError([...path, "id"], "Exchange line item does not exist.", "NOT_FOUND"));
        if (item.quantity < 1 || item.quantity > line.quantity - line.processedQuantity) {
          return errors.push(userError([...path, "quantity"], "Quantity is greater than the quantity that can be processed.", "INVALID"));
        }
        exchangeLines.push({ line, quantity: item.quantity });
      });
      if (lines.length === 0 && errors.length === 0) {
        errors.push(userError(["input", "returnLineItems"], "Return line items can't be blank.", "BLANK"));
      }

      const refund = input.financialTransfer?.issueRefund ?? null;
      const refundTransactions: Array<{ parent: FakeTransaction; cents: bigint }> = [];
      let storeCredit = 0n;
      if (refund) {
        refund.orderTransactions.forEach((entry, index) => {
          const path = ["input", "financialTransfer", "issueRefund", "orderTransactions", String(index)];
          const parentId = parseGid(entry.parentId, "OrderTransaction");
          const parent = order.transactions.find((t) => t.id === parentId);
          if (!parent) return errors.push(userError([...path, "parentId"], "Transaction does not exist.", "NOT_FOUND"));
          if ((parent.kind !== "SALE" && parent.kind !== "CAPTURE") || parent.status !== "SUCCESS") {
            return errors.push(userError([...path, "parentId"], "Parent transaction must be a successful sale or capture.", "INVALID"));
          }
          if (entry.transactionAmount.currencyCode !== order.currency) {
            return errors.push(userError([...path, "transactionAmount", "currencyCode"], `Currency must be ${order.currency}.`, "INVALID"));
          }
          const cents = toCents(entry.transactionAmount.amount);
          if (cents <= 0n) return errors.push(userError([...path, "transactionAmount", "amount"], "Amount must be greater than 0.", "GREATER_THAN"));
          if (!refund.allowOverRefunding && cents > store.refundableCents(order, parent)) {
            return errors.push(userError([...path, "transactionAmount", "amount"], "Amount exceeds the refundable amount of the transaction.", "INVALID"));
          }
          refundTransactions.push({ parent, cents });
        });
        refund.refundMethods.forEach((method, index) => {
          const credit = method.storeCreditRefund;
          if (!credit) return;
          const path = ["input", "financialTransfer", "issueRefund", "refundMethods", String(index), "storeCreditRefund"];
          if (!order.customerId) return errors.push(userError(path, "Store credit can only be issued to an order with a customer.", "INVALID"));
          if (credit.amount.currencyCode !== order.currency) {
            return errors.push(userError([...path, "amount", "currencyCode"], `Currency must be ${order.currency}.`, "INVALID"));
          }
          const cents = toCents(credit.amount.amount);
          if (cents <= 0n) return errors.push(userError([...path, "amount", "amount"], "Amount must be greater than 0.", "GREATER_THAN"));
          storeCredit += cents;
        });
      }
      if (errors.length) return { return: null, userErrors: errors };

      for (const { line, quantity } of lines) line.processedQuantity += quantity;
      // Processing an exchange settles the order: replacements worth more than the items back leave a balance to collect.
      if (exchangeLines.length > 0) {
        let owed = 0n;
        for (const { line, quantity } of exchangeLines) {
          line.processedQuantity += quantity;
          owed += toCents(store.variant(line.variantId)!.variant.price) * BigInt(quantity);
        }
        for (const { line, quantity } of lines) {
          const found = store.fulfillmentLine(line.fulfillmentLineItemId)!;
          owed -= toCents(order.lineItems.find((li) => li.id === found.line.lineItemId)!.unitPrice) * BigInt(quantity);
        }
        if (owed > 0n) order.outstandingCents = (order.outstandingCents ?? 0n) + owed;
      }
      const refunded = refundTransactions.reduce((sum, entry) => sum + entry.cents, 0n);
      if (refunded > 0n || storeCredit > 0n) {
        for (const { parent, cents } of refundTransactions) {
          order.transactions.push({
            id: store.newId(),
            kind: "REFUND",
            status: "SUCCESS",
            amount: twoPlaces(cents),
            gateway: parent.gateway,
            parentId: parent.id,
            createdAt: ctx.now().toISOString(),
          });
        }
        ret.refunds.push({ id: store.newId(), amount: twoPlaces(refunded), storeCredit: twoPlaces(storeCredit), note: input.note ?? null });
      }
      if (ret.lines.every((line) => line.processedQuantity === line.quantity)) ret.status = "CLOSED";
      return { return: returnView(ctx, ret), userErrors: [] };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Query cost, as Shopify calculates it: objects 1, scalars 0, a connection 2 + first × its node's
// cost, a list `first` × its item's cost, and 10 more for a mutation.

function operationOf(document: DocumentNode, name: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return name ? operations.find((op) => op.name?.value === name) : operations[0];
}

function queryCost(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const argNumber = (value: ValueNode | undefined): number | undefined => {
    if (!value) return undefined;
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind === Kind.VARIABLE) {
      const v = variables[value.name.value];
      return typeof v === "number" ? v : undefined;
    }
    return undefined;
  };
  const cost = (set: SelectionSetNode): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) total += cost(selection.selectionSet);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) total += cost(fragment.selectionSet);
      } else if (selection.selectionSet) {
        const name = selection.name.value;
        const inner = cost(selection.selectionSet);
        const first = argNumber(selection.arguments?.find((a) => a.name.value === "first")?.value);
        const isConnection = selection.selectionSet.selections.some(
          (s) => s.kind === Kind.FIELD && (s.name.value === "nodes" || s.name.value === "edges"),
        );
        // pageInfo is free, an edge costs only its node, and a connection's size multiplies its node's cost.
        if (name === "pageInfo") continue;
        if (name === "edges") total += inner;
        else if (first !== undefined) total += isConnection ? 2 + first * inner : first * (1 + inner);
        else total += 1 + inner;
      }
    }
    return total;
  };
  return (operation.operation === "mutation" ? 10 : 0) + cost(operation.selectionSet);
}

// ---------------------------------------------------------------------------------------------
// The server

export type FakeShopifyOptions = {
  shop?: string;
  accessToken?: string;
  scopes?: string[];
  /** The fake's business clock (the 60-day window, default order dates); the throttle restores in real time. */
  now?: () => Date;
};

export type FakeCall = {
  version: string;
  operationName: string | null;
  query: string;
  variables: Record<string, unknown>;
  status: number;
  throttled: boolean;
};

/** An `AdminGraphql` transport that POSTs over `fetch` with the shop's token, as Shopify's client does. */
export function fetchAdminGraphql(options: { shop: string; accessToken: string; apiVersion?: string }): AdminGraphql {
  const url = `https://${options.shop}/admin/api/${options.apiVersion ?? "2026-07"}/graphql.json`;
  return async (query, variables) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-Shopify-Access-Token": options.accessToken },
      body: JSON.stringify({ query, variables }),
    });
    if (!response.ok) {
      throw new ShopifyHttpError(response.status, `Shopify answered HTTP ${response.status}`, {
        retryAfterMs: parseRetryAfter(response.headers.get("Retry-After")),
      });
    }
    return (await response.json()) as AdminGraphqlResponse;
  };
}

/** Starts nothing yet: returns the msw server (call `listen()`), its store and its controls. */
export function createFakeShopify(options: FakeShopifyOptions = {}) {
  const shop = options.shop ?? "dokani-test.myshopify.com";
  const accessToken = options.accessToken ?? "shpat_fake_0123456789abcdef";
  const now = options.now ?? (() => new Date());
  let scopes = new Set(options.scopes ?? FAKE_DEFAULT_SCOPES);
  const store = new FakeShopifyStore(now);
  const calls: FakeCall[] = [];
  let throttleCount = 0;
  let hangCount = 0;
  const failures: Array<{ status: number }> = [];
  /** Operations whose next answer is lost on the way back: Shopify ran them, the caller sees the connection drop. */
  const lostAnswers: string[] = [];
  const bucket = { available: BUCKET_SIZE, at: performance.now() };

  const hasScope = (scope: string) =>
    scopes.has(scope) || (scope.startsWith("read_") && scopes.has(`write_${scope.slice("read_".length)}`));
  const ctx: Ctx = { store, hasScope, now };

  const throttleStatus = () => ({ maximumAvailable: BUCKET_SIZE, currentlyAvailable: Math.floor(bucket.available), restoreRate: RESTORE_RATE });

  const handler = http.post(`https://${shop}/admin/api/:version/graphql.json`, async ({ request, params }) => {
    const version = String(params.version);
    const record = (call: Omit<FakeCall, "version">) => calls.push({ version, ...call });

    if (request.headers.get("X-Shopify-Access-Token") !== accessToken) {
      record({ operationName: null, query: "", variables: {}, status: 401, throttled: false });
      return HttpResponse.json({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" }, { status: 401 });
    }
    if (!/^(\d{4}-(01|04|07|10)|unstable)$/.test(version)) {
      record({ operationName: null, query: "", variables: {}, status: 404, throttled: false });
      return HttpResponse.json({ errors: "Not Found" }, { status: 404 });
    }

    const contentType = request.headers.get("Content-Type") ?? "";
    let query: unknown;
    let variables: unknown = {};
    let operationName: unknown;
    if (contentType.includes("application/graphql")) {
      query = await request.text();
    } else if (contentType.includes("application/json")) {
      try {
        const body = (await request.json()) as Record<string, unknown>;
        query = body.query;
        variables = body.variables ?? {};
        operationName = body.operationName;
      } catch {
        query = undefined;
      }
    }
    if (typeof query !== "string" || !query.trim() || typeof variables !== "object" || variables === null) {
      record({ operationName: null, query: "", variables: {}, status: 400, throttled: false });
      return HttpResponse.json({ errors: { query: "Required parameter missing or invalid" } }, { status: 400 });
    }
    const vars = variables as Record<string, unknown>;

    if (hangCount > 0) {
      hangCount--;
      record({ operationName: null, query, variables: vars, status: 0, throttled: false });
      // Answers only once the caller has given up, so its own timeout has to end the request.
      await new Promise<void>((resolve) => request.signal.addEventListener("abort", () => resolve(), { once: true }));
      return HttpResponse.json({ errors: "Client closed the request" }, { status: 499 });
    }

    const failure = failures.shift();
    if (failure) {
      record({ operationName: null, query, variables: vars, status: failure.status, throttled: false });
      const headers: Record<string, string> = failure.status === 429 ? { "Retry-After": "1.0" } : {};
      return HttpResponse.json({ errors: failure.status === 429 ? "Exceeded 2 calls per second for api client." : "Internal Server Error" }, { status: failure.status, headers });
    }

    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      record({ operationName: null, query, variables: vars, status: 200, throttled: false });
      return HttpResponse.json({ errors: [(error as GraphQLError).toJSON()] });
    }
    const operation = operationOf(document, typeof operationName === "string" ? operationName : null);
    const name = operation?.name?.value ?? null;
    const requested = operation ? queryCost(document, operation, vars) : 0;

    if (requested > MAX_QUERY_COST) {
      record({ operationName: name, query, variables: vars, status: 200, throttled: false });
      return HttpResponse.json({
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST },
          },
        ],
      });
    }

    const at = performance.now();
    bucket.available = Math.min(BUCKET_SIZE, bucket.available + ((at - bucket.at) / 1000) * RESTORE_RATE);
    bucket.at = at;
    const forced = throttleCount > 0;
    if (forced || requested > bucket.available) {
      if (forced) throttleCount--;
      record({ operationName: name, query, variables: vars, status: 200, throttled: true });
      const status = throttleStatus();
      return HttpResponse.json({
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: {
          cost: {
            requestedQueryCost: requested,
            actualQueryCost: null,
            throttleStatus: forced ? { ...status, currentlyAvailable: Math.max(0, Math.min(status.currentlyAvailable, requested - 1)) } : status,
          },
        },
      });
    }
    bucket.available -= requested;

    const result = await graphql({
      schema,
      source: query,
      variableValues: vars,
      operationName: typeof operationName === "string" ? operationName : undefined,
      rootValue: createRoot(ctx),
      contextValue: ctx,
    });
    record({ operationName: name, query, variables: vars, status: 200, throttled: false });
    const lost = name ? lostAnswers.indexOf(name) : -1;
    if (lost >= 0) {
      lostAnswers.splice(lost, 1);
      return HttpResponse.error();
    }
    return HttpResponse.json({
      ...(result.errors?.length ? { errors: result.errors.map((e) => e.toJSON()) } : {}),
      ...(result.data !== undefined ? { data: result.data } : {}),
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: requested, throttleStatus: throttleStatus() } },
    });
  });

  const server = setupServer(handler);
  // Shopify's API library keeps the `fetch` it found when first imported, before msw wraps it;
  // looking `fetch` up on every call lets this fake answer the library's own client too.
  setAbstractFetchFunc((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));

  return {
    server,
    store,
    shop,
    accessToken,
    calls,
    /** A transport for the adapter that reaches this fake over `fetch` with the right token. */
    graphql: fetchAdminGraphql({ shop, accessToken }),
    /** Answers the next `n` calls with Shopify's THROTTLED error (and the cost extension). */
    throttleNext(n: number) {
      throttleCount = n;
    },
    /** Answers the next `n` calls with this HTTP status (a 5xx outage, or a 429 with Retry-After). */
    failNext(n: number, status = 503) {
      for (let i = 0; i < n; i++) failures.push({ status });
    },
    /** Runs the next call of the operation named `operationName` (its effect stays), then drops the connection before the answer. */
    loseAnswerOf(operationName: string) {
      lostAnswers.push(operationName);
    },
    /** Leaves the next `n` calls unanswered until the caller gives up (its timeout aborts the request). */
    hangNext(n: number) {
      hangCount = n;
    },
    /** Changes the scopes the store has granted. */
    setScopes(next: string[]) {
      scopes = new Set(next);
    },
    /** Lets `ms` of the throttle's time pass at once: a client's back-off sleeps through this instead of the clock. */
    elapse(ms: number) {
      bucket.at -= ms;
    },
    /** Empties the store and forgets calls, throttling, failures and scope changes. */
    reset() {
      store.reset();
      calls.length = 0;
      throttleCount = 0;
      hangCount = 0;
      failures.length = 0;
      lostAnswers.length = 0;
      scopes = new Set(options.scopes ?? FAKE_DEFAULT_SCOPES);
      bucket.available = BUCKET_SIZE;
      bucket.at = performance.now();
    },
  };
}

export type FakeShopify = ReturnType<typeof createFakeShopify>;
