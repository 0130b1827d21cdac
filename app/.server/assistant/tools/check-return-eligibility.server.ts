import { z } from "zod";
import { defineTool } from "./tool";
import { lookupVerifiedOrder } from "./verified-order.server";

/** `check_return_eligibility`: which items of the proved order the policy lets the shopper return, and why not the others. */
export const checkReturnEligibilityTool = defineTool({
  name: "check_return_eligibility",
  description: "Which items of the verified order can be returned under the shop's policy, with their ids, and why others cannot.",
  args: z.object({}),
  async run(ctx) {
    const lookup = await lookupVerifiedOrder(ctx);
    if ("outcome" in lookup) return lookup.outcome;
    const { order, policy } = lookup.found;
    const returnable = order.lineItems.filter((l) => l.returnable);
    return {
      ok: true,
      result: {
        order: order.name,
        items: order.lineItems.map((l) => ({
          lineItemId: l.id,
          title: l.title,
          variant: l.variantTitle,
          unitPrice: `${l.unitPrice} ${order.currency}`,
          returnable: l.returnable,
          returnableQuantity: l.returnableQuantity,
          notReturnableReason: l.notReturnableReason,
        })),
        policy,
      },
      summary: `${returnable.length} of ${order.lineItems.length} items returnable on ${order.name}`,
    };
  },
});
