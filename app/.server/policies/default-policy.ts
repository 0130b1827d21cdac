/**
 * The rules every new shop starts with: version 1 of API.md's policy format, exactly as published
 * there. The object is frozen all the way down because every shop shares it.
 */

type Resolution = "refund" | "store_credit" | "exchange";

/** A policy-rules document of the version-1 format, read-only. */
export type DefaultPolicyRules = {
  readonly returnWindowDays: number;
  readonly windowStartsFrom: "delivery" | "order";
  readonly nonReturnableTags: readonly string[];
  readonly nonReturnableProductTypes: readonly string[];
  readonly overrides: readonly {
    readonly match: { readonly productType?: string; readonly tag?: string };
    readonly returnWindowDays: number;
  }[];
  readonly allowedResolutions: readonly Resolution[];
  readonly storeCreditBonusPercent: number;
  readonly restockingFeePercent: number;
  readonly evidenceRequiredReasons: readonly string[];
  readonly autoApprove: {
    readonly enabled: boolean;
    readonly maxOrderValue: string;
    readonly maxRiskScore: number;
  };
  readonly customerLimits: { readonly maxReturnsPerPeriod: number; readonly periodDays: number };
  readonly blockedEmails: readonly string[];
  readonly exchanges: {
    readonly scope: "same_product" | "any_product";
    readonly lowerPriceDifference: "store_credit" | "refund";
    readonly higherPriceDifference: "collect" | "refuse";
    readonly instant: { readonly enabled: boolean; readonly maxRiskScore: number; readonly maxOrderValue: string };
  };
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Version-1 policy rules of API.md, used for new shops and the demo shop. */
export const DEFAULT_POLICY_RULES: DefaultPolicyRules = deepFreeze({
  returnWindowDays: 30,
  windowStartsFrom: "delivery",
  nonReturnableTags: ["final-sale"],
  nonReturnableProductTypes: ["Gift Card"],
  overrides: [
    { match: { productType: "Swimwear" }, returnWindowDays: 14 },
    { match: { tag: "holiday" }, returnWindowDays: 60 },
  ],
  allowedResolutions: ["refund", "store_credit", "exchange"],
  storeCreditBonusPercent: 10,
  restockingFeePercent: 0,
  evidenceRequiredReasons: ["damaged", "defective", "wrong_item"],
  autoApprove: { enabled: true, maxOrderValue: "200.00", maxRiskScore: 0.4 },
  customerLimits: { maxReturnsPerPeriod: 5, periodDays: 90 },
  blockedEmails: [],
  exchanges: {
    scope: "same_product",
    lowerPriceDifference: "store_credit",
    higherPriceDifference: "collect",
    instant: { enabled: true, maxRiskScore: 0.2, maxOrderValue: "150.00" },
  },
});
