import twilio from "twilio";
import { publicBaseUrl } from "./whatsapp-connection.server";

/** A form body as the `twilio` SDK's validator takes it: one string per key, a list for a repeated key. */
export function formParams(body: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const seen = params[key];
    params[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}

/**
 * The URL Twilio signed: `DOKANI_PUBLIC_URL` plus the raw path and query of the request. The host,
 * scheme and port the request arrived with are never used: behind a TLS-terminating proxy they are
 * the proxy's, and a forwarded header is whatever the caller wrote.
 */
export function signedUrl(request: Request): string {
  const url = new URL(request.url);
  return `${publicBaseUrl()}${url.pathname}${url.search}`;
}

/** Whether `X-Twilio-Signature` is the shop's auth token's signature of this request (the SDK's validator, constant time). */
export function isSignedByTwilio(request: Request, authToken: string, params: Record<string, string | string[]>): boolean {
  const signature = request.headers.get("x-twilio-signature");
  if (!signature || signature.length > 200) return false;
  return twilio.validateRequest(authToken, signature, signedUrl(request), params);
}
