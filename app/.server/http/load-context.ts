import { env } from "../env.server";
import { clientAddressFrom } from "./client-address";

/** What the Express server hands every Remix loader and action beside the request. */
export type LoadContext = {
  /** The connecting address as Express sees it (loopback behind the demo's proxy stand-in). */
  remoteAddress: string;
  requestId: string;
  /** What went wrong while answering, set by the app's error handler for the server to act on (a database outage answers 503). */
  faults?: { databaseUnavailable?: boolean };
};

declare module "@remix-run/node" {
  interface AppLoadContext {
    remoteAddress: string;
    requestId: string;
    faults?: { databaseUnavailable?: boolean };
  }
}

/**
 * The shopper's address for a storefront request. Behind Shopify's app proxy (and the WordPress
 * plugin, and any load balancer) the connection comes from a proxy; the address is the entry the
 * last of `TRUSTED_PROXY_HOPS` trusted proxies added to X-Forwarded-For, never one the shopper
 * could have written (docs/ARCHITECTURE.md, "Client addresses").
 */
export function shopperAddress(request: Request, context: Partial<LoadContext> | undefined): string {
  return clientAddressFrom(request.headers.get("x-forwarded-for"), context?.remoteAddress, env().TRUSTED_PROXY_HOPS);
}
