import { recordAudit } from "../audit/record-audit";
import { db } from "../db.server";
import { AppError } from "../errors";
import type { ShopContext } from "../shops/shop-context";

/** An internal note on a return, for the store's staff only: it lands in the timeline and never reaches the shopper. */
export async function addReturnNote(ctx: ShopContext, input: { returnId: string; note: string }) {
  const shopId = ctx.shop.id;
  const { returnId } = input;
  return db().$transaction(async (tx) => {
    const exists = await tx.returnRequest.findFirst({ where: { id: returnId, shopId }, select: { id: true } });
    if (!exists) throw new AppError("not_found", "No such return.");
    await recordAudit(tx, { shopId, entityType: "return", entityId: returnId, action: "note_added", actor: ctx.actor, message: input.note });
  });
}
