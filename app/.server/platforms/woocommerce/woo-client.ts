import type { Agent } from "node:https";
import WooCommerceRestApiModule from "@woocommerce/woocommerce-rest-api";
import { PlatformError } from "../platform";

/**
 * The WooCommerce REST API (v3) through `@woocommerce/woocommerce-rest-api`: HTTP Basic over HTTPS,
 * OAuth 1.0a in the query over plain HTTP, as WooCommerce itself requires. Every failure becomes a
 * PlatformError: throttling (429), server errors (5xx) and network failures are retryable and carry
 * the store's Retry-After; validation errors (4xx, and the 500 WooCommerce gives a refund it refuses)
 * are not, and carry the store's own message.
 */

type ApiInstance = {
  get(endpoint: string, params?: Record<string, unknown>): Promise<AxiosLikeResponse>;
  post(endpoint: string, data: unknown, params?: Record<string, unknown>): Promise<AxiosLikeResponse>;
  delete(endpoint: string, params?: Record<string, unknown>): Promise<AxiosLikeResponse>;
};
type AxiosLikeResponse = { status: number; data: unknown; headers: Record<string, unknown> };
type ApiConstructor = new (options: Record<string, unknown>) => ApiInstance;

// The package is CommonJS with `exports.default`; under Node's ESM loader the default import is the
// exports object itself, under a bundler it is the class.
const WooCommerceRestApi: ApiConstructor = ((WooCommerceRestApiModule as unknown as { default?: ApiConstructor }).default ??
  WooCommerceRestApiModule) as unknown as ApiConstructor;

/** WooCommerce error codes that mean "the store refused this input", whatever the status says. */
const REFUSAL_CODES = new Set(["woocommerce_rest_cannot_create_order_refund", "woocommerce_rest_invalid_order_refund"]);

export const WOO_TIMEOUT_MS = 15_000;

let trustedAgent: Agent | undefined;

/** Trusts a private certificate authority for store connections (stores on an internal network, tests). */
export function setWooCommerceHttpsAgent(agent: Agent | undefined) {
  trustedAgent = agent;
}

export type WooCredentials = { storeUrl: string; consumerKey: string; consumerSecret: string };

export type WooResponse<T = unknown> = { data: T; total: number | null; totalPages: number | null };

export type WooClient = {
  get<T = unknown>(endpoint: string, params?: Record<string, string | number>): Promise<WooResponse<T>>;
  post<T = unknown>(endpoint: string, body: unknown): Promise<WooResponse<T>>;
  delete<T = unknown>(endpoint: string, params?: Record<string, string | number | boolean>): Promise<WooResponse<T>>;
};

/** Seconds to wait from a Retry-After header (seconds or an HTTP date), capped at ten minutes. */
export function retryAfterSeconds(value: unknown, nowMs = Date.now()): number | null {
  if (typeof value !== "string" || !value.trim()) return null;
  const seconds = Number(value);
  const wait = Number.isFinite(seconds) ? seconds : (Date.parse(value) - nowMs) / 1000;
  if (!Number.isFinite(wait)) return null;
  return Math.min(600, Math.max(0, Math.ceil(wait)));
}

/** Turns whatever axios threw into a PlatformError that says whether a retry can help. */
export function toPlatformError(error: unknown, what: string): PlatformError {
  const failure = error as { response?: AxiosLikeResponse; code?: string; message?: string };
  const response = failure.response;
  if (!response) {
    return new PlatformError(`The store did not answer ${what} (${failure.code ?? "network error"}).`, { retryable: true, cause: error });
  }
  const body = (response.data ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof body.code === "string" ? body.code : null;
  const storeMessage = typeof body.message === "string" ? body.message.replace(/<[^>]*>/g, "").slice(0, 500) : null;
  const status = response.status;
  if (status === 429 || (status >= 500 && !(code && REFUSAL_CODES.has(code)))) {
    const wait = retryAfterSeconds(response.headers?.["retry-after"]);
    const message = status === 429 ? `The store is limiting requests (429) ${what}.` : `The store failed ${what} (${status}).`;
    const platformError = new PlatformError(wait !== null ? `${message} Retry after ${wait} s.` : message, { retryable: true, cause: error });
    return Object.assign(platformError, { retryAfterSeconds: wait });
  }
  if (status === 401 || status === 403) {
    return new PlatformError(`The store refused Dokani's API keys ${what} (${status}): reconnect the store with keys that have read/write access.`, {
      retryable: false,
      userErrors: [{ message: storeMessage ?? "Invalid API keys.", code }],
      cause: error,
    });
  }
  return new PlatformError(storeMessage ? `The store refused ${what}: ${storeMessage}` : `The store refused ${what} (${status}).`, {
    retryable: false,
    userErrors: [{ message: storeMessage ?? `HTTP ${status}`, code }],
    cause: error,
  });
}

function header(headers: Record<string, unknown>, name: string): number | null {
  const value = Number(headers?.[name]);
  return Number.isFinite(value) && headers?.[name] !== undefined ? value : null;
}

export type WooRetryOptions = {
  /** Extra attempts of a throttled call (or of a read the store failed), in place (default 3). */
  retries?: number;
  /** The first wait when the store sends no Retry-After; doubled each time (default 1 s). */
  baseDelayMs?: number;
  /** Longer waits are left to the job's own retry (default 10 s). */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A client for one store's REST API. */
export function createWooClient(credentials: WooCredentials, options: { timeoutMs?: number } & WooRetryOptions = {}): WooClient {
  const retries = options.retries ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const sleep = options.sleep ?? defaultSleep;
  const api = new WooCommerceRestApi({
    url: credentials.storeUrl,
    consumerKey: credentials.consumerKey,
    consumerSecret: credentials.consumerSecret,
    version: "wc/v3",
    timeout: options.timeoutMs ?? WOO_TIMEOUT_MS,
    // No redirects: a store that moved must be reconnected, and credentials never follow a redirect.
    axiosConfig: { maxRedirects: 0, ...(trustedAgent ? { httpsAgent: trustedAgent } : {}) },
  });
  // A 429 was not acted on, so any call may be repeated; a read may also be repeated after a 5xx or a
  // network failure. A write that failed otherwise is left to the job, whose handler checks first.
  const wrap = async <T>(what: string, safeToRepeat: boolean, call: () => Promise<AxiosLikeResponse>): Promise<WooResponse<T>> => {
    for (let tries = 0; ; tries++) {
      try {
        const response = await call();
        return { data: response.data as T, total: header(response.headers, "x-wp-total"), totalPages: header(response.headers, "x-wp-totalpages") };
      } catch (error) {
        const failure = toPlatformError(error, what);
        const throttled = (error as { response?: AxiosLikeResponse }).response?.status === 429;
        if (!failure.retryable || tries >= retries || !(throttled || safeToRepeat)) throw failure;
        const wait = (failure as PlatformError & { retryAfterSeconds?: number | null }).retryAfterSeconds;
        const delay = wait != null ? wait * 1000 : baseDelayMs * 2 ** tries;
        if (delay > maxDelayMs) throw failure;
        await sleep(delay);
      }
    }
  };
  return {
    get: (endpoint, params = {}) => wrap(`reading ${endpoint}`, true, () => api.get(endpoint, params)),
    post: (endpoint, body) => wrap(`writing ${endpoint}`, false, () => api.post(endpoint, body)),
    delete: (endpoint, params = {}) => wrap(`deleting ${endpoint}`, true, () => api.delete(endpoint, params)),
  };
}
