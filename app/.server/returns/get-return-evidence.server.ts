import { db } from "../db.server";
import { AppError } from "../errors";
import type { ShopContext } from "../shops/shop-context";
import { getFile } from "../storage/file-storage.server";

/** The bytes of one photo of one of the shop's returns; another shop's (or another return's) photo is 404 like a missing one. */
export async function getReturnEvidence(ctx: ShopContext, query: { returnId: string; evidenceId: string }): Promise<{ bytes: Buffer; mimeType: string }> {
  const { returnId, evidenceId } = query;
  const shopId = ctx.shop.id;
  const file = await db().evidenceFile.findFirst({ where: { id: evidenceId, returnId, shopId }, select: { storageKey: true, storage: true, mimeType: true } });
  if (!file) throw new AppError("not_found", "No such photo.");
  try {
    return { bytes: await getFile(file.storageKey, file.storage), mimeType: file.mimeType };
  } catch (error) {
    // A row whose bytes are gone (erased storage, a moved data folder) is as missing as no row.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new AppError("not_found", "No such photo.");
    throw error;
  }
}
