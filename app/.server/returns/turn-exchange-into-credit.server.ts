import { recordAudit } from "../audit/record-audit";
import { Prisma } from "../db.server";
import { runInTransaction } from "../jobs/enqueue-job";
import type { ShopContext } from "../shops/shop-context";
import { estimateRefund } from "./engine";
import { afterExchangeEdit, findShopReturn, lockEditableExchange, rulesOfReturn } from "./exchange-edit-support.server";
import { exchangeForOf, toReturnView } from "./return-view";
import type { ReturnView } from "./types";
import { assertExchangeEditable } from "./validation";

/**
 * The merchant turns an exchange into store credit before it exists on the platform (the size is
 * gone, the shopper asked): the return's resolution becomes store credit, its replacements are
 * dropped, and the amount is the returned items' value with the store-credit bonus of the rules the
 * return was decided under. A return has one resolution, so every item of it changes. Audited; an
 * approved return is mirrored to the platform as a store-credit return.
 */
export async function turnExchangeIntoCredit(ctx: ShopContext, input: { returnId: string; note?: string }): Promise<ReturnView> {
  const shopId = ctx.shop.id;
  const row = await findShopReturn(shopId, input.returnId);
  assertExchangeEditable(row);
  const rules = await rulesOfReturn(row);
  const estimate = estimateRefund(
    rules,
    row.items.map((i) => ({ unitPrice: i.unitPrice.toFixed(2), quantity: i.quantity })),
    "store_credit",
    row.currency.trim(),
  );
  const dropped = row.items.flatMap((i) => {
    const r = exchangeForOf(i.exchangeFor);
    return r ? [{ lineItemId: i.lineItemId, variantId: r.variantId, title: r.title, variantTitle: r.variantTitle }] : [];
  });

  const updated = await runInTransaction(async (tx) => {
    await lockEditableExchange(tx, shopId, row.id);
    await tx.returnItem.updateMany({ where: { returnId: row.id }, data: { exchangeFor: Prisma.DbNull } });
    const next = await tx.returnRequest.update({
      where: { id: row.id },
      data: {
        resolution: "store_credit",
        exchange: Prisma.DbNull,
        refundEstimate: estimate.amount,
        restockingFee: estimate.restockingFee,
        storeCreditBonus: estimate.storeCreditBonus,
      },
      include: { items: { orderBy: { lineItemId: "asc" } } },
    });
    await recordAudit(tx, {
      shopId,
      entityType: "return",
      entityId: row.id,
      action: "exchange.turned_into_store_credit",
      actor: ctx.actor,
      message: input.note ?? `Exchange turned into ${estimate.amount} ${estimate.currency} store credit (bonus ${estimate.storeCreditBonus})`,
      data: { replacements: dropped, storeCredit: estimate.amount, bonus: estimate.storeCreditBonus, currency: estimate.currency },
    });
    await afterExchangeEdit(tx, next);
    return next;
  });
  return toReturnView(updated, ctx.shop);
}
