import { createHash } from "node:crypto";
import { z } from "zod";
import { activePolicySummary } from "../assistant/active-policy-summary.server";
import { db } from "../db.server";
import { AppError } from "../errors";
import { parseId } from "../http/route-helpers.server";
import { MAX_QUERY_CHARS, searchKnowledge } from "../knowledge/search-knowledge.server";
import type { ProxyContext } from "../proxy/authenticate-proxy.server";
import { CreateReturnInput, createReturn, parseIdempotencyKey } from "../returns/create-return.server";
import { getShopperReturn } from "../returns/get-shopper-return.server";
import { ExchangeOptionsInput, listExchangeOptions } from "../returns/list-exchange-options.server";
import { LookupInput, lookupOrder } from "../returns/lookup-order.server";
import { verifyToken } from "../security/tokens.server";
import { storefrontTool, type AnyTool } from "./tool";

/*
 * The storefront tools (API.md "MCP": shoppers' own AI assistants, through the app proxy). Each is
 * the portal's own service with the portal's schema: `find_order` is the portal's lookup (the same
 * answer for a missing order and a wrong email, the same guessing limits), `start_return` the
 * portal's request, decided by the store's policy. An assistant holds the lookup token the way the
 * portal's page does, so it can never do more than its shopper could in the portal.
 */

const lookupToken = z.string({ error: "is required" }).min(1, "is required").max(2048).meta({ description: "The lookupToken find_order answered (valid 30 minutes)" });

/** The order a lookup token names, looked up again (quantities and windows may have changed); a token of another store is refused. */
async function lookupByToken(ctx: ProxyContext, token: string) {
  const claims = verifyToken("lookup", token);
  if (claims.shopId !== ctx.shop.id || typeof claims.orderName !== "string" || typeof claims.email !== "string") {
    throw new AppError("invalid_token", "This order lookup is not valid for this store. Please find your order again.");
  }
  try {
    return await lookupOrder(ctx, { orderNumber: claims.orderName.replace(/^#/, ""), email: claims.email });
  } catch (error) {
    if (error instanceof AppError && error.code === "order_not_found") throw new AppError("invalid_token", "We could not find this order any more. Please find your order again.");
    throw error;
  }
}

const searchHelpTool = storefrontTool({
  name: "search_help",
  title: "Search the store's help",
  description: "The store's published help articles (shipping, returns, sizing, care), passage by passage, best match first.",
  input: z.object({ query: z.string({ error: "is required" }).trim().min(1, "is required").max(MAX_QUERY_CHARS, `must be at most ${MAX_QUERY_CHARS} characters`) }),
  async run(ctx, args) {
    const hits = await searchKnowledge(db(), ctx.shop.id, args.query, { limit: 5, openai: null });
    return {
      data: { data: hits.map((h) => ({ title: h.title, heading: h.heading, text: h.text })) },
      summary: hits.length ? `${hits.length} passages from: ${[...new Set(hits.map((h) => h.title))].join("; ")}.` : "Nothing in the store's help matches.",
    };
  },
});

const policyTool = storefrontTool({
  name: "get_return_policy",
  title: "Get the return policy",
  description: "The store's return policy as the returns portal shows it: window, what can never be returned, resolutions, fees and bonus.",
  input: z.object({}),
  async run(ctx) {
    const policy = await activePolicySummary(ctx);
    if (!policy) throw new AppError("unavailable", "This store is not taking returns online right now.");
    return {
      data: { policy },
      summary: `Returns within ${policy.returnWindowDays} days of ${policy.windowStartsFrom}; ${policy.allowedResolutions.join(", ")}${policy.storeCreditBonusPercent ? ` (store credit +${policy.storeCreditBonusPercent}%)` : ""}.`,
    };
  },
});

const findOrderTool = storefrontTool({
  name: "find_order",
  title: "Find the shopper's order",
  description: "Finds an order by its number and the email on it, exactly as the returns portal does, and answers a lookupToken for the next steps. A wrong email and a missing order get the same answer; repeated guesses are locked out.",
  input: LookupInput,
  async run(ctx, args) {
    const found = await lookupOrder(ctx, args);
    return {
      data: { lookupToken: found.lookupToken, order: found.order, policy: found.policy, returns: found.returns },
      summary: `Found ${found.order.name}: ${found.order.lineItems.filter((l) => l.returnable).length} of ${found.order.lineItems.length} items can be returned.`,
    };
  },
});

const eligibilityTool = storefrontTool({
  name: "check_return_eligibility",
  title: "Check what can be returned",
  description: "For the order find_order found: each item with how many units can still be returned under the store's policy, and why not when it cannot.",
  input: z.object({ lookupToken }),
  async run(ctx, args) {
    const found = await lookupByToken(ctx, args.lookupToken);
    const items = found.order.lineItems.map((l) => ({
      lineItemId: l.id,
      title: l.title,
      variantTitle: l.variantTitle,
      unitPrice: { amount: l.unitPrice, currency: found.order.currency },
      returnable: l.returnable,
      returnableQuantity: l.returnableQuantity,
      notReturnableReason: l.notReturnableReason,
    }));
    return {
      data: { order: found.order.name, items, policy: found.policy },
      summary: `${items.filter((i) => i.returnable).length} of ${items.length} items of ${found.order.name} can be returned.`,
    };
  },
});

const exchangeOptionsTool = storefrontTool({
  name: "list_exchange_options",
  title: "List replacements in stock",
  description:
    "For an exchange, as the returns portal shows it: every size or colour of the item's product with the units in stock now (out of stock ones marked), other products up to the item's price when the policy allows, and the store-credit bonus to offer when nothing fits. Ask the shopper which one they want, then pass it to start_return as the item's exchangeFor.",
  input: z.object({ lookupToken, lineItemId: ExchangeOptionsInput.shape.lineItemId.meta({ description: "The item's lineItemId from check_return_eligibility" }) }),
  async run(ctx, args) {
    const options = await listExchangeOptions(ctx, args);
    const inStock = [...(options.sameProduct?.variants ?? []).filter((v) => !v.current), ...options.otherProducts.flatMap((p) => p.variants)].filter((v) => v.inStock).length;
    return {
      data: { options },
      summary: inStock ? `${inStock} replacements in stock.` : `Nothing else is in stock: store credit${options.storeCreditBonusPercent ? ` (+${options.storeCreditBonusPercent}%)` : ""} or a refund instead.`,
    };
  },
});

const startReturnTool = storefrontTool({
  name: "start_return",
  title: "Start a return",
  description:
    "Requests a return of items of the order find_order found, as the returns portal does; the store's policy decides at once (approved, denied with its reasons, or review). For an exchange, give each item the replacement the shopper chose from list_exchange_options as exchangeFor. The same request again answers the same return.",
  input: CreateReturnInput.extend({
    idempotencyKey: z.string().max(255).optional().meta({ description: "Makes a retried request answer the same return (defaults to one derived from the request)" }),
  }),
  async run(ctx, args) {
    const { idempotencyKey, ...input } = args;
    const key = parseIdempotencyKey(idempotencyKey ?? `mcp:${createHash("sha256").update(JSON.stringify(input)).digest("hex")}`);
    const result = await createReturn(ctx, input, { idempotencyKey: key });
    const view = result.view;
    return {
      data: { return: view, accessToken: result.accessToken, created: result.created },
      summary: `Return ${view.reference ?? view.id} on ${view.orderName}: ${view.status}. ${view.decision.explanation}`,
      audit: { entityType: "return", entityId: view.id },
    };
  },
});

const statusTool = storefrontTool({
  name: "get_return_status",
  title: "Get a return's status",
  description: "Where a return stands, with the accessToken start_return (or find_order's list of returns) answered.",
  input: z.object({
    returnId: z.string({ error: "is required" }).trim().min(1, "is required").max(100),
    accessToken: z.string({ error: "is required" }).min(1, "is required").max(2048),
  }),
  async run(ctx, args) {
    const view = await getShopperReturn(ctx, { returnId: parseId(args.returnId, "return"), token: args.accessToken });
    return { data: { return: view }, summary: `Return on ${view.orderName}: ${view.status}. ${view.decision.explanation}` };
  },
});

/** Every storefront tool, in the order a shopper's assistant lists them. */
export const STOREFRONT_TOOLS: ReadonlyArray<AnyTool<ProxyContext>> = [searchHelpTool, policyTool, findOrderTool, eligibilityTool, exchangeOptionsTool, startReturnTool, statusTool];
