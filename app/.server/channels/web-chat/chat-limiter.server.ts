import type { Redis } from "ioredis";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "../../errors";
import { connectLimiterRedis, sharedRateLimiter } from "../../security/rate-limiter-store.server";

/**
 * Throttles the chat per conversation and per client address: messages (which may cost a model
 * call), new sessions and photo uploads. Counters live in Redis when configured, else in
 * PostgreSQL (`rate_limits`), else in memory for the single-process embedded database.
 */

export const CHAT_LIMITS = {
  /** Messages a conversation may send a minute, and a client address across its conversations. */
  messagesPerSession: { points: 12, duration: 60 },
  messagesPerClient: { points: 40, duration: 60 },
  /** New chats a client address may open in ten minutes. */
  sessionsPerClient: { points: 10, duration: 600 },
  /** Photos a conversation may upload in ten minutes. */
  uploadsPerSession: { points: 10, duration: 600 },
};

type LimiterName = keyof typeof CHAT_LIMITS;
const globalForLimits = globalThis as { __dokaniChatLimiters?: Map<LimiterName, RateLimiterAbstract> };

let redis: Redis | undefined;
function limiter(name: LimiterName): RateLimiterAbstract {
  const cache = (globalForLimits.__dokaniChatLimiters ??= new Map());
  const existing = cache.get(name);
  if (existing) return existing;
  const options = { keyPrefix: `chat_${name}`, ...CHAT_LIMITS[name] };
  const made = sharedRateLimiter(options, (url) => (redis ??= connectLimiterRedis(url)));
  cache.set(name, made);
  return made;
}

const ACTIONS: Record<"message" | "session" | "upload", Array<{ name: LimiterName; by: "session" | "client" }>> = {
  message: [
    { name: "messagesPerSession", by: "session" },
    { name: "messagesPerClient", by: "client" },
  ],
  session: [{ name: "sessionsPerClient", by: "client" }],
  upload: [{ name: "uploadsPerSession", by: "session" }],
};

/** Counts one chat action; 429 `rate_limited` with Retry-After once the conversation or the client is over its allowance. */
export async function consumeChatAllowance(action: keyof typeof ACTIONS, keys: { shopId: string; sessionId?: string; clientAddress: string }) {
  const results = await Promise.all(
    ACTIONS[action].map(({ name, by }) =>
      limiter(name)
        .consume(by === "session" ? `${keys.shopId}:${keys.sessionId ?? "none"}` : `${keys.shopId}:${keys.clientAddress}`)
        .then(() => null)
        .catch((rejection: unknown) => {
          if (rejection instanceof RateLimiterRes) return rejection;
          throw rejection;
        }),
    ),
  );
  const blocked = results.filter((r): r is RateLimiterRes => r !== null);
  if (blocked.length) {
    const retryAfter = Math.max(1, Math.ceil(Math.max(...blocked.map((r) => r.msBeforeNext)) / 1000));
    throw new AppError("rate_limited", `You are sending messages too quickly. Please wait ${retryAfter} seconds and try again.`, { headers: { "Retry-After": String(retryAfter) } });
  }
}

/** Forgets the limiter instances (tests switch databases between files). */
export function resetChatLimiters() {
  globalForLimits.__dokaniChatLimiters = undefined;
}

/** Forgets the limiters and closes their Redis connection, so a process that is done can exit. */
export async function closeChatLimiters() {
  resetChatLimiters();
  const client = redis;
  redis = undefined;
  await client?.quit().catch(() => client.disconnect());
}
