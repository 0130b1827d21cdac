import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { database } from "../db.server";
import { env } from "../env.server";

/** A Redis connection for rate-limit counters: fails fast, never throws its connection errors at the caller. */
export function connectLimiterRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000 }).on("error", () => {});
}

/**
 * A limiter whose counters live where every instance sees them: Redis when configured (through
 * `redis`, called only then), else PostgreSQL (`rate_limits`), else memory for the single-process
 * embedded database. If the shared store is unreachable, the process keeps counting on its own.
 */
export function sharedRateLimiter(options: { keyPrefix: string; points: number; duration: number }, redis: (url: string) => Redis): RateLimiterAbstract {
  const insuranceLimiter = new RateLimiterMemory(options);
  const db = database();
  const redisUrl = env().REDIS_URL;
  if (redisUrl) return new RateLimiterRedis({ ...options, storeClient: redis(redisUrl), insuranceLimiter });
  if (db.kind === "postgres" && db.pool) {
    return new RateLimiterPostgres({ ...options, storeClient: db.pool, storeType: "pool", tableName: "rate_limits", tableCreated: true, clearExpiredByTimeout: false, insuranceLimiter });
  }
  return new RateLimiterMemory(options);
}
