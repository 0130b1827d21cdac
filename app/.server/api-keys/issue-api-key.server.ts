import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db, type PrismaClient } from "../db.server";
import { validationError } from "../errors";
import { createApiKey } from "./create-api-key";
import type { ShopContext } from "../shops/shop-context";

/** A key's name as a merchant types it in the admin, and what it may do (`write` unless `read` is chosen). */
export const ApiKeyNameSchema = z.object({
  name: z.string({ error: "must not be empty" }).trim().min(1, "must not be empty").max(80, "must be at most 80 characters"),
  scope: z.enum(["read", "write"], { error: "must be read or write" }).default("write"),
});

/**
 * Creates a named API key from the admin, with an audit row. The key is returned this once (only
 * its hash is stored); a missing or overlong name writes nothing.
 */
export async function issueApiKey(ctx: ShopContext, raw: unknown, client: PrismaClient = db()) {
  const shopId = ctx.shop.id;
  const parsed = ApiKeyNameSchema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error, "Give the key a name.");
  return client.$transaction(async (tx) => {
    const { name, scope } = parsed.data;
    const created = await createApiKey(tx, shopId, { name, scope, createdBy: `${ctx.actor.type}:${ctx.actor.id ?? ""}` });
    await recordAudit(tx, { shopId, entityType: "api_key", entityId: created.id, action: "created", actor: ctx.actor, data: { name, prefix: created.prefix, scope } });
    return { id: created.id, name, prefix: created.prefix, scope, key: created.key };
  });
}
