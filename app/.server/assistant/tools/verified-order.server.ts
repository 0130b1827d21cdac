import { AppError } from "../../errors";
import { lookupOrder } from "../../returns/lookup-order.server";
import type { ToolContext, ToolOutcome, VerifiedOrder } from "./tool";

type Lookup = Awaited<ReturnType<typeof lookupOrder>>;

/** The answer of every tool that needs a proved order when there is none yet. */
export const NOT_VERIFIED: ToolOutcome = {
  ok: false,
  result: { error: "not_verified", message: "First ask the shopper for their order number and the email address on the order, then call lookup_order with both." },
  summary: "refused: no verified order",
};

/** Sets the proved order in the context and has the caller keep it. */
export async function rememberVerifiedOrder(ctx: ToolContext, order: VerifiedOrder | undefined) {
  ctx.verifiedOrder = order;
  await ctx.rememberVerifiedOrder?.(order);
}

/**
 * The proved order looked up again (quantities and return windows may have changed since), or the
 * outcome to hand back instead: no proved order, the order gone, or too many lookups.
 */
export async function lookupVerifiedOrder(ctx: ToolContext): Promise<{ found: Lookup } | { outcome: ToolOutcome }> {
  const verified = ctx.verifiedOrder;
  if (!verified) return { outcome: NOT_VERIFIED };
  try {
    const orderNumber = verified.orderName.replace(/^#/, "");
    // An order proved by phone is looked up by that phone again, and only while the shopper still writes from it.
    if (verified.phone && verified.phone !== ctx.senderPhone) return { outcome: NOT_VERIFIED };
    return { found: await lookupOrder(ctx, verified.phone ? { orderNumber, phone: verified.phone } : { orderNumber, email: verified.email }, ctx.now) };
  } catch (error) {
    if (error instanceof AppError && error.code === "order_not_found") {
      await rememberVerifiedOrder(ctx, undefined);
      return { outcome: { ok: false, result: { error: "not_found", message: "The order can no longer be found." }, summary: "verified order no longer found" } };
    }
    if (error instanceof AppError && error.code === "rate_limited") return { outcome: { ok: false, result: { error: "rate_limited", message: error.message }, summary: "rate limited" } };
    throw error;
  }
}
