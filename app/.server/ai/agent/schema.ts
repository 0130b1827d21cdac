import { z } from "zod";
import { LookupInput } from "../../returns/lookup-order.server";
import { shopperText } from "../../returns/text";
import { ITEM_CONDITIONS, RESOLUTIONS, RETURN_REASONS } from "../../returns/types";

/**
 * The arguments of each tool the agent may call. The model sees them as JSON schema; what it sends
 * is parsed with them again before any tool runs: a model's output is a boundary like any HTTP body.
 */

export const SearchKnowledgeArgs = z.object({
  query: z.string().trim().min(1).max(300).describe("What to look up in the shop's help articles, in a few words (for example: shipping to Canada)."),
});

export const LookupOrderArgs = z.object({
  orderNumber: LookupInput.shape.orderNumber.describe("The order number exactly as the shopper wrote it in this conversation, such as #1001."),
  email: LookupInput.shape.email.describe("The email address the shopper wrote in this conversation for this order."),
});

export const NoArgs = z.object({});

export const StartReturnArgs = z.object({
  items: z
    .array(
      z.object({
        lineItemId: z.string().trim().min(1).max(64).describe("The id of a returnable item from check_return_eligibility."),
        quantity: z.number().int().min(1).max(100).describe("How many of this item to return."),
        reason: z.enum(RETURN_REASONS).describe("Why the shopper returns it."),
        condition: z.enum(ITEM_CONDITIONS).optional().describe("The item's condition, if the shopper said."),
      }),
    )
    .min(1)
    .max(20)
    .describe("The items the shopper chose to return."),
  resolution: z.enum(RESOLUTIONS).describe("What the shopper wants back: refund, store_credit or exchange (only what the policy allows)."),
  note: shopperText(1000).optional().describe("The shopper's own words about the return, if any."),
});

export const HandOffArgs = z.object({
  reason: z.string().trim().min(1).max(500).describe("Why a person should take over, in one sentence for the shop's team."),
});

export type StartReturnArgs = z.infer<typeof StartReturnArgs>;
