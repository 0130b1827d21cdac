import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { database } from "../db.server";
import { env } from "../env.server";
import { AppError } from "../errors";

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
  const insuranceLimiter = new RateLimiterMemory(options);
  const db = database();
  const redisUrl = env().REDIS_URL;
  let made: RateLimiterAbstract;
  if (redisUrl) {
    redis ??= new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2_000 }).on("error", () => {});
    made = new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter });
  } else if (db.kind === "postgres" && db.pool) {
    made = new RateLimiterPostgres({ ...options, storeClient: db.pool, storeType: "pool", tableName: "rate_limits", tableCreated: true, clearExpiredByTimeout: false, insuranceLimiter });
  } else {
    made = new RateLimiterMemory(options);
  }
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
