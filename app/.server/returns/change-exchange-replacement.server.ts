import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { Prisma } from "../db.server";
import { AppError } from "../errors";
import { runInTransaction } from "../jobs/enqueue-job";
import { formatCents, parseCents } from "../money";
import { getPlatform } from "../platforms/get-platform.server";
import type { ShopContext } from "../shops/shop-context";
import { checkExchange, settleExchange } from "./engine/decide-exchange";
import { compileRules } from "./engine/compile-rules";
import { afterExchangeEdit, findShopReturn, lockEditableExchange, replacementJson, rulesOfReturn } from "./exchange-edit-support.server";
import { resolveReplacement } from "./list-exchange-options.server";
import { exchangeForOf, exchangeOf, toReturnView } from "./return-view";
import type { DecisionReasonCode, OrderLine, Replacement, RequestedItem, ReturnView } from "./types";
import { assertExchangeEditable } from "./validation";

/** The replacement a merchant picks instead: a variant of the same product (or of `productId` when the policy allows any product). */
export const ReplacementChoice = z.object({
  variantId: z.string({ error: "is required" }).trim().min(1, "is required").max(255),
  productId: z.string({ error: "must be text" }).trim().min(1, "must not be empty").max(255).optional(),
});
export type ReplacementChoice = z.infer<typeof ReplacementChoice>;

const FIELD_PROBLEM: Partial<Record<DecisionReasonCode, string>> = {
  replacement_out_of_stock: "is out of stock in the quantity returned",
  exchange_other_product: "must be a variant of the same product under this store's policy",
  exchange_over_value: "costs more than the returned item",
  exchange_price_difference_refused: "costs more than the returned item, and the policy takes no payment for a difference",
};

/**
 * The merchant changes the replacement of one item of an exchange, before the exchange exists on
 * the platform. The variant is read again from the platform (it must be sold and in stock for the
 * quantity) and checked by the engine under the rules the return was decided under; the price
 * difference and its settlement follow the new choice, while whether it ships at once stays as
 * decided. Audited; an approved return is mirrored to the platform again with the new choice.
 */
export async function changeExchangeReplacement(ctx: ShopContext, input: { returnId: string; lineItemId: string; exchangeFor: ReplacementChoice }): Promise<ReturnView> {
  const shopId = ctx.shop.id;
  const row = await findShopReturn(shopId, input.returnId);
  assertExchangeEditable(row);
  const item = row.items.find((i) => i.lineItemId === input.lineItemId);
  if (!item) throw new AppError("not_found", "No such item on this return.");
  const current = exchangeForOf(item.exchangeFor);
  if (!current) throw new AppError("invalid_state", "This item has no replacement chosen: the store picks one when it processes the exchange.");

  const platform = await getPlatform(ctx.shop);
  const order = await platform.findOrder(row.orderName, row.customerEmail);
  const lineProductIdOf = (i: (typeof row.items)[number]) => {
    const stored = i.exchangeFor as { lineProductId?: unknown } | null;
    return order?.lineItems.find((l) => l.id === i.lineItemId)?.productId ?? (typeof stored?.lineProductId === "string" ? stored.lineProductId : null);
  };
  const lineProductId = lineProductIdOf(item);
  const replacement = await resolveReplacement(
    platform,
    { productId: input.exchangeFor.productId ?? current.productId ?? lineProductId, title: item.title },
    { variantId: input.exchangeFor.variantId, ...(input.exchangeFor.productId ? { productId: input.exchangeFor.productId } : {}) },
    "exchangeFor",
  );

  // The engine checks the whole exchange with the new choice; the other replacements were accepted earlier and keep their quantity.
  const rules = await rulesOfReturn(row);
  const exchanged = row.items.flatMap((i) => {
    const kept = exchangeForOf(i.exchangeFor);
    const r: Replacement | null = i.lineItemId === item.lineItemId ? replacement : kept ? { ...kept, available: i.quantity } : null;
    if (!r) return [];
    const requested: RequestedItem = { lineItemId: i.lineItemId, quantity: i.quantity, reason: i.reason, exchangeFor: r };
    const line: OrderLine = {
      id: i.lineItemId,
      title: i.title,
      variantTitle: i.variantTitle,
      sku: i.sku,
      quantity: i.quantity,
      returnableQuantity: i.quantity,
      unitPrice: i.unitPrice.toFixed(2),
      productType: i.productType,
      tags: i.tags,
      productId: lineProductIdOf(i),
    };
    return [{ requested, line }];
  });
  const compiled = compileRules(rules);
  const check = checkExchange(
    compiled,
    exchanged.map((e) => e.requested),
    exchanged.map((e) => e.line),
    row.currency.trim(),
  );
  if (check.hard.length) {
    throw new AppError("unprocessable", check.hard.map((r) => r.message).join(" "), {
      fields: { "exchangeFor.variantId": FIELD_PROBLEM[check.hard[0]!.code] ?? "is not allowed by the store's policy" },
    });
  }
  const settled = settleExchange(compiled, check, {
    approved: row.status === "approved",
    riskScore: row.riskScore ? row.riskScore.toNumber() : 0,
    orderCents: parseCents(row.orderTotal.toFixed(2)),
    currency: row.currency.trim(),
  });
  const stored = exchangeOf(row.exchange);
  // Whether the replacement ships before the return arrives was decided on risk and order value, which a new size does not change.
  const exchange = stored ? { ...settled, instant: stored.instant, reasons: stored.reasons } : settled;
  const refundEstimate = check.differenceCents < 0 ? formatCents(-check.differenceCents) : "0.00";

  const updated = await runInTransaction(async (tx) => {
    await lockEditableExchange(tx, shopId, row.id);
    await tx.returnItem.update({
      where: { id: item.id },
      data: {
        exchangeFor: replacementJson({
          productId: replacement.productId,
          variantId: replacement.variantId,
          title: replacement.title,
          variantTitle: replacement.variantTitle,
          sku: replacement.sku,
          price: replacement.price,
          lineProductId: lineProductId ?? null,
        }),
      },
    });
    const next = await tx.returnRequest.update({
      where: { id: row.id },
      data: { exchange: exchange as unknown as Prisma.InputJsonValue, refundEstimate },
      include: { items: { orderBy: { lineItemId: "asc" } } },
    });
    const name = (r: { title: string; variantTitle: string | null }) => (r.variantTitle ? `${r.title} (${r.variantTitle})` : r.title);
    await recordAudit(tx, {
      shopId,
      entityType: "return",
      entityId: row.id,
      action: "exchange.replacement_changed",
      actor: ctx.actor,
      message: `Replacement for ${item.title} changed from ${name(current)} to ${name(replacement)}`,
      data: {
        lineItemId: item.lineItemId,
        from: { productId: current.productId, variantId: current.variantId, title: current.title, variantTitle: current.variantTitle, price: current.price },
        to: { productId: replacement.productId, variantId: replacement.variantId, title: replacement.title, variantTitle: replacement.variantTitle, price: replacement.price },
        availableAtChange: replacement.available,
        difference: exchange.difference,
        settlement: exchange.settlement,
      },
    });
    await afterExchangeEdit(tx, next);
    return next;
  });
  return toReturnView(updated, ctx.shop);
}
