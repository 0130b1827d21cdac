import { createHmac } from "node:crypto";

/**
 * The plugin's server-to-server requests (the admin sign-in link) are signed like this, by the PHP
 * class `Dokani_Signer::sign_request` and here alike: lowercase hex HMAC-SHA256, keyed with the
 * store's proxy secret, of `{timestamp}.{raw body}`, sent as `X-Dokani-Timestamp` and
 * `X-Dokani-Signature`. `woocommerce-plugin/tests/signature-vectors.json` holds shared examples.
 */
export function signPluginRequest(secret: string, timestamp: string | number, rawBody: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${rawBody}`, "utf8").digest("hex");
}
