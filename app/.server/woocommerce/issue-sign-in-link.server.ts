import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db } from "../db.server";
import { env } from "../env.server";
import { AppError, isUniqueViolation } from "../errors";
import { openStoreSecrets } from "../platforms/woocommerce/store-secrets";
import { PROXY_MAX_SKEW_SECONDS } from "../proxy/proxy-signature";
import { safeEqual, sha256Hex } from "../security/secrets.server";
import { signToken } from "../security/tokens.server";
import { signPluginRequest } from "./sign-in-request-signature";

/** A sign-in link is good for one minute and one use. */
export const SIGN_IN_TOKEN_TTL_SECONDS = 60;

export const SignInLinkBody = z.object({
  shopId: z.string().uuid(),
  user: z
    .object({
      id: z.union([z.string(), z.number()]).transform(String).optional(),
      name: z.string().trim().max(200).optional(),
      email: z.email().max(254).optional(),
    })
    .default({}),
});

/**
 * `POST /woocommerce/sign-in-link`: the plugin asks, server to server, for a link that signs the
 * WordPress user into Dokani's admin. The request is authenticated by the store's proxy secret
 * (HMAC of timestamp and raw body, within 90 seconds) and can be used once; anything else, an
 * unknown shop included, is the same 401. The link carries a 60-second single-use token.
 */
export async function issueSignInLink(headers: Headers, rawBody: string, nowMs = Date.now()) {
  const invalid = new AppError("invalid_signature", "This request is not signed by the store's Dokani plugin.");
  const timestamp = headers.get("x-dokani-timestamp") ?? "";
  const signature = headers.get("x-dokani-signature") ?? "";
  if (!/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(signature)) throw invalid;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > PROXY_MAX_SKEW_SECONDS) throw invalid;
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw invalid;
  }
  const parsed = SignInLinkBody.safeParse(json);
  if (!parsed.success) throw invalid;
  const shop = await db().shop.findFirst({ where: { id: parsed.data.shopId, platform: "woocommerce", uninstalledAt: null } });
  const secrets = openStoreSecrets(shop?.secrets ?? null);
  if (!shop || !secrets || !safeEqual(signPluginRequest(secrets.proxySecret, timestamp, rawBody), signature)) throw invalid;
  // The same signed request twice (a replay) is refused: its signature is spent like a token id.
  try {
    await db().usedToken.create({ data: { id: `sign-in-request:${sha256Hex(signature)}`, purpose: "sign_in_request", expiresAt: new Date((Number(timestamp) + PROXY_MAX_SKEW_SECONDS) * 1000) } });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalid;
    throw error;
  }
  const user = parsed.data.user;
  const claims: Record<string, string> = { shopId: shop.id, jti: randomUUID() };
  if (user.name) claims.name = user.name;
  if (user.email) claims.email = user.email.toLowerCase();
  const token = signToken("admin_sign_in", claims, SIGN_IN_TOKEN_TTL_SECONDS, nowMs);
  return { url: `${env().appUrl}/auth/woocommerce?token=${encodeURIComponent(token)}`, expiresAt: new Date(nowMs + SIGN_IN_TOKEN_TTL_SECONDS * 1000).toISOString() };
}
