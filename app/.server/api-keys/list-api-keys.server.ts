import { db, type DbClient } from "../db.server";
import type { ShopContext } from "../shops/shop-context";

/** The shop's API keys, newest first: name, prefix, scope and dates only (the key itself is never stored). */
export async function listApiKeys(ctx: ShopContext, client: DbClient = db()) {
  const rows = await client.apiKey.findMany({
    where: { shopId: ctx.shop.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, name: true, prefix: true, scope: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scope: r.scope,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
}
