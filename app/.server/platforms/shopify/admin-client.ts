import { z } from "zod";
import { PlatformError } from "../platform";
import { ShopifyHttpError, type AdminGraphql } from "./admin-graphql";

/**
 * One Admin API call with Shopify's failure modes turned into `PlatformError`s. A throttled call
 * (GraphQL `THROTTLED`, HTTP 429) did not run on Shopify's side, so it is retried here with
 * exponential backoff; anything else that may or may not have run (5xx, a dropped connection) is
 * left to the caller's job retry, because repeating a mutation blindly could repeat its effect.
 */

export type RetryOptions = {
  /** Retries after the first throttled attempt. */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How to wait between attempts; tests pass one that records the delay and resolves at once. */
  sleep?: (ms: number) => Promise<void>;
};

const graphqlErrorSchema = z.object({
  message: z.string(),
  extensions: z.object({ code: z.string().optional() }).optional(),
});

const envelopeSchema = z.object({
  data: z.unknown().optional(),
  errors: z.union([z.array(graphqlErrorSchema), z.string(), z.record(z.string(), z.unknown())]).optional(),
  extensions: z
    .object({
      cost: z
        .object({
          requestedQueryCost: z.number().nullish(),
          throttleStatus: z
            .object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() })
            .optional(),
        })
        .optional(),
    })
    .optional(),
});

type Envelope = z.infer<typeof envelopeSchema>;

type Attempt<T> = { kind: "done"; data: T } | { kind: "throttled"; waitMs: number | null };

export type AdminClient = {
  /** Runs `query` and returns its `data` parsed by `schema`; `label` names the call in error messages. */
  request<T>(label: string, query: string, variables: Record<string, unknown>, schema: z.ZodType<T>): Promise<T>;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wraps a transport with Shopify's error handling and bounded retries of throttled calls. */
export function createAdminClient(graphql: AdminGraphql, options: RetryOptions = {}): AdminClient {
  const retries = options.retries ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const sleep = options.sleep ?? defaultSleep;

  async function attempt<T>(label: string, query: string, variables: Record<string, unknown>, schema: z.ZodType<T>): Promise<Attempt<T>> {
    let raw: unknown;
    try {
      raw = await graphql(query, variables);
    } catch (error) {
      if (error instanceof ShopifyHttpError) {
        if (error.status === 429) return { kind: "throttled", waitMs: error.retryAfterMs };
        if (error.status >= 500) {
          throw new PlatformError(`Shopify had a problem answering ${label} (HTTP ${error.status}); it will be tried again.`, { retryable: true, cause: error });
        }
        if (error.status === 401 || error.status === 403) {
          throw new PlatformError(`Shopify refused Dokani's access for ${label} (HTTP ${error.status}); the store may need to reinstall or reauthorize Dokani.`, { retryable: false, cause: error });
        }
        throw new PlatformError(`Shopify rejected ${label} (HTTP ${error.status}).`, { retryable: false, cause: error });
      }
      throw new PlatformError(`Could not reach Shopify for ${label}; it will be tried again.`, { retryable: true, cause: error });
    }

    const envelope = envelopeSchema.safeParse(raw);
    if (!envelope.success) {
      throw new PlatformError(`Shopify answered ${label} in a form Dokani does not understand.`, { retryable: false, cause: envelope.error });
    }
    const errors = envelope.data.errors;
    if (errors !== undefined && !(Array.isArray(errors) && errors.length === 0)) {
      if (Array.isArray(errors) && errors.some((e) => e.extensions?.code === "THROTTLED")) {
        return { kind: "throttled", waitMs: restoreWait(envelope.data) };
      }
      throw graphqlFailure(label, errors);
    }
    const data = schema.safeParse(envelope.data.data);
    if (!data.success) {
      throw new PlatformError(`Shopify answered ${label} in a form Dokani does not understand.`, { retryable: false, cause: data.error });
    }
    return { kind: "done", data: data.data };
  }

  return {
    async request(label, query, variables, schema) {
      for (let tries = 0; ; tries++) {
        const outcome = await attempt(label, query, variables, schema);
        if (outcome.kind === "done") return outcome.data;
        if (tries >= retries) {
          throw new PlatformError(`Shopify kept throttling ${label} after ${tries + 1} attempts; it will be tried again later.`, { retryable: true });
        }
        const backoff = baseDelayMs * 2 ** tries;
        await sleep(Math.min(maxDelayMs, Math.max(backoff, outcome.waitMs ?? 0)));
      }
    },
  };
}

/** How long the leaky bucket needs to hold this query's cost again, from Shopify's cost extension. */
function restoreWait(envelope: Envelope): number | null {
  const cost = envelope.extensions?.cost;
  const status = cost?.throttleStatus;
  if (!cost?.requestedQueryCost || !status || status.restoreRate <= 0) return null;
  const missing = cost.requestedQueryCost - status.currentlyAvailable;
  return missing > 0 ? Math.ceil((missing / status.restoreRate) * 1000) : null;
}

// Shopify's top-level error codes that mean "try again later" rather than "this request is wrong".
const TRANSIENT_CODES = new Set(["INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE", "TIMEOUT"]);

function graphqlFailure(label: string, errors: NonNullable<Envelope["errors"]>): PlatformError {
  if (!Array.isArray(errors)) {
    const text = typeof errors === "string" ? errors : JSON.stringify(errors);
    return new PlatformError(`Shopify rejected ${label}: ${text}`, { retryable: false });
  }
  const retryable = errors.every((e) => TRANSIENT_CODES.has(e.extensions?.code ?? ""));
  const messages = errors.map((e) => e.message).join("; ");
  return new PlatformError(`Shopify rejected ${label}: ${messages}`, { retryable });
}
