import { z } from "zod";
import { AppError } from "../../errors";
import { listExchangeOptions, type ExchangeOptionsView } from "../../returns/list-exchange-options.server";
import { defineTool, type ToolContext, type ToolOutcome } from "./tool";
import { lookupVerifiedOrder } from "./verified-order.server";

/** One replacement the shopper can be offered: in stock, with the ids `start_return`'s `exchangeFor` takes. */
export type ReplacementOffer = { variantId: string; productId: string; sameProduct: boolean; label: string; price: string; available: number };

/** The replacements that can ship now for one line (the size ordered left out), same product first, from the portal's own exchange options. */
export function inStockOffers(options: ExchangeOptionsView): ReplacementOffer[] {
  const same = options.sameProduct;
  return [
    ...(same?.variants ?? [])
      .filter((v) => v.inStock && !v.current)
      .map((v) => ({ variantId: v.id, productId: same!.id, sameProduct: true, label: v.title ? `${same!.title} (${v.title})` : same!.title, price: v.price, available: v.available })),
    ...options.otherProducts.flatMap((p) =>
      p.variants.filter((v) => v.inStock).map((v) => ({ variantId: v.id, productId: p.id, sameProduct: false, label: v.title ? `${p.title} (${v.title})` : p.title, price: v.price, available: v.available })),
    ),
  ];
}

/** The replacements in stock for one line of the proved order, or the outcome to answer instead. */
export async function replacementOffers(ctx: ToolContext, lineItemId: string): Promise<{ offers: ReplacementOffer[]; options: ExchangeOptionsView; title: string } | { outcome: ToolOutcome }> {
  const lookup = await lookupVerifiedOrder(ctx);
  if ("outcome" in lookup) return lookup;
  const line = lookup.found.order.lineItems.find((l) => l.id === lineItemId);
  if (!line) return { outcome: { ok: false, result: { error: "invalid_request", message: "That item is not on this order." }, summary: "refused: item not on the order" } };
  try {
    const options = await listExchangeOptions(ctx, { lookupToken: lookup.found.lookupToken, lineItemId });
    return { offers: inStockOffers(options), options, title: line.title };
  } catch (error) {
    if (error instanceof AppError && (error.code === "invalid_request" || error.code === "invalid_token")) {
      return { outcome: { ok: false, result: { error: error.code, message: error.message }, summary: `refused: ${error.message}` } };
    }
    throw error;
  }
}

/**
 * `list_exchange_options`: the sizes and colours (and, when the policy allows, other products) in
 * stock now for one item of the proved order, read live from the store as the portal does, so the
 * assistant can ask which one the shopper wants before it starts an exchange.
 */
export const listExchangeOptionsTool = defineTool({
  name: "list_exchange_options",
  description:
    "For an exchange: the replacements in stock now for one returnable item of the verified order (other sizes or colours of the same product, and other products when the policy allows), with the ids start_return's exchangeFor takes. Ask the shopper which one they want before calling start_return; when none is in stock, offer store credit or a refund instead.",
  args: z.object({ lineItemId: z.string().trim().min(1).max(64).describe("The id of the item from check_return_eligibility.") }),
  async run(ctx, args) {
    const found = await replacementOffers(ctx, args.lineItemId);
    if ("outcome" in found) return found.outcome;
    const { offers, options, title } = found;
    return {
      ok: true,
      result: {
        item: title,
        inStock: offers.map((o) => ({ variantId: o.variantId, ...(o.sameProduct ? {} : { productId: o.productId }), name: o.label, price: `${o.price} ${options.currency}`, available: o.available })),
        storeCreditBonusPercent: options.storeCreditBonusPercent,
        note: offers.length
          ? "Ask the shopper which of these they want; pass its variantId (and productId when given) as exchangeFor."
          : "Nothing else is in stock for this item: offer store credit (with its bonus) or a refund instead.",
      },
      summary: offers.length ? `${offers.length} replacements in stock for ${title}` : `no replacement in stock for ${title}`,
    };
  },
});
