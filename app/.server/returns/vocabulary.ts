/**
 * The words a shopper picks when asking for a return (reason, item condition, resolution). Their
 * own module, imported by both `returns/types.ts` and `policies/policy-rules.ts`: the policy rules
 * are written in these words, and the engine's input carries the policy rules, so keeping them in
 * types.ts would make the two modules import each other.
 */

export const RETURN_REASONS = [
  "size_too_small",
  "size_too_large",
  "not_as_described",
  "damaged",
  "defective",
  "wrong_item",
  "changed_mind",
  "arrived_late",
  "other",
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const ITEM_CONDITIONS = ["unopened", "unworn", "worn", "damaged"] as const;
export type ItemCondition = (typeof ITEM_CONDITIONS)[number];

export const RESOLUTIONS = ["refund", "store_credit", "exchange"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
