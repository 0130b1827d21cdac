import { recordAudit, type Actor } from "../audit/record-audit";
import { db } from "../db.server";
import { AppError } from "../errors";

/** An internal note on a return, for the store's staff only: it lands in the timeline and never reaches the shopper. */
export async function addReturnNote(shopId: string, returnId: string, options: { actor: Actor; note: string }) {
  return db().$transaction(async (tx) => {
    const exists = await tx.returnRequest.findFirst({ where: { id: returnId, shopId }, select: { id: true } });
    if (!exists) throw new AppError("not_found", "No such return.");
    await recordAudit(tx, { shopId, entityType: "return", entityId: returnId, action: "note_added", actor: options.actor, message: options.note });
  });
}
