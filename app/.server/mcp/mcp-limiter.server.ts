import type { Redis } from "ioredis";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "../errors";
import { connectLimiterRedis, sharedRateLimiter } from "../security/rate-limiter-store.server";

/**
 * Throttles MCP requests: per merchant API key on `/mcp`, per client address on `/proxy/mcp`.
 * Counters live in Redis when configured, else in PostgreSQL (`rate_limits`), else in memory for
 * the single-process embedded database, like the chat's and the lookup's limiters.
 */
export const MCP_LIMITS = {
  /** JSON-RPC requests one merchant key may send a minute (a tool call is one or, for a 2025-era client connecting afresh, three). */
  perKey: { points: 600, duration: 60 },
  /** Requests one shopper's address may send the storefront MCP a minute. */
  perShopper: { points: 60, duration: 60 },
};

type LimiterName = keyof typeof MCP_LIMITS;
const globalForLimits = globalThis as { __dokaniMcpLimiters?: Map<LimiterName, RateLimiterAbstract> };

let redis: Redis | undefined;
function limiter(name: LimiterName): RateLimiterAbstract {
  const cache = (globalForLimits.__dokaniMcpLimiters ??= new Map());
  const existing = cache.get(name);
  if (existing) return existing;
  const options = { keyPrefix: `mcp_${name}`, ...MCP_LIMITS[name] };
  const made = sharedRateLimiter(options, (url) => (redis ??= connectLimiterRedis(url)));
  cache.set(name, made);
  return made;
}

/** Counts one MCP request; 429 `rate_limited` with Retry-After once the key or the address is over its allowance. */
export async function consumeMcpAllowance(name: LimiterName, key: string) {
  try {
    await limiter(name).consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new AppError("rate_limited", `Too many MCP requests. Please wait ${retryAfter} seconds and try again.`, { headers: { "Retry-After": String(retryAfter) } });
  }
}

/** Forgets the limiter instances (tests switch databases between files). */
export function resetMcpLimiters() {
  globalForLimits.__dokaniMcpLimiters = undefined;
}

/** Forgets the limiters and closes their Redis connection, so a process that is done can exit. */
export async function closeMcpLimiters() {
  resetMcpLimiters();
  const client = redis;
  redis = undefined;
  await client?.quit().catch(() => client.disconnect());
}
