import { db } from "../../db.server";
import { AppError } from "../../errors";
import { getPlatform } from "../../platforms/get-platform.server";
import type { Platform, PlatformOrder } from "../../platforms/platform";
import { orderOfLookup, resolveReplacement } from "../../returns/list-exchange-options.server";
import { getActivePolicy } from "../../policies/get-active-policy.server";
import { estimateRefund } from "../../returns/engine";
import type { lookupOrder } from "../../returns/lookup-order.server";
import type { PendingReturnView, ToolContext, ToolOutcome } from "./tool";
import type { Resolution } from "../../returns/types";

/**
 * The summary of a return request before it is made: the chosen items of the order, their reasons,
 * the resolution and the engine's estimate. Items the policy does not let the shopper return, or
 * more than is left, are refused here with the engine's own reason.
 */
export async function summarizeReturnRequest(
  ctx: ToolContext,
  found: Awaited<ReturnType<typeof lookupOrder>>,
  args: { items: ReadonlyArray<{ lineItemId: string; quantity: number; reason: string; exchangeFor?: { variantId: string; productId?: string } }>; resolution: Resolution },
): Promise<{ view: PendingReturnView } | { outcome: ToolOutcome }> {
  const { order } = found;
  const items: PendingReturnView["items"] = [];
  const lines: Array<{ unitPrice: string; quantity: number }> = [];
  let platform: Platform | undefined;
  let platformOrder: PlatformOrder | undefined;
  const products = new Map();
  for (const item of args.items) {
    const line = order.lineItems.find((l) => l.id === item.lineItemId);
    if (!line || !line.returnable || item.quantity > line.returnableQuantity) {
      const why = line?.notReturnableReason ?? (line ? `Only ${line.returnableQuantity} of ${line.title} can be returned.` : "That item is not on this order.");
      return { outcome: { ok: false, result: { error: "not_returnable", message: why }, summary: `refused: ${why}` } };
    }
    let replacement: string | undefined;
    if (item.exchangeFor && args.resolution === "exchange") {
      // Named as the store sells it now, so the shopper confirms the size they will receive.
      try {
        platform ??= await getPlatform(ctx.shop);
        // The shopper's view of the order leaves out product ids; the platform's order has them.
        platformOrder ??= await orderOfLookup(ctx.shop.id, platform, found.lookupToken);
        const productId = platformOrder.lineItems.find((l) => l.id === line.id)?.productId ?? null;
        const r = await resolveReplacement(platform, { productId, title: line.title }, item.exchangeFor, "exchangeFor", products);
        replacement = r.variantTitle ? `${r.title} (${r.variantTitle})` : r.title;
      } catch (error) {
        if (error instanceof AppError && (error.code === "invalid_request" || error.code === "invalid_token")) return { outcome: { ok: false, result: { error: "invalid_request", message: error.message }, summary: `refused: ${error.message}` } };
        throw error;
      }
    }
    items.push({ lineItemId: line.id, title: line.title, variant: line.variantTitle, quantity: item.quantity, reason: item.reason, ...(replacement ? { replacement } : {}) });
    lines.push({ unitPrice: line.unitPrice, quantity: item.quantity });
  }
  if (!found.policy.allowedResolutions.includes(args.resolution)) {
    return { outcome: { ok: false, result: { error: "resolution_not_allowed", message: `The store offers ${found.policy.allowedResolutions.join(", ")}.` }, summary: "refused: resolution not allowed" } };
  }
  const { rules } = await getActivePolicy(db(), ctx.shop.id);
  const estimate = estimateRefund(rules, lines, args.resolution, order.currency);
  return { view: { orderName: order.name, items, resolution: args.resolution, estimate: { amount: estimate.amount, currency: estimate.currency } } };
}
