import type { PolicyRules } from "../../policies/policy-rules";
import { parseCents, percentToBasisPoints } from "../../money";

/**
 * Policy rules turned into lookup structures once per rules object, so that deciding a return does
 * no lowercasing of the policy, no money parsing and no array scans over the merchant's lists.
 */

/** An override with its match value lowercased. */
export type CompiledOverride = { byTag: boolean; value: string; windowDays: number };

/** Policy rules as the engine reads them: sets, basis points, cents and milliseconds. */
export type CompiledRules = {
  windowDays: number;
  fromOrder: boolean;
  nonReturnableTags: ReadonlySet<string>;
  nonReturnableTypes: ReadonlySet<string>;
  overrides: readonly CompiledOverride[];
  allowedResolutions: ReadonlySet<string>;
  storeCreditBonusBp: number;
  restockingFeeBp: number;
  evidenceReasons: ReadonlySet<string>;
  autoApprove: boolean;
  maxOrderCents: number;
  maxRiskScore: number;
  maxReturns: number;
  periodMs: number;
  blockedEmails: ReadonlySet<string>;
  exchangeAnyProduct: boolean;
  exchangeLowerAsRefund: boolean;
  exchangeCollectHigher: boolean;
  instantExchange: boolean;
  instantMaxRiskScore: number;
  instantMaxOrderCents: number;
};

const DAY_MS = 86_400_000;
const cache = new WeakMap<PolicyRules, CompiledRules>();

function lowerSet(values: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const v of values) set.add(v.trim().toLowerCase());
  return set;
}

/** The compiled form of `rules`, cached per rules object (parsed rules are never mutated). */
export function compileRules(rules: PolicyRules): CompiledRules {
  let compiled = cache.get(rules);
  if (compiled) return compiled;
  compiled = {
    windowDays: rules.returnWindowDays,
    fromOrder: rules.windowStartsFrom === "order",
    nonReturnableTags: lowerSet(rules.nonReturnableTags),
    nonReturnableTypes: lowerSet(rules.nonReturnableProductTypes),
    overrides: rules.overrides.map((o) =>
      "productType" in o.match
        ? { byTag: false, value: o.match.productType.trim().toLowerCase(), windowDays: o.returnWindowDays }
        : { byTag: true, value: o.match.tag.trim().toLowerCase(), windowDays: o.returnWindowDays },
    ),
    allowedResolutions: new Set(rules.allowedResolutions),
    storeCreditBonusBp: percentToBasisPoints(rules.storeCreditBonusPercent),
    restockingFeeBp: percentToBasisPoints(rules.restockingFeePercent),
    evidenceReasons: new Set(rules.evidenceRequiredReasons),
    autoApprove: rules.autoApprove.enabled,
    maxOrderCents: parseCents(rules.autoApprove.maxOrderValue),
    maxRiskScore: rules.autoApprove.maxRiskScore,
    maxReturns: rules.customerLimits.maxReturnsPerPeriod,
    periodMs: rules.customerLimits.periodDays * DAY_MS,
    blockedEmails: lowerSet(rules.blockedEmails),
    exchangeAnyProduct: rules.exchanges.scope === "any_product",
    exchangeLowerAsRefund: rules.exchanges.lowerPriceDifference === "refund",
    exchangeCollectHigher: rules.exchanges.higherPriceDifference === "collect",
    instantExchange: rules.exchanges.instant.enabled,
    instantMaxRiskScore: rules.exchanges.instant.maxRiskScore,
    instantMaxOrderCents: parseCents(rules.exchanges.instant.maxOrderValue),
  };
  cache.set(rules, compiled);
  return compiled;
}
