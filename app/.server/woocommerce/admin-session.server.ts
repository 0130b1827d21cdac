import { db, type AdminSession, type Shop } from "../db.server";
import { env } from "../env.server";
import { sha256Hex } from "../security/secrets.server";

/**
 * The Dokani admin session of a merchant who signed in from WordPress (WooCommerce stores have no
 * Shopify admin to embed in). The cookie holds a random token; the table holds only its SHA-256.
 * On an https app the cookie is `__Host-` prefixed and Secure; it is always HttpOnly, SameSite=Lax,
 * Path=/ and lasts 12 hours.
 */

export const ADMIN_SESSION_HOURS = 12;

function secure(): boolean {
  return env().appUrl.startsWith("https://");
}

/** The cookie's name: `__Host-dokani_admin` on https, `dokani_admin` on a plain-http development server. */
export function adminCookieName(): string {
  return secure() ? "__Host-dokani_admin" : "dokani_admin";
}

/** The Set-Cookie header that starts a session. */
export function adminSessionCookie(token: string): string {
  return [`${adminCookieName()}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${ADMIN_SESSION_HOURS * 3600}`, ...(secure() ? ["Secure"] : [])].join("; ");
}

/** The Set-Cookie header that ends it in the browser. */
export function clearAdminSessionCookie(): string {
  return [`${adminCookieName()}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure() ? ["Secure"] : [])].join("; ");
}

/** The session token the request's cookie carries, if any. */
export function adminSessionToken(request: Request): string | null {
  const name = adminCookieName();
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) {
      const token = value.join("=");
      return /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : null;
    }
  }
  return null;
}

/**
 * The live session (unexpired, unrevoked, of a connected store) behind the request's cookie:
 * `none` without a cookie, `ended` when the cookie names no live session.
 */
export async function findAdminSession(request: Request, now = new Date()): Promise<{ kind: "none" } | { kind: "ended" } | { kind: "live"; session: AdminSession; shop: Shop }> {
  const hasCookie = (request.headers.get("cookie") ?? "").split(";").some((part) => part.trim().startsWith(`${adminCookieName()}=`));
  if (!hasCookie) return { kind: "none" };
  const token = adminSessionToken(request);
  if (!token) return { kind: "ended" };
  const session = await db().adminSession.findUnique({ where: { tokenHash: sha256Hex(token) }, include: { shop: true } });
  if (!session || session.revokedAt || session.expiresAt <= now || session.shop.uninstalledAt) return { kind: "ended" };
  const { shop, ...rest } = session;
  return { kind: "live", session: rest, shop };
}
