import type { Redis } from "ioredis";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Tx } from "../db.server";
import { AppError } from "../errors";
import { connectLimiterRedis, sharedRateLimiter } from "../security/rate-limiter-store.server";

/*
 * Calls cost money by the minute, so starting one is bounded three ways: per shopper (their chat),
 * per client address (a shopper opening many chats), and per shop (calls at once). The counters
 * live where every instance sees them (Redis, else PostgreSQL, else memory), like the chat's.
 */

export const CALL_LIMITS = {
  /** Calls one chat may start in an hour. */
  perShopper: { points: 3, duration: 3600 },
  /** Calls one client address may start in an hour. */
  perAddress: { points: 6, duration: 3600 },
};

type LimiterName = keyof typeof CALL_LIMITS;
const globalForLimits = globalThis as { __dokaniCallLimiters?: Map<LimiterName, RateLimiterAbstract> };
let redis: Redis | undefined;

function limiter(name: LimiterName): RateLimiterAbstract {
  const cache = (globalForLimits.__dokaniCallLimiters ??= new Map());
  const existing = cache.get(name);
  if (existing) return existing;
  const made = sharedRateLimiter({ keyPrefix: `calls_${name}`, ...CALL_LIMITS[name] }, (url) => (redis ??= connectLimiterRedis(url)));
  cache.set(name, made);
  return made;
}

/** Counts one call start for the shopper and their address; 429 `rate_limited` with Retry-After once either is over. */
export async function consumeCallAllowance(shopId: string, shopperKey: string, clientAddress: string): Promise<void> {
  try {
    await limiter("perShopper").consume(`${shopId}:${shopperKey}`);
    await limiter("perAddress").consume(`${shopId}:${clientAddress}`);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new AppError("rate_limited", `Too many calls started. Please wait ${Math.ceil(retryAfter / 60)} minutes, or keep chatting.`, { headers: { "Retry-After": String(retryAfter) } });
  }
}

/** A call that never reported its end stops counting towards the cap this long after its maximum duration. */
const STALE_GRACE_MS = 10 * 60 * 1000;

/**
 * Holds the shop's call lock for the transaction and refuses (409 `calls_unavailable`) when the shop
 * already has `max` calls going. Two starts at once take turns, so the cap is never overshot.
 */
export async function assertCallCapacity(tx: Tx, shopId: string, max: number, maxDurationSeconds: number, now = new Date()): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`calls:${shopId}`}, 0))`;
  const since = new Date(now.getTime() - maxDurationSeconds * 1000 - STALE_GRACE_MS);
  const active = await tx.callSession.count({ where: { shopId, status: { in: ["scheduled", "ringing", "in_progress"] }, createdAt: { gte: since } } });
  if (active >= max) throw new AppError("calls_unavailable", "All of the store's call lines are busy right now. Please try again in a few minutes, or keep chatting.");
}

/** Forgets the limiters (tests start each case with fresh counters). */
export function resetCallLimiters() {
  globalForLimits.__dokaniCallLimiters?.clear();
}

/** Forgets the limiters and closes their Redis connection, so a process that is done can exit. */
export async function closeCallLimiters() {
  resetCallLimiters();
  const client = redis;
  redis = undefined;
  await client?.quit().catch(() => client.disconnect());
}
