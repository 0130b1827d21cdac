import { DEMO_SHOPIFY_SECRET } from "../../app/.server/env.server";
import { signProxyParams } from "../../app/.server/proxy/proxy-signature";

/** A storefront request as Shopify's app proxy forwards it: the shopper's path under /proxy, signed query parameters. */
export function proxyRequest(
  method: string,
  path: string,
  options: { shop: string; body?: unknown; rawBody?: BodyInit; headers?: Record<string, string>; query?: Record<string, string>; secret?: string; timestamp?: number; signature?: string },
) {
  const params = new URLSearchParams(options.query);
  params.set("shop", options.shop);
  params.set("logged_in_customer_id", "");
  params.set("path_prefix", "/apps/dokani");
  params.set("timestamp", String(options.timestamp ?? Math.floor(Date.now() / 1000)));
  params.set("signature", options.signature ?? signProxyParams(params, options.secret ?? DEMO_SHOPIFY_SECRET));
  const headers: Record<string, string> = { ...options.headers };
  let body: BodyInit | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["Content-Type"] ??= "application/json";
  }
  return new Request(`http://localhost:3000/proxy${path}?${params.toString()}`, { method, headers, body });
}
