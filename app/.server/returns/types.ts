/**
 * The vocabulary of a return, shared by the decision engine, the storefront API, the merchant API,
 * the platform adapters and the portal. Values match API.md and the database enums.
 */

import type { PolicyRules } from "../policies/policy-rules";
import type { NextStep } from "./methods/types";
import type { ItemCondition, Resolution, ReturnReason } from "./vocabulary";

export { ITEM_CONDITIONS, RESOLUTIONS, RETURN_REASONS, type ItemCondition, type Resolution, type ReturnReason } from "./vocabulary";

export const RETURN_STATUSES = ["pending_triage", "pending_review", "approved", "denied", "completed", "cancelled"] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export const DECISION_OUTCOMES = ["approved", "denied", "pending_review", "pending"] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** Codes of a decision's reasons (the demo data uses the same list). */
export const DECISION_REASON_CODES = [
  "outside_window",
  "non_returnable_tag",
  "non_returnable_product_type",
  "resolution_not_allowed",
  "customer_limit_reached",
  "blocked_email",
  "evidence_required",
  "evidence_unusable",
  "evidence_reused",
  "order_value_over_limit",
  "risk_over_limit",
  "auto_approve_disabled",
  "within_policy",
  "merchant_decision",
  "not_delivered",
  "exchange_other_product",
  "exchange_over_value",
  "exchange_price_difference_refused",
  "replacement_out_of_stock",
] as const;
export type DecisionReasonCode = (typeof DECISION_REASON_CODES)[number];

export type DecisionReason = { code: DecisionReasonCode; message: string };

/** One named, explainable part of a risk score. `contribution` is what it adds to the 0..1 score. */
export type RiskFactor = { code: string; label: string; contribution: number; detail?: string };

/** A decimal string with two places, e.g. "49.00". Money is never a float. */
export type Money = string;

/** An order line as the engine and the portal see it. */
export type OrderLine = {
  id: string;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  /** What may still be returned: ordered, less refunded/returned on the platform, less earlier Dokani returns. */
  returnableQuantity: number;
  unitPrice: Money;
  productType: string | null;
  tags: string[];
  /** `not_shipped` or `in_transit` lines cannot be returned (the shopper cancels instead); absent counts as delivered. */
  deliveryStatus?: "not_shipped" | "in_transit" | "delivered";
  /** The platform's product and variant of the line, when it tells (exchanges need them). */
  productId?: string | null;
  variantId?: string | null;
};

/** A replacement a shopper picked for an exchange, as the platform describes it at the time of the request. */
export type Replacement = {
  productId: string;
  variantId: string;
  /** The product's title ("Linen Shirt"). */
  title: string;
  /** "L / White"; null for a product of one variant. */
  variantTitle: string | null;
  sku: string | null;
  price: Money;
  /** Units the store can ship now. */
  available: number;
};

/** How an exchange was decided: whether the replacement ships at once, and how a price difference is settled. */
export type ExchangeDecision = {
  /** Ship the replacement before the return arrives. */
  instant: boolean;
  /** The difference between the replacements and the returned items, always 0 or more. */
  difference: Money;
  /** `collect`: the shopper pays the difference; `store_credit`/`refund`: the shopper gets it back; `none`: same value. */
  settlement: "none" | "collect" | "store_credit" | "refund";
  /** Why it ships now or after the return arrives, for the shopper and the merchant. */
  reasons: Array<{ code: "exchange_instant" | "exchange_after_receipt"; message: string }>;
};

/** An order as the engine sees it. */
export type OrderSnapshot = {
  id: string;
  name: string;
  email: string;
  currency: string;
  totalPrice: Money;
  processedAt: Date;
  deliveredAt: Date | null;
  lineItems: OrderLine[];
};

/** One requested line of a return. */
export type RequestedItem = {
  lineItemId: string;
  quantity: number;
  reason: ReturnReason;
  condition?: ItemCondition;
  note?: string;
  /** The replacement for an exchange (resolution `exchange` only). */
  exchangeFor?: Replacement;
};

/** What the engine knows of the customer and the shop beyond this request (read before deciding). */
export type CustomerHistory = {
  /** Orders this customer has placed at the shop (this one included). */
  orderCount: number;
  /** Every earlier return request of the customer at the shop, newest first. */
  priorReturns: Array<{ createdAt: Date; orderId: string; status: ReturnStatus; reasons: ReturnReason[]; value: Money }>;
  /** Earlier return requests on this same order (any customer email). */
  requestsOnThisOrder: number;
  /** Distinct customer emails that made return requests from the same client (IP) in the last 30 days. */
  emailsFromSameClient: number;
  /** The shop's median order value over the last 90 days ("0.00" when unknown). */
  shopMedianOrderValue: Money;
};

/** Why an attached photo does not count as evidence: one flat colour, far too small, or the same picture as on another return. */
export type PhotoIssue = "blank" | "too_small" | "reused";

export type DecisionInput = {
  rules: PolicyRules;
  policyVersion: number;
  now: Date;
  order: OrderSnapshot;
  items: RequestedItem[];
  resolution: Resolution;
  /** Photos already attached to the request that can show the item (blank, tiny and reused ones left out). */
  evidenceCount: number;
  /** Photos attached that cannot count: one entry per photo, by what is wrong with it. */
  photoIssues?: PhotoIssue[];
  history: CustomerHistory;
};

export type RefundEstimate = {
  /** What the shopper gets: refund less restocking fee; store credit plus bonus; exchange value. */
  amount: Money;
  /** The returned items' value before fees and bonus. */
  itemsValue: Money;
  restockingFee: Money;
  storeCreditBonus: Money;
  currency: string;
};

export type Decision = {
  outcome: "approved" | "denied" | "pending_review";
  /** One reason per broken hard rule (denied), or why it needs review, or `within_policy`. */
  reasons: DecisionReason[];
  /** One or two sentences a shopper can read. */
  explanation: string;
  risk: { score: number; factors: RiskFactor[] };
  refund: RefundEstimate;
  /** For an exchange whose replacements were chosen; null otherwise. */
  exchange: ExchangeDecision | null;
};

/** The AI (or rules) recommendation for a pending review; it never changes the decision. */
export type Recommendation = {
  action: "approve" | "deny" | "request_info";
  reasoning: string;
  confidence: number;
  source: "model" | "rules";
  model?: string;
  /** The model's look at the photos against the claim (only from a model that was shown photos). */
  photoCheck?: PhotoCheck;
};

/** Whether the photos show what the shopper reported, as the model judged it. */
export type PhotoCheck = { verdict: "shows_claim" | "does_not_show_claim" | "unclear"; note: string };

/** API.md's `exchangeFor` of a ReturnView item. */
export type ExchangeForView = { productId: string; variantId: string; title: string; variantTitle: string | null; sku: string | null; price: Money };

/** API.md's ReturnView. */
export type ReturnView = {
  id: string;
  orderName: string;
  status: ReturnStatus;
  resolution: Resolution;
  items: Array<{
    lineItemId: string;
    title: string;
    quantity: number;
    reason: ReturnReason;
    condition: ItemCondition | null;
    /** The replacement of an exchange; null when none was chosen (or the item is turned into credit). */
    exchangeFor: ExchangeForView | null;
  }>;
  decision: { outcome: DecisionOutcome; reasons: DecisionReason[]; explanation: string };
  refundEstimate: { amount: Money; currency: string };
  /** Short reference for parcels and the drop-off counter ("R-1A2B3C4D"). */
  reference: string;
  /** What to do next and by when; null unless approved. */
  nextStep: NextStep | null;
  /** How an exchange with chosen replacements was decided; null for other returns. */
  exchange: ExchangeDecision | null;
  createdAt: string;
  updatedAt: string;
};
