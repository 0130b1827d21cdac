import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { db } from "../.server/db.server";
import { parseEnv, resetEnv } from "../.server/env.server";
import { sealStoreSecrets } from "../.server/platforms/woocommerce/store-secrets";
import { sha256Hex } from "../.server/security/secrets.server";
import { signToken } from "../.server/security/tokens.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { signPluginRequest } from "../.server/woocommerce/sign-in-request-signature";
import { loader as connectionsLoader } from "./app.woocommerce";
import { action as signOut } from "./auth.sign-out";
import { loader as signIn } from "./auth.woocommerce";
import { action as signInLink } from "./woocommerce.sign-in-link";

setupTestDatabase();
beforeEach(async () => {
  await clearDatabase();
});
afterEach(() => resetEnv());

async function wooShop(domain: string, proxySecret: string) {
  return db().shop.create({
    data: { platform: "woocommerce", domain, name: domain, secrets: sealStoreSecrets({ storeUrl: `https://${domain}`, consumerKey: "ck_x", consumerSecret: "cs_x", proxySecret, webhookSecret: "w".repeat(43) }) },
  });
}

/** The plugin's "Open Dokani" request: JSON body, timestamp, HMAC of both with the proxy secret. */
function linkRequest(shopId: string, secret: string, options: { timestamp?: number; body?: string } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const body = options.body ?? JSON.stringify({ shopId, user: { id: 1, name: "Sam Owner", email: "Sam@Example.com" } });
  return new Request("http://localhost:3000/woocommerce/sign-in-link", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Dokani-Timestamp": timestamp, "X-Dokani-Signature": signPluginRequest(secret, timestamp, body) },
    body,
  });
}

async function askLink(request: Request) {
  const response = await signInLink(routeArgs(request));
  return { status: response.status, body: await response.json() };
}

async function follow(url: string) {
  const response = await signIn(routeArgs(new Request(url)));
  return { status: response.status, location: response.headers.get("location"), cookie: response.headers.get("set-cookie"), text: await response.text() };
}

const cookieOf = (setCookie: string) => setCookie.split(";")[0]!;
const adminRequest = (cookie: string) => new Request("http://localhost:3000/app/woocommerce", { headers: { Cookie: cookie } });

describe("admin sign-in from WordPress", () => {
  it("signs in with a valid link: one-use session cookie, hash-only row, the store's admin without Shopify", async () => {
    const shop = await wooShop("shop-a.example", "a".repeat(43));
    const link = await askLink(linkRequest(shop.id, "a".repeat(43)));
    expect(link.status).toBe(200);
    expect(link.body.url).toMatch(/^http:\/\/localhost:\d+\/auth\/woocommerce\?token=/);

    const first = await follow(link.body.url);
    expect(first).toMatchObject({ status: 303, location: "/app" });
    expect(first.cookie).toMatch(/^dokani_admin=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);
    const token = cookieOf(first.cookie!).split("=")[1]!;
    const session = await db().adminSession.findFirstOrThrow();
    expect(session).toMatchObject({ shopId: shop.id, tokenHash: sha256Hex(token), userName: "Sam Owner", userEmail: "sam@example.com" });
    expect(JSON.stringify(await db().adminSession.findMany())).not.toContain(token);

    const context = await authenticateAdmin(adminRequest(cookieOf(first.cookie!)));
    expect(context).toMatchObject({ demo: false, shop: { id: shop.id }, staff: { name: "Sam Owner" } });
    expect(context.admin).toBeUndefined();

    const replay = await follow(link.body.url);
    expect(replay.status).toBe(409);
    expect(replay.cookie).toBeNull();
    expect(replay.text).toContain("This sign-in link was already used");
    expect(await db().adminSession.count()).toBe(1);
  });

  it("marks the cookie Secure and __Host- prefixed when the app is served over https", async () => {
    resetEnv(parseEnv({ NODE_ENV: "test", SHOPIFY_APP_URL: "https://dokani.example" }));
    const shop = await wooShop("shop-s.example", "s".repeat(43));
    const link = await askLink(linkRequest(shop.id, "s".repeat(43)));
    expect(link.body.url).toMatch(/^https:\/\/dokani\.example\/auth\/woocommerce\?token=/);
    const signedIn = await follow(link.body.url);
    expect(signedIn.cookie).toMatch(/^__Host-dokani_admin=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200; Secure$/);
  });

  it("refuses an expired link and a forged one with a clear page and no session", async () => {
    const shop = await wooShop("shop-e.example", "e".repeat(43));
    const expired = signToken("admin_sign_in", { shopId: shop.id, jti: "5d0b0a52-4d43-4b38-9b5b-0f2f3c7e9a11" }, 60, Date.now() - 61_000);
    const page = await follow(`http://localhost:3000/auth/woocommerce?token=${expired}`);
    expect(page.status).toBe(401);
    expect(page.text).toContain("expired");
    expect((await follow("http://localhost:3000/auth/woocommerce?token=forged.token")).status).toBe(401);
    expect((await follow("http://localhost:3000/auth/woocommerce")).status).toBe(401);
    expect(await db().adminSession.count()).toBe(0);
  });

  it("answers the same 401 to a sign-in request that is replayed, stale, wrongly signed or for an unknown store", async () => {
    const shop = await wooShop("shop-r.example", "r".repeat(43));
    const replayed = linkRequest(shop.id, "r".repeat(43));
    expect((await askLink(replayed.clone())).status).toBe(200);
    const refused = [
      replayed,
      linkRequest(shop.id, "r".repeat(43), { timestamp: Math.floor(Date.now() / 1000) - 91 }),
      linkRequest(shop.id, "x".repeat(43)),
      linkRequest("0b7e3f1c-2f0e-4a4e-9d8c-8f6a1d2b3c4d", "r".repeat(43)),
      linkRequest(shop.id, "r".repeat(43), { body: "{not json" }),
    ];
    for (const request of refused) expect(await askLink(request)).toMatchObject({ status: 401, body: { error: { code: "invalid_signature" } } });
  });

  it("signs out: the session is revoked, the cookie cleared, and the old cookie no longer opens the admin", async () => {
    const shop = await wooShop("shop-o.example", "o".repeat(43));
    const cookie = cookieOf((await follow((await askLink(linkRequest(shop.id, "o".repeat(43)))).body.url)).cookie!);
    const response = await signOut(routeArgs(new Request("http://localhost:3000/auth/sign-out", { method: "POST", headers: { Cookie: cookie } })));
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(/^dokani_admin=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/);
    expect((await db().adminSession.findFirstOrThrow()).revokedAt).toBeInstanceOf(Date);
    const refused = await authenticateAdmin(adminRequest(cookie)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(401);
  });

  it("shows a merchant only their own store: another shop's session cannot see it", async () => {
    const a = await wooShop("shop-1.example", "1".repeat(43));
    const b = await wooShop("shop-2.example", "2".repeat(43));
    const cookieB = cookieOf((await follow((await askLink(linkRequest(b.id, "2".repeat(43)))).body.url)).cookie!);
    const page = (await connectionsLoader(routeArgs(adminRequest(cookieB)))) as Awaited<ReturnType<typeof connectionsLoader>>;
    expect(page.view).toBe("store");
    expect(page.signedInWithDokani).toBe(true);
    expect(page.stores.map((s) => s.id)).toEqual([b.id]);
    expect(JSON.stringify(page)).not.toContain(a.id);
    // A link signed for A with B's secret is refused.
    expect((await askLink(linkRequest(a.id, "2".repeat(43)))).status).toBe(401);
  });
});
