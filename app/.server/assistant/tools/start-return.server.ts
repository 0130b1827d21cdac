import { createHash } from "node:crypto";
import { FIELD_LIMITS } from "../../http/field-limits";
import { z } from "zod";
import { db } from "../../db.server";
import { AppError } from "../../errors";
import { createReturn } from "../../returns/create-return.server";
import { shopperText } from "../../returns/text";
import { ITEM_CONDITIONS, RESOLUTIONS, RETURN_REASONS } from "../../returns/types";
import { defineTool } from "./tool";
import { lookupVerifiedOrder } from "./verified-order.server";
import { replacementOffers } from "./list-exchange-options.server";
import { summarizeReturnRequest } from "./summarize-return-request.server";
import { signReturnToken } from "../../returns/return-token";
import { statusPageUrl } from "../../returns/status-page-url";

const StartReturnArgs = z.object({
  items: z
    .array(
      z.object({
        lineItemId: z.string().trim().min(1).max(64).describe("The id of a returnable item from check_return_eligibility."),
        quantity: z.number().int().min(1).max(100).describe("How many of this item to return."),
        reason: z.enum(RETURN_REASONS).describe("Why the shopper returns it."),
        condition: z.enum(ITEM_CONDITIONS).optional().describe("The item's condition, if the shopper said."),
        exchangeFor: z
          .object({
            variantId: z.string().trim().min(1).max(255).describe("The id of the variant the shopper chose for the exchange; ask which size or colour they want first."),
            productId: z.string().trim().min(1).max(255).optional().describe("Only for another product, when the policy allows any product."),
          })
          .optional()
          .describe("For an exchange: the replacement, for every item or none."),
      }),
    )
    .min(1)
    .max(20)
    .describe("The items the shopper chose to return."),
  resolution: z.enum(RESOLUTIONS).describe("What the shopper wants back: refund, store_credit or exchange (only what the policy allows)."),
  note: shopperText(FIELD_LIMITS.itemNote).optional().describe("The shopper's own words about the return, if any."),
});

/** An order proved by the sender's phone that has no email: returns are kept, updated and synced by the order's email. */
const NO_EMAIL_ON_ORDER = {
  ok: false,
  result: { error: "no_email_on_order", message: "This order has no email address, which a return needs for its updates. Offer to bring in a person from the team, who can help with the return." },
  summary: "refused: the order has no email for a return",
} as const;

/**
 * `start_return`: asks for a return of the proved order through the portal's own `createReturn`, so
 * the policy engine decides and nothing a model says can approve a return.
 */
export const startReturnTool = defineTool({
  name: "start_return",
  description: "Request a return of items of the verified order once the shopper has chosen the items, the reason and the resolution. The shop's policy decides the outcome; report it exactly.",
  args: StartReturnArgs,
  async run(ctx, args) {
    const lookup = await lookupVerifiedOrder(ctx);
    if ("outcome" in lookup) return lookup.outcome;
    if (!ctx.verifiedOrder?.email) return NO_EMAIL_ON_ORDER;
    // An exchange starts only once the shopper chose what comes back: ask, from what is in stock now.
    const unchosen = args.resolution === "exchange" ? args.items.filter((item) => !item.exchangeFor) : [];
    if (unchosen.length) {
      const offers = await replacementOffers(ctx, unchosen[0]!.lineItemId);
      if ("outcome" in offers) return offers.outcome;
      return {
        ok: false,
        result: {
          error: "replacement_needed",
          item: offers.title,
          inStock: offers.offers.map((o) => ({ variantId: o.variantId, ...(o.sameProduct ? {} : { productId: o.productId }), name: o.label })),
          message: offers.offers.length
            ? `Nothing is submitted yet. Ask the shopper which replacement they want for ${offers.title}, then call start_return with it as exchangeFor.`
            : `Nothing else is in stock for ${offers.title}. Nothing is submitted: offer store credit (with its bonus) or a refund instead.`,
        },
        summary: `asked for a replacement for ${offers.title} first`,
      };
    }
    const confirmation = ctx.returnConfirmation;
    const requestKey = `${lookup.found.order.id}:${createHash("sha256").update(JSON.stringify(args)).digest("hex").slice(0, 32)}`;
    if (confirmation && !(confirmation.pending === requestKey && confirmation.confirmed)) {
      const summary = await summarizeReturnRequest(ctx, lookup.found, args);
      if ("outcome" in summary) return summary.outcome;
      await confirmation.remember(requestKey);
      return {
        ok: true,
        result: {
          needsConfirmation: true,
          summary: summary.view,
          message: `Nothing is submitted yet. Show the shopper this summary for order ${lookup.found.order.name} (items, reason, resolution, estimate) and ask them to confirm with yes; when they do, call start_return again with exactly the same arguments.`,
        },
        summary: `confirmation asked for a return on ${lookup.found.order.name}`,
        pendingReturn: summary.view,
      };
    }
    await confirmation?.remember(undefined);
    // The same request twice in one conversation (a retried tool call) makes one return, never two.
    const scope = ctx.conversationId ? `chat:${ctx.conversationId}` : `order:${lookup.found.order.id}`;
    const key = `${scope}:${createHash("sha256").update(JSON.stringify(args)).digest("hex").slice(0, 32)}`;
    let created: Awaited<ReturnType<typeof createReturn>>;
    try {
      created = await createReturn(ctx, { lookupToken: lookup.found.lookupToken, items: args.items, resolution: args.resolution, note: args.note }, { idempotencyKey: key, now: ctx.now });
    } catch (error) {
      if (error instanceof AppError && (error.code === "invalid_request" || error.code === "invalid_token")) {
        return { ok: false, result: { error: "invalid_request", message: error.message, fields: error.fields ?? {} }, summary: `refused: ${error.message}` };
      }
      throw error;
    }
    if (ctx.conversationId) await db().returnRequest.updateMany({ where: { id: created.view.id, shopId: ctx.shop.id, conversationId: null }, data: { conversationId: ctx.conversationId } });
    const view = created.view;
    return {
      ok: true,
      result: {
        returnId: view.id,
        order: view.orderName,
        status: view.status,
        decision: view.decision,
        refundEstimate: view.refundEstimate,
        note: "This decision was made by the store's return policy and is final for now; tell the shopper exactly this outcome.",
      },
      summary: `return ${view.id} ${view.status}`,
      returnDecision: {
        returnId: view.id,
        orderName: view.orderName,
        status: view.status,
        outcome: view.decision.outcome,
        explanation: view.decision.explanation,
        amount: view.refundEstimate.amount,
        currency: view.refundEstimate.currency,
        resolution: view.resolution,
        statusUrl: statusPageUrl(ctx.shop, view.id, signReturnToken(ctx.shop.id, view.id)),
      },
    };
  },
});
