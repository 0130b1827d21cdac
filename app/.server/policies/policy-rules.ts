import { z } from "zod";
import { AppError, zodFields } from "../errors";
import { RESOLUTIONS, RETURN_REASONS, type Resolution, type ReturnReason } from "../returns/vocabulary";

/**
 * Version 1 of the return-policy format (API.md "Policy rules"). Every field is required: a policy
 * version is a whole document, so a draft can never silently inherit a default the merchant did
 * not see. Unknown top-level fields are dropped, as everywhere in the API.
 */

const windowDays = z
  .number({ error: "must be a number of days" })
  .int("must be a whole number of days")
  .min(0, "must be 0 or more days")
  .max(365, "must be at most 365 days");

// Two decimals at most, so fees and bonuses stay exact in basis points.
const percent = z
  .number({ error: "must be a percentage" })
  .min(0, "must be between 0 and 100")
  .max(100, "must be between 0 and 100")
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, "must have at most two decimals");

const label = z.string({ error: "must be text" }).trim().min(1, "must not be empty").max(255, "must be at most 255 characters");

const money = z.string({ error: 'must be an amount like "200.00"' }).regex(/^\d{1,10}\.\d{2}$/, 'must be an amount like "200.00"');

// Exactly one key: an override that names both would be ambiguous about which one matched.
const overrideMatch = z.union([z.strictObject({ productType: label }), z.strictObject({ tag: label })], {
  error: 'must be {"productType": "..."} or {"tag": "..."}',
});

/**
 * How exchanges are decided (absent in documents written before exchanges were real: the defaults
 * below apply, which are what those shops already had: the same product only, nothing instant).
 */
export const ExchangeRulesSchema = z.object({
  /** `same_product`: another variant of the returned product; `any_product`: any product up to the returned item's value. */
  scope: z.enum(["same_product", "any_product"], { error: 'must be "same_product" or "any_product"' }),
  /** What the shopper gets when the replacement costs less: the difference as store credit or as money back. */
  lowerPriceDifference: z.enum(["store_credit", "refund"], { error: 'must be "store_credit" or "refund"' }),
  /** When the replacement costs more: the shopper pays the difference (`collect`) or the exchange is refused. */
  higherPriceDifference: z.enum(["collect", "refuse"], { error: 'must be "collect" or "refuse"' }),
  /** Ship the replacement before the return arrives, only under both limits. */
  instant: z.object({
    enabled: z.boolean({ error: "must be true or false" }),
    maxRiskScore: z.number({ error: "must be a number" }).min(0, "must be between 0 and 1").max(1, "must be between 0 and 1"),
    maxOrderValue: money,
  }),
});
export type ExchangeRules = z.infer<typeof ExchangeRulesSchema>;

/** The exchange rules of a document that names none. */
export const DEFAULT_EXCHANGE_RULES: ExchangeRules = Object.freeze({
  scope: "same_product",
  lowerPriceDifference: "store_credit",
  higherPriceDifference: "refuse",
  instant: Object.freeze({ enabled: false, maxRiskScore: 0.2, maxOrderValue: "150.00" }),
}) as ExchangeRules;

function unique<T>(values: readonly T[]): boolean {
  return new Set(values).size === values.length;
}

/** Zod schema of API.md's policy rules, version 1. */
export const PolicyRulesSchema = z.object({
  returnWindowDays: windowDays,
  windowStartsFrom: z.enum(["delivery", "order"], { error: 'must be "delivery" or "order"' }),
  nonReturnableTags: z.array(label).max(500, "must list at most 500 tags"),
  nonReturnableProductTypes: z.array(label).max(500, "must list at most 500 product types"),
  overrides: z.array(z.object({ match: overrideMatch, returnWindowDays: windowDays })).max(100, "must list at most 100 overrides"),
  allowedResolutions: z
    .array(z.enum(RESOLUTIONS, { error: `must be one of ${RESOLUTIONS.join(", ")}` }))
    .min(1, "must allow at least one resolution")
    .refine(unique, "must not repeat a resolution"),
  storeCreditBonusPercent: percent,
  restockingFeePercent: percent,
  evidenceRequiredReasons: z
    .array(z.enum(RETURN_REASONS, { error: `must be one of ${RETURN_REASONS.join(", ")}` }))
    .refine(unique, "must not repeat a reason"),
  autoApprove: z.object({
    enabled: z.boolean({ error: "must be true or false" }),
    maxOrderValue: money,
    maxRiskScore: z.number({ error: "must be a number" }).min(0, "must be between 0 and 1").max(1, "must be between 0 and 1"),
  }),
  customerLimits: z.object({
    maxReturnsPerPeriod: z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(10_000, "must be at most 10000"),
    periodDays: z.number({ error: "must be a number" }).int("must be a whole number of days").min(1, "must be at least 1 day").max(365, "must be at most 365 days"),
  }),
  blockedEmails: z.array(z.email("must be an email address").toLowerCase()).max(10_000, "must list at most 10000 emails"),
  exchanges: ExchangeRulesSchema.default(() => ({ ...DEFAULT_EXCHANGE_RULES, instant: { ...DEFAULT_EXCHANGE_RULES.instant } })),
});

/** A valid version-1 policy document (blocked emails lowercased, labels trimmed). */
export type PolicyRules = z.infer<typeof PolicyRulesSchema>;

/** Parses policy rules (an object or its JSON text); throws AppError `invalid_rules` naming each bad field. */
export function parsePolicyRules(json: unknown): PolicyRules {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new AppError("invalid_rules", "The policy rules are not valid JSON.", { cause: error });
    }
  }
  const parsed = PolicyRulesSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError("invalid_rules", "Some policy rules are missing or invalid.", { fields: zodFields(parsed.error) });
  }
  return parsed.data;
}

/** What the returns portal shows shoppers about a policy. */
export type PublicPolicySummary = {
  returnWindowDays: number;
  windowStartsFrom: "delivery" | "order";
  overrides: Array<{ appliesTo: string; returnWindowDays: number }>;
  allowedResolutions: Resolution[];
  storeCreditBonusPercent: number;
  restockingFeePercent: number;
  evidenceRequiredReasons: ReturnReason[];
  /** Tags and product types that can never be returned (final sale, gift cards). */
  nonReturnableTags: string[];
  nonReturnableProductTypes: string[];
  /** Exchanges as a shopper can use them (risk thresholds left out: the shopper sees only whether instant exchanges exist). */
  exchanges: { scope: ExchangeRules["scope"]; lowerPriceDifference: ExchangeRules["lowerPriceDifference"]; higherPriceDifference: ExchangeRules["higherPriceDifference"]; instant: boolean };
};

/** The shopper-facing part of a policy: windows, what can't be returned, resolutions, fees and bonus; never blocked emails, limits or risk thresholds. */
export function publicPolicySummary(rules: PolicyRules): PublicPolicySummary {
  return {
    returnWindowDays: rules.returnWindowDays,
    windowStartsFrom: rules.windowStartsFrom,
    overrides: rules.overrides.map((o) => ({
      appliesTo: "productType" in o.match ? o.match.productType : `items tagged ${o.match.tag}`,
      returnWindowDays: o.returnWindowDays,
    })),
    allowedResolutions: [...rules.allowedResolutions],
    storeCreditBonusPercent: rules.storeCreditBonusPercent,
    restockingFeePercent: rules.restockingFeePercent,
    evidenceRequiredReasons: [...rules.evidenceRequiredReasons],
    nonReturnableTags: [...rules.nonReturnableTags],
    nonReturnableProductTypes: [...rules.nonReturnableProductTypes],
    exchanges: {
      scope: rules.exchanges.scope,
      lowerPriceDifference: rules.exchanges.lowerPriceDifference,
      higherPriceDifference: rules.exchanges.higherPriceDifference,
      instant: rules.exchanges.instant.enabled,
    },
  };
}
