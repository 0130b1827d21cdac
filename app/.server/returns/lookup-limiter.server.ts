import type { Redis } from "ioredis";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "../errors";
import { connectLimiterRedis, sharedRateLimiter } from "../security/rate-limiter-store.server";

/**
 * Throttles order-lookup guessing. Only failed lookups count: 10 per client address and 5 per order
 * number within 15 minutes, after which lookups from that client (or for that order) answer 429
 * until the window passes. Counters live in Redis when configured, else in PostgreSQL (the
 * `rate_limits` table), else in memory for the single-process embedded demo.
 */

const WINDOW_SECONDS = 15 * 60;
export const LOOKUP_LIMITS = { perClient: 10, perOrder: 5 };

type Limiters = { client: RateLimiterAbstract; order: RateLimiterAbstract };
const globalForLimits = globalThis as { __dokaniLookupLimiters?: Limiters };

let redis: Redis | undefined;
function limiters(): Limiters {
  if (globalForLimits.__dokaniLookupLimiters) return globalForLimits.__dokaniLookupLimiters;
  const make = (keyPrefix: string, points: number): RateLimiterAbstract => sharedRateLimiter({ keyPrefix, points, duration: WINDOW_SECONDS }, (url) => (redis ??= connectLimiterRedis(url)));
  globalForLimits.__dokaniLookupLimiters = {
    client: make("lookup_client", LOOKUP_LIMITS.perClient),
    order: make("lookup_order", LOOKUP_LIMITS.perOrder),
  };
  return globalForLimits.__dokaniLookupLimiters;
}

function keys(shopId: string, clientAddress: string, orderNumber: string) {
  return { client: `${shopId}:${clientAddress}`, order: `${shopId}:${orderNumber.replace(/^#/, "").toLowerCase()}` };
}

/** Refuses a lookup (429) while its client or its order number is over the failed-lookup limit. */
export async function assertLookupAllowed(shopId: string, clientAddress: string, orderNumber: string) {
  const k = keys(shopId, clientAddress, orderNumber);
  const { client, order } = limiters();
  const [byClient, byOrder] = await Promise.all([client.get(k.client), order.get(k.order)]);
  const blocked = [
    byClient && byClient.consumedPoints >= LOOKUP_LIMITS.perClient ? byClient : null,
    byOrder && byOrder.consumedPoints >= LOOKUP_LIMITS.perOrder ? byOrder : null,
  ].filter((r) => r !== null);
  if (blocked.length) {
    const retryAfter = Math.ceil(Math.max(...blocked.map((r) => r.msBeforeNext)) / 1000);
    throw new AppError("rate_limited", `Too many attempts to find an order. Please try again in ${Math.ceil(retryAfter / 60)} minutes.`, {
      headers: { "Retry-After": String(retryAfter) },
    });
  }
}

/** Counts one failed lookup against the client and the order number. */
export async function recordFailedLookup(shopId: string, clientAddress: string, orderNumber: string) {
  const k = keys(shopId, clientAddress, orderNumber);
  const { client, order } = limiters();
  // consume() rejects once over the limit; the count is what matters here, not the verdict.
  await Promise.all([client.consume(k.client).catch(() => undefined), order.consume(k.order).catch(() => undefined)]);
}

/** Forgets the limiter instances (tests switch databases between files). */
export function resetLookupLimiters() {
  globalForLimits.__dokaniLookupLimiters = undefined;
}
