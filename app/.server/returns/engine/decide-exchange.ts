import { formatCents, formatCentsWithCode, parseCents } from "../../money";
import type { DecisionReason, ExchangeDecision, OrderLine, RequestedItem } from "../types";
import type { CompiledRules } from "./compile-rules";
import { sentenceList } from "./wording";

/*
 * The exchange rules of a policy: which replacement may be chosen (another variant of the same
 * product, or any product up to the returned item's value), whether it is in stock, how a price
 * difference is settled, and whether the replacement ships before the return arrives. Pure, like
 * the rest of the engine.
 */

/** What the exchange rules found wrong (hard rules, one reason each) and the net price difference. */
export type ExchangeCheck = {
  hard: DecisionReason[];
  phrases: string[];
  /** Replacements less returned items, in cents: above 0 the shopper owes, below 0 the store does. */
  differenceCents: number;
};

function replacementName(item: RequestedItem): string {
  const r = item.exchangeFor!;
  return r.variantTitle ? `${r.title} (${r.variantTitle})` : r.title;
}

/** Checks each chosen replacement against the rules; `lines` holds each item's order line, in order. */
export function checkExchange(rules: CompiledRules, items: readonly RequestedItem[], lines: readonly OrderLine[], currency: string): ExchangeCheck {
  const hard: DecisionReason[] = [];
  const phrases: string[] = [];
  let differenceCents = 0;
  let other: string[] | null = null;
  let over: string[] | null = null;
  let dearer: string[] | null = null;
  let missing: string[] | null = null;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const replacement = item.exchangeFor;
    if (!replacement) continue;
    const line = lines[i]!;
    const lineCents = parseCents(line.unitPrice);
    const priceCents = parseCents(replacement.price);
    // A line whose product the platform did not name can only be exchanged for a product chosen as "any".
    const sameProduct = line.productId != null && line.productId === replacement.productId;
    differenceCents += (priceCents - lineCents) * item.quantity;
    if (replacement.available < item.quantity) (missing ??= []).push(replacementName(item));
    if (!sameProduct && !rules.exchangeAnyProduct) (other ??= []).push(line.title);
    else if (!sameProduct && priceCents > lineCents) {
      (over ??= []).push(`${replacementName(item)} costs ${formatCentsWithCode(priceCents, currency)}, more than ${line.title} at ${formatCentsWithCode(lineCents, currency)}`);
    } else if (sameProduct && priceCents > lineCents && !rules.exchangeCollectHigher) (dearer ??= []).push(replacementName(item));
  }
  if (missing !== null) {
    hard.push({ code: "replacement_out_of_stock", message: `${sentenceList(missing)} ${missing.length === 1 ? "is" : "are"} out of stock in the quantity asked; choose another size or store credit.` });
    phrases.push(`${sentenceList(missing)} ${missing.length === 1 ? "is" : "are"} out of stock`);
  }
  if (other !== null) {
    hard.push({ code: "exchange_other_product", message: `This store exchanges ${sentenceList(other)} only for another size or colour of the same product.` });
    phrases.push("the store exchanges items only for another size or colour of the same product");
  }
  if (over !== null) {
    hard.push({ code: "exchange_over_value", message: `A different product can be chosen up to the returned item's value: ${sentenceList(over)}.` });
    phrases.push("a different product can be chosen only up to the returned item's value");
  }
  if (dearer !== null) {
    hard.push({ code: "exchange_price_difference_refused", message: `${sentenceList(dearer)} costs more than the item returned, and this store doesn't take payment for a difference.` });
    phrases.push("the store doesn't exchange for an item that costs more");
  }
  return { hard, phrases, differenceCents };
}

/**
 * How an allowed exchange goes ahead: the settlement of its difference, and whether it ships at
 * once (approved, instant exchanges on, risk and order value within the policy's limits).
 */
export function settleExchange(
  rules: CompiledRules,
  check: ExchangeCheck,
  facts: { approved: boolean; riskScore: number; orderCents: number; currency: string },
): ExchangeDecision {
  const d = check.differenceCents;
  const settlement = d > 0 ? "collect" : d < 0 ? (rules.exchangeLowerAsRefund ? "refund" : "store_credit") : "none";
  const reasons: ExchangeDecision["reasons"] = [];
  let instant = false;
  if (!rules.instantExchange) {
    reasons.push({ code: "exchange_after_receipt", message: "The replacement ships when the store receives the returned item." });
  } else if (!facts.approved) {
    reasons.push({ code: "exchange_after_receipt", message: "The replacement ships once the store has approved the return and received the item." });
  } else if (facts.riskScore > rules.instantMaxRiskScore) {
    reasons.push({ code: "exchange_after_receipt", message: "The replacement ships when the store receives the returned item (this request is above the risk limit for instant exchanges)." });
  } else if (facts.orderCents > rules.instantMaxOrderCents) {
    const max = formatCentsWithCode(rules.instantMaxOrderCents, facts.currency);
    reasons.push({ code: "exchange_after_receipt", message: `The replacement ships when the store receives the returned item: instant exchanges are for orders up to ${max}.` });
  } else {
    instant = true;
    reasons.push({ code: "exchange_instant", message: "The replacement ships now, before the returned item arrives." });
  }
  return { instant, difference: formatCents(d < 0 ? -d : d), settlement, reasons };
}
