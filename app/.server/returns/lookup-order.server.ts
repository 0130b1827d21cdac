import { z } from "zod";
import { FIELD_LIMITS } from "../http/field-limits";
import { db, type Shop } from "../db.server";
import type { ShopperContext } from "../shops/shop-context";
import { AppError } from "../errors";
import { getPlatform } from "../platforms/get-platform.server";
import type { Platform, PlatformOrder } from "../platforms/platform";
import { getActivePolicy } from "../policies/get-active-policy.server";
import { publicPolicySummary } from "../policies/policy-rules";
import { signToken } from "../security/tokens.server";
import { linkOrderLookup, linkPhoneOrderLookup } from "../contacts/link-order-lookup.server";
import { lineReturnability } from "./engine";
import { assertLookupAllowed, recordFailedLookup } from "./lookup-limiter.server";
import { openQuantitiesOf, readOrderReturns, type OrderReturnRow } from "./open-return-quantities.server";
import { nextStepFor, type NextStep } from "./methods";
import { returnReference } from "./return-reference";
import { signReturnToken } from "./return-token";
import type { OrderLine, OrderSnapshot, ReturnStatus } from "./types";

export const LookupInput = z.object({
  orderNumber: z
    .string({ error: "is required" })
    .trim()
    .min(1, "is required")
    .max(32, "must be at most 32 characters")
    .regex(/^#?[A-Za-z0-9][A-Za-z0-9-]*$/, "must be an order number such as #1001"),
  email: z.string({ error: "is required" }).trim().toLowerCase().max(FIELD_LIMITS.email, `must be at most ${FIELD_LIMITS.email} characters`).pipe(z.email("must be an email address")),
});
export type LookupInput = z.infer<typeof LookupInput>;

/**
 * A lookup proved by the number the shopper writes from instead of an email: only ever built from
 * a number the channel proved (a signed WhatsApp sender), never from anything a shopper typed.
 */
export type PhoneLookupInput = { orderNumber: string; phone: string };

/** A lookup token lasts long enough to fill in the form, not to be shared around. */
export const LOOKUP_TOKEN_TTL_SECONDS = 30 * 60;

export type LookupClaims = { shopId: string; orderId: string; orderName: string; email: string };

/** The order as the portal shows it: every line with what may still be returned, and why not (`returns`: the order's returns in Dokani). */
export async function buildOrderSnapshot(platform: Platform, order: PlatformOrder, returns: OrderReturnRow[] | Promise<OrderReturnRow[]>) {
  const [platformQuantities, rows] = await Promise.all([platform.returnableQuantities(order), returns]);
  const alreadyReturned = openQuantitiesOf(rows, order.id);
  const lines: OrderLine[] = order.lineItems.map((line) => ({
    ...line,
    returnableQuantity: Math.max(0, Math.min(line.quantity, platformQuantities[line.id] ?? line.quantity) - (alreadyReturned.get(line.id) ?? 0)),
  }));
  const snapshot: OrderSnapshot = {
    id: order.id,
    name: order.name,
    email: order.email.toLowerCase(),
    currency: order.currency,
    totalPrice: order.totalPrice,
    processedAt: order.processedAt,
    deliveredAt: order.deliveredAt,
    lineItems: lines,
  };
  return snapshot;
}

/** A return already made on the looked-up order, with the token that opens its status page. */
export type OrderReturnSummary = {
  id: string;
  reference: string;
  status: ReturnStatus;
  createdAt: string;
  items: Array<{ lineItemId: string; title: string; quantity: number }>;
  /** Where the return stands, in a sentence ("Return approved: send it by …"). */
  stateText: string;
  nextStep: NextStep | null;
  accessToken: string;
};

/** Where a return stands, in words for its shopper. */
export function returnStateText(status: ReturnStatus, nextStep: NextStep | null): string {
  switch (status) {
    case "pending_triage":
    case "pending_review":
      return "Return requested: the store is reviewing it.";
    case "approved":
      if (nextStep?.kind === "send_back" && nextStep.deadlineText) return `Return approved: send it by ${nextStep.deadlineText}.`;
      if (nextStep?.kind === "keep_item") return "Return approved: keep it, no parcel needed.";
      return "Return approved: the store will email you how to send it back.";
    case "completed":
      return "Returned: the return is complete.";
    case "denied":
      return "Return request declined.";
    default:
      return "Return request cancelled.";
  }
}

/** The order's returns (newest first, cancelled ones left out, at most 20), each with a link token for its status page. */
function summarizeOrderReturns(shop: Shop, rows: OrderReturnRow[], now: Date): OrderReturnSummary[] {
  return rows
    .filter((row) => row.status !== "cancelled")
    .slice(0, 20)
    .map((row) => {
      const nextStep = nextStepFor(shop, { ...row, refundEstimate: { toFixed: () => row.refundEstimate } });
      return {
        id: row.id,
        reference: returnReference(row.id),
        status: row.status,
        createdAt: row.createdAt.toISOString(),
        items: row.items.map((i) => ({ lineItemId: i.lineItemId, title: i.title, quantity: i.quantity })),
        stateText: returnStateText(row.status, nextStep),
        nextStep,
        accessToken: signReturnToken(shop.id, row.id, now.getTime()),
      };
    });
}

/**
 * `POST /proxy/returns/lookup`: finds the shopper's order by number and email (or, from a channel
 * that proved the sender's number, by number and that phone). A missing order and a wrong email or
 * phone get the same 404, and each counts against the client's and the order's guessing allowance
 * (429 once spent). The answer's token binds shop, order and the order's email for the next step.
 */
export async function lookupOrder(ctx: ShopperContext, input: LookupInput | PhoneLookupInput, now = new Date()) {
  const { shop, clientAddress } = ctx;
  await assertLookupAllowed(shop.id, clientAddress, input.orderNumber);
  const policy = await getActivePolicy(db(), shop.id);
  const platform = await getPlatform(shop);
  const byPhone = "phone" in input;
  const order = byPhone ? await platform.findOrderByPhone(input.orderNumber, input.phone) : await platform.findOrder(input.orderNumber, input.email);
  if (!order) {
    await recordFailedLookup(shop.id, clientAddress, input.orderNumber);
    throw new AppError("order_not_found", byPhone ? "We could not find an order with that number for the phone number you are writing from." : "We could not find an order with that number and email. Check both and try again.");
  }
  // The lookup proved the order's email (or the sender's number): its contact (and the chat's, when asked from one) alongside the order's reads.
  const conversationId = "conversationId" in ctx && typeof ctx.conversationId === "string" ? ctx.conversationId : undefined;
  const reading = readOrderReturns(db(), shop.id, order.id);
  const [snapshot, rows] = await Promise.all([
    buildOrderSnapshot(platform, order, reading),
    reading,
    byPhone ? linkPhoneOrderLookup(shop.id, { phone: input.phone, conversationId }) : linkOrderLookup(shop.id, { email: order.email, name: order.customerName, conversationId }),
  ]);
  const returns = summarizeOrderReturns(shop, rows, now);
  const lineItems = snapshot.lineItems.map((line) => {
    const rule = lineReturnability(policy.rules, line, snapshot, now);
    const nothingLeft = line.returnableQuantity === 0;
    // A line already in a return reads as that return's state, not as a flat "already returned".
    const holding = returns.find((r) => r.status !== "denied" && r.items.some((i) => i.lineItemId === line.id));
    return {
      id: line.id,
      title: line.title,
      variantTitle: line.variantTitle,
      sku: line.sku,
      quantity: line.quantity,
      returnableQuantity: rule.returnable ? line.returnableQuantity : 0,
      unitPrice: line.unitPrice,
      productType: line.productType,
      tags: line.tags,
      returnable: rule.returnable && !nothingLeft,
      notReturnableReason:
        rule.reason === "not_delivered"
          ? rule.message
          : nothingLeft && holding
            ? `${line.title}: ${holding.stateText}`
            : !rule.returnable
              ? rule.message
              : nothingLeft
                ? "Already returned or in a return request."
                : null,
      returnId: nothingLeft && holding ? holding.id : null,
    };
  });
  const claims: LookupClaims = { shopId: shop.id, orderId: order.id, orderName: order.name, email: snapshot.email };
  return {
    order: {
      id: order.id,
      name: order.name,
      processedAt: order.processedAt.toISOString(),
      deliveredAt: order.deliveredAt?.toISOString() ?? null,
      currency: order.currency,
      totalPrice: order.totalPrice,
      lineItems,
    },
    returns,
    policy: publicPolicySummary(policy.rules),
    lookupToken: signToken("lookup", claims, LOOKUP_TOKEN_TTL_SECONDS, now.getTime()),
  };
}
