import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db, type PrismaClient } from "../db.server";
import { AppError } from "../errors";
import type { ShopContext } from "../shops/shop-context";

/**
 * Revokes one of the shop's API keys: from then on the merchant API refuses it. Another shop's key
 * and a malformed id answer like a missing one; revoking twice is a `conflict`.
 */
export async function revokeApiKey(ctx: ShopContext, input: { keyId: string; now?: Date }, client: PrismaClient = db()) {
  const shopId = ctx.shop.id;
  const { keyId } = input;
  const notFound = new AppError("not_found", "No such API key.");
  if (!z.uuid().safeParse(keyId).success) throw notFound;
  return client.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id: keyId, shopId }, select: { id: true, name: true, prefix: true, revokedAt: true } });
    if (!key) throw notFound;
    const updated = await tx.apiKey.updateMany({ where: { id: keyId, shopId, revokedAt: null }, data: { revokedAt: input.now ?? new Date() } });
    if (!updated.count) throw new AppError("conflict", "This API key is already revoked.");
    await recordAudit(tx, { shopId, entityType: "api_key", entityId: keyId, action: "revoked", actor: ctx.actor, data: { name: key.name, prefix: key.prefix } });
    return { id: key.id, name: key.name };
  });
}
