import { createHmac } from "node:crypto";
import { AppError } from "../errors";
import { deriveKey, safeEqual } from "./secrets.server";

/**
 * Short signed tokens the storefront carries: `base64url(JSON claims).base64url(HMAC-SHA256)`, keyed
 * per purpose from DOKANI_SECRET, with an expiry. A lookup token binds shop, order and email; a
 * return token binds shop and return. They are not secret from the shopper (the claims are
 * readable), only unforgeable.
 */

/** `admin_sign_in`: a WooCommerce merchant's one-time link into the admin (60 s, single use by its `jti`). */
export type TokenPurpose = "lookup" | "return" | "chat" | "admin_sign_in";

const keys = new Map<TokenPurpose, Buffer>();
function keyFor(purpose: TokenPurpose): Buffer {
  let key = keys.get(purpose);
  if (!key) {
    key = deriveKey(`token:${purpose}`);
    keys.set(purpose, key);
  }
  return key;
}

function mac(purpose: TokenPurpose, body: string): string {
  return createHmac("sha256", keyFor(purpose)).update(body).digest("base64url");
}

/** Signs `claims` for `purpose`, valid for `ttlSeconds`. */
export function signToken(purpose: TokenPurpose, claims: Record<string, string | number>, ttlSeconds: number, nowMs = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ ...claims, exp: Math.floor(nowMs / 1000) + ttlSeconds })).toString("base64url");
  return `${body}.${mac(purpose, body)}`;
}

/** The claims of a valid, unexpired token of this purpose; anything else is `invalid_token`. */
export function verifyToken(purpose: TokenPurpose, token: unknown, nowMs = Date.now()): Record<string, string | number> {
  const invalid = new AppError(
    "invalid_token",
    purpose === "lookup"
      ? "This order lookup has expired. Please find your order again."
      : purpose === "admin_sign_in"
        ? "This sign-in link is not valid or has expired. Open Dokani again from your WordPress dashboard."
        : "This link is not valid. Please open the link from your confirmation again.",
  );
  if (typeof token !== "string" || token.length > 2048) throw invalid;
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined || !safeEqual(mac(purpose, body), signature)) throw invalid;
  let claims: Record<string, string | number>;
  try {
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    throw invalid;
  }
  if (typeof claims.exp !== "number" || claims.exp * 1000 < nowMs) throw invalid;
  return claims;
}
