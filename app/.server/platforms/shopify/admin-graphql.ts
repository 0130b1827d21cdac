/**
 * The seam between the Shopify adapter and whatever carries its GraphQL to Shopify: in production
 * the Admin API client of `@shopify/shopify-app-remix` (see `admin-transport.server.ts`), in tests
 * a plain `fetch` against the fake Admin API. The adapter itself never touches HTTP.
 */

/** Shopify's JSON answer to one GraphQL call, as received: `data`, `errors` and `extensions` (query cost). */
export type AdminGraphqlResponse = { data?: unknown; errors?: unknown; extensions?: unknown };

/** Sends one GraphQL document to the Admin API; throws `ShopifyHttpError` for a non-2xx answer. */
export type AdminGraphql = (query: string, variables?: Record<string, unknown>) => Promise<AdminGraphqlResponse>;

/** A non-2xx HTTP answer from the Admin API: 429 throttling, a 5xx outage, a 401 for a revoked token. */
export class ShopifyHttpError extends Error {
  readonly status: number;
  /** From `Retry-After`, when Shopify sent one. */
  readonly retryAfterMs: number | null;
  constructor(status: number, message: string, options: { retryAfterMs?: number | null; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "ShopifyHttpError";
    this.status = status;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

/** Reads a `Retry-After` header (seconds) as milliseconds. */
export function parseRetryAfter(value: string | null | undefined): number | null {
  if (!value) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : null;
}
