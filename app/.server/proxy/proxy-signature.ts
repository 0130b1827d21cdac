import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Shopify's app-proxy signature: every query parameter but `signature`, sorted by key, each written
 * `key=value` with a repeated key's values joined by `,`, concatenated with no separator, then
 * lowercase hex HMAC-SHA256 with the app secret (or a WooCommerce store's proxy secret).
 */
export function proxySignatureBase(params: URLSearchParams): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    const values = grouped.get(key) ?? [];
    values.push(value);
    grouped.set(key, values);
  }
  return [...grouped.keys()]
    .sort()
    .map((key) => `${key}=${grouped.get(key)!.join(",")}`)
    .join("");
}

/** The signature Shopify would send for these parameters. */
export function signProxyParams(params: URLSearchParams, secret: string): string {
  return createHmac("sha256", secret).update(proxySignatureBase(params)).digest("hex");
}

export const PROXY_MAX_SKEW_SECONDS = 90;

/** Checks a proxied request's signature and that its timestamp is within 90 seconds of now. */
export function isValidProxySignature(params: URLSearchParams, secret: string, nowMs = Date.now()): boolean {
  const signature = params.get("signature");
  const timestamp = Number(params.get("timestamp"));
  if (!signature || !/^[0-9a-f]{64}$/.test(signature) || !Number.isFinite(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - timestamp) > PROXY_MAX_SKEW_SECONDS) return false;
  const expected = Buffer.from(signProxyParams(params, secret), "hex");
  return timingSafeEqual(expected, Buffer.from(signature, "hex"));
}
