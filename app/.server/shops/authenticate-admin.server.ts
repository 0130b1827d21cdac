import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../../shopify.server";
import { db, type Shop } from "../db.server";
import { env } from "../env.server";
import { findAdminSession } from "../woocommerce/admin-session.server";
import { DEMO_SHOP_DOMAIN } from "./demo-shop";
import { installShopifyShop } from "./install-shopify-shop.server";
import { merchantActor, type MerchantContext } from "./shop-context";

/** The admin's `ShopContext`: the shop, the signed-in staff member as the actor, and the admin's extras. */
export type AdminContext = MerchantContext & {
  shop: Shop;
  /** True on the local demo, where no Shopify login exists. */
  demo: boolean;
  /** The Shopify Admin API client; absent on demo shops. */
  admin?: AdminApiContext;
  /** Who is signed in, as the admin shows them; `actor` is built from it. */
  staff: { id: string; name: string };
};

function adminContext(shop: Shop, staff: AdminContext["staff"], extras: { demo: boolean; admin?: AdminApiContext }): AdminContext {
  return { shop, ...extras, staff, actor: merchantActor(staff) };
}

/**
 * Who is using the admin. In the demo (loopback only) it is the demo shop's merchant with no login;
 * a WooCommerce merchant is known by the Dokani session cookie set by `/auth/woocommerce`;
 * everywhere else Shopify's embedded auth decides, and its redirects are thrown as the library
 * returns them so the embedded flow never loops.
 */
export async function authenticateAdmin(request: Request): Promise<AdminContext> {
  if (env().mode === "demo") {
    const shop = await db().shop.findUnique({ where: { platform_domain: { platform: "demo", domain: DEMO_SHOP_DOMAIN } } });
    if (!shop) throw new Response("The demo shop has not been seeded yet.", { status: 503 });
    return adminContext(shop, { id: "demo", name: "Demo merchant" }, { demo: true });
  }
  // A WooCommerce merchant signed in from WordPress carries a Dokani session cookie; no Shopify login.
  const dokaniSession = await findAdminSession(request);
  if (dokaniSession.kind === "live") {
    const { session, shop } = dokaniSession;
    return adminContext(shop, { id: session.userEmail ?? `admin-session:${session.id}`, name: session.userName ?? "Store manager" }, { demo: false });
  }
  if (dokaniSession.kind === "ended") {
    throw new Response("Your Dokani session has ended. Open Dokani again from your WordPress dashboard.", { status: 401, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const { session, admin } = await authenticate.admin(request);
  const shop =
    (await db().shop.findUnique({ where: { platform_domain: { platform: "shopify", domain: session.shop } } })) ??
    (await installShopifyShop(db(), session.shop, admin));
  if (shop.uninstalledAt) throw new Response("This store has uninstalled Dokani.", { status: 403 });
  const user = session.onlineAccessInfo?.associated_user;
  return adminContext(shop, { id: user ? String(user.id) : session.id, name: user ? `${user.first_name} ${user.last_name}`.trim() : "Staff" }, { demo: false, admin });
}
