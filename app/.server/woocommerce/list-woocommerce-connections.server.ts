import type { DbClient } from "../db.server";

/**
 * What the WooCommerce admin page shows: connect codes still usable and the stores they connected.
 * `scope` "all" is the operator's view (the local demo admin); a shop sees only itself and the
 * reconnect codes made for it.
 */
export async function listWooCommerceConnections(client: DbClient, scope: { all: true } | { shopId: string }, now = new Date()) {
  const codeWhere = "all" in scope ? {} : { shopId: scope.shopId };
  const [codes, stores] = await Promise.all([
    client.connectCode.findMany({
      where: { ...codeWhere, usedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, label: true, expiresAt: true, createdAt: true, shopId: true },
    }),
    client.shop.findMany({
      where: { platform: "woocommerce", ...("all" in scope ? {} : { id: scope.shopId }) },
      orderBy: { installedAt: "desc" },
      take: 100,
      select: { id: true, domain: true, name: true, currency: true, installedAt: true, uninstalledAt: true },
    }),
  ]);
  return { codes, stores };
}
