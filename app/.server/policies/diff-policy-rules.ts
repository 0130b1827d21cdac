import { REASON_LABELS, RESOLUTION_LABELS } from "../../components/policies/labels";
import { formatMoneyAmount } from "../money";
import type { PolicyRules } from "./policy-rules";

/**
 * What changed between two policy versions, in sentences a merchant reads at a glance
 * ("Return window: 30 → 45 days"). Pure: the same two documents give the same lines, in the order
 * of the rules form, so a diff reads top to bottom like the editor.
 */

/** One changed rule: the field it belongs to (a rules path, for grouping) and the sentence. */
export type PolicyChange = { field: string; text: string };

/** Lists of added or removed values longer than this are summarised. */
const LIST_LIMIT = 10;

type Override = PolicyRules["overrides"][number];

function overrideKey(o: Override): string {
  return "productType" in o.match ? `type:${o.match.productType.toLowerCase()}` : `tag:${o.match.tag.toLowerCase()}`;
}

function overrideLabel(o: Override): string {
  return "productType" in o.match ? o.match.productType : `items tagged ${o.match.tag}`;
}

function days(n: number): string {
  return `${n} ${n === 1 ? "day" : "days"}`;
}

function percent(n: number): string {
  return `${n}%`;
}

function onOff(b: boolean): string {
  return b ? "on" : "off";
}

/** Values of `b` not in `a`, in `b`'s order. */
function missingFrom<T>(a: readonly T[], b: readonly T[]): T[] {
  const seen = new Set(a);
  return b.filter((v) => !seen.has(v));
}

function listChanges(out: PolicyChange[], field: string, from: readonly string[], to: readonly string[], added: string, removed: string, word = (v: string) => v) {
  for (const [values, lead] of [
    [missingFrom(from, to), added],
    [missingFrom(to, from), removed],
  ] as const) {
    for (const value of values.slice(0, LIST_LIMIT)) out.push({ field, text: `${lead}: ${word(value)}` });
    if (values.length > LIST_LIMIT) out.push({ field, text: `${lead}: …and ${values.length - LIST_LIMIT} more` });
  }
}

function scalar<T>(out: PolicyChange[], field: string, label: string, from: T, to: T, show: (v: T) => string) {
  if (from !== to) out.push({ field, text: `${label}: ${show(from)} → ${show(to)}` });
}

/** The changes that turn policy `from` into policy `to`; `currency` formats the money limits. */
export function diffPolicyRules(from: PolicyRules, to: PolicyRules, options: { currency?: string } = {}): PolicyChange[] {
  const currency = options.currency ?? "USD";
  const out: PolicyChange[] = [];

  if (from.returnWindowDays !== to.returnWindowDays) {
    out.push({ field: "returnWindowDays", text: `Return window: ${from.returnWindowDays} → ${days(to.returnWindowDays)}` });
  }
  scalar(out, "windowStartsFrom", "Return window starts from", from.windowStartsFrom, to.windowStartsFrom, (v) => (v === "delivery" ? "delivery" : "order date"));

  listChanges(out, "nonReturnableTags", from.nonReturnableTags, to.nonReturnableTags, "Added non-returnable tag", "Removed non-returnable tag");
  listChanges(out, "nonReturnableProductTypes", from.nonReturnableProductTypes, to.nonReturnableProductTypes, "Added non-returnable product type", "Removed non-returnable product type");

  const before = new Map(from.overrides.map((o) => [overrideKey(o), o]));
  const after = new Map(to.overrides.map((o) => [overrideKey(o), o]));
  for (const o of to.overrides) {
    const old = before.get(overrideKey(o));
    if (!old) out.push({ field: "overrides", text: `Added override for ${overrideLabel(o)}: ${days(o.returnWindowDays)}` });
    else if (old.returnWindowDays !== o.returnWindowDays) {
      out.push({ field: "overrides", text: `Override for ${overrideLabel(o)}: ${old.returnWindowDays} → ${days(o.returnWindowDays)}` });
    }
  }
  for (const o of from.overrides) {
    if (!after.has(overrideKey(o))) out.push({ field: "overrides", text: `Removed override for ${overrideLabel(o)} (${days(o.returnWindowDays)})` });
  }
  // The first matching override wins, so a new order among the kept ones can change outcomes.
  const keptBefore = from.overrides.filter((o) => after.has(overrideKey(o))).map(overrideKey);
  const keptAfter = to.overrides.filter((o) => before.has(overrideKey(o))).map(overrideKey);
  if (keptBefore.join("\n") !== keptAfter.join("\n")) {
    out.push({ field: "overrides", text: `Override order (first match wins): ${to.overrides.map(overrideLabel).join(", ")}` });
  }

  listChanges(out, "allowedResolutions", from.allowedResolutions, to.allowedResolutions, "Now allows", "No longer allows", (r) => RESOLUTION_LABELS[r as keyof typeof RESOLUTION_LABELS].toLowerCase());
  scalar(out, "storeCreditBonusPercent", "Store-credit bonus", from.storeCreditBonusPercent, to.storeCreditBonusPercent, percent);
  scalar(out, "restockingFeePercent", "Restocking fee", from.restockingFeePercent, to.restockingFeePercent, percent);
  listChanges(out, "evidenceRequiredReasons", from.evidenceRequiredReasons, to.evidenceRequiredReasons, "Photo now required for", "Photo no longer required for", (r) =>
    REASON_LABELS[r as keyof typeof REASON_LABELS].toLowerCase(),
  );

  scalar(out, "autoApprove.enabled", "Auto-approve", from.autoApprove.enabled, to.autoApprove.enabled, onOff);
  scalar(out, "autoApprove.maxOrderValue", "Auto-approve max order value", from.autoApprove.maxOrderValue, to.autoApprove.maxOrderValue, (v) => formatMoneyAmount(v, currency));
  scalar(out, "autoApprove.maxRiskScore", "Auto-approve max risk score", from.autoApprove.maxRiskScore, to.autoApprove.maxRiskScore, String);

  if (from.customerLimits.maxReturnsPerPeriod !== to.customerLimits.maxReturnsPerPeriod) {
    out.push({
      field: "customerLimits.maxReturnsPerPeriod",
      text: `Returns allowed per customer: ${from.customerLimits.maxReturnsPerPeriod} → ${to.customerLimits.maxReturnsPerPeriod}`,
    });
  }
  if (from.customerLimits.periodDays !== to.customerLimits.periodDays) {
    out.push({ field: "customerLimits.periodDays", text: `Customer limit period: ${from.customerLimits.periodDays} → ${days(to.customerLimits.periodDays)}` });
  }

  listChanges(out, "blockedEmails", from.blockedEmails, to.blockedEmails, "Blocked email", "Unblocked email");

  const ex = { from: from.exchanges, to: to.exchanges };
  scalar(out, "exchanges.scope", "Exchanges for", ex.from.scope, ex.to.scope, (v) => (v === "same_product" ? "the same product only" : "any product up to the returned value"));
  scalar(out, "exchanges.lowerPriceDifference", "Cheaper replacement: difference", ex.from.lowerPriceDifference, ex.to.lowerPriceDifference, (v) => (v === "refund" ? "refunded" : "as store credit"));
  scalar(out, "exchanges.higherPriceDifference", "Dearer replacement", ex.from.higherPriceDifference, ex.to.higherPriceDifference, (v) => (v === "collect" ? "shopper pays the difference" : "refused"));
  scalar(out, "exchanges.instant.enabled", "Instant exchanges", ex.from.instant.enabled, ex.to.instant.enabled, onOff);
  scalar(out, "exchanges.instant.maxOrderValue", "Instant exchanges max order value", ex.from.instant.maxOrderValue, ex.to.instant.maxOrderValue, (v) => formatMoneyAmount(v, currency));
  scalar(out, "exchanges.instant.maxRiskScore", "Instant exchanges max risk score", ex.from.instant.maxRiskScore, ex.to.instant.maxRiskScore, String);
  return out;
}
