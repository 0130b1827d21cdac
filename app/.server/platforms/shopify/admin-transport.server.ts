import { GraphqlQueryError, HttpResponseError } from "@shopify/shopify-api";
import { ShopifyHttpError, type AdminGraphql, type AdminGraphqlResponse } from "./admin-graphql";

/**
 * The `AdminGraphql` transport over the Admin API client of `@shopify/shopify-app-remix` 6
 * (`admin.graphql` from `authenticate.admin` or `unauthenticated.admin`). That client answers with
 * a `Response` on success but throws on failure: `GraphqlQueryError` when Shopify answered 200 with
 * GraphQL `errors` (THROTTLED among them; the body is kept on the error), and `HttpResponseError`
 * (or its throttling and internal-error subclasses) for a non-2xx status. This turns both back into
 * what the adapter reads: the GraphQL body, or a `ShopifyHttpError` with the status.
 */

export type AdminApiGraphql = {
  graphql: (query: string, options?: { variables?: Record<string, unknown>; signal?: AbortSignal }) => Promise<Response>;
};

// A platform call that hangs would hold a job (or a shopper's request) for as long as it hangs.
const DEFAULT_TIMEOUT_MS = 15_000;

type GraphqlErrorBody = { data?: unknown; extensions?: unknown; errors?: { graphQLErrors?: unknown; message?: string } };

/** The adapter's transport over a shopify-app-remix Admin API client, with a per-call timeout. */
export function adminGraphqlFromClient(admin: AdminApiGraphql, options: { timeoutMs?: number } = {}): AdminGraphql {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (query, variables) => {
    try {
      const response = await admin.graphql(query, { variables, signal: AbortSignal.timeout(timeoutMs) });
      return (await response.json()) as AdminGraphqlResponse;
    } catch (error) {
      if (error instanceof GraphqlQueryError) {
        const body = (error.body ?? {}) as GraphqlErrorBody;
        const errors = body.errors?.graphQLErrors ?? [{ message: error.message }];
        return { data: body.data, errors, extensions: body.extensions };
      }
      if (error instanceof HttpResponseError) {
        const retryAfter = (error.response as { retryAfter?: number }).retryAfter;
        throw new ShopifyHttpError(error.response.code, error.message, {
          retryAfterMs: typeof retryAfter === "number" ? Math.round(retryAfter * 1000) : null,
          cause: error,
        });
      }
      // Network failures and timeouts: the adapter reports them as "could not reach Shopify".
      throw error;
    }
  };
}
