/** What the Express server hands every Remix loader and action beside the request. */
export type LoadContext = {
  /** The connecting address as Express sees it (loopback behind the demo's proxy stand-in). */
  remoteAddress: string;
  requestId: string;
};

declare module "@remix-run/node" {
  interface AppLoadContext {
    remoteAddress: string;
    requestId: string;
  }
}

/**
 * The shopper's address for a storefront request. Behind Shopify's app proxy (and the WordPress
 * plugin) the connection comes from the proxy, which puts the shopper's address first in
 * X-Forwarded-For; callers use this only after the proxy signature was checked.
 */
export function shopperAddress(request: Request, context: Partial<LoadContext> | undefined): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const candidate = forwarded || context?.remoteAddress || "unknown";
  return candidate.slice(0, 64);
}
