import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { db } from "./.server/db.server";
import { env } from "./.server/env.server";
import { installShopifyShop } from "./.server/shops/install-shopify-shop.server";

/**
 * Sessions live in PostgreSQL through Shopify's Prisma session storage. It is created on first use
 * rather than at import, so importing this module never touches a database that is not open yet.
 */
class LazyPrismaSessionStorage implements SessionStorage {
  private storage?: PrismaSessionStorage<never>;
  private get inner() {
    // The package is typed against the classic client; the generated ESM client has the same model API.
    this.storage ??= new PrismaSessionStorage(db() as never, { tableName: "session" });
    return this.storage;
  }
  storeSession(session: Session) {
    return this.inner.storeSession(session);
  }
  loadSession(id: string) {
    return this.inner.loadSession(id);
  }
  deleteSession(id: string) {
    return this.inner.deleteSession(id);
  }
  deleteSessions(ids: string[]) {
    return this.inner.deleteSessions(ids);
  }
  findSessionsByShop(shop: string) {
    return this.inner.findSessionsByShop(shop);
  }
}

const config = env();

const shopify = shopifyApp({
  apiKey: config.shopifyApiKey,
  apiSecretKey: config.shopifyApiSecret,
  apiVersion: ApiVersion.July26,
  scopes: config.scopes,
  appUrl: config.appUrl,
  authPathPrefix: "/auth",
  sessionStorage: new LazyPrismaSessionStorage(),
  distribution: AppDistribution.AppStore,
  future: { unstable_newEmbeddedAuthStrategy: true },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      await installShopifyShop(db(), session.shop, admin);
    },
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const apiVersion = ApiVersion.July26;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
