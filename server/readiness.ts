import { database } from "../app/.server/db.server";
import type { Env } from "../app/.server/env.server";

type Check = "ok" | "failing" | "not_configured";

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref())]);
}

let redisClient: import("ioredis").Redis | undefined;

/** Whether the database (and Redis, when configured) answer within a second. */
export async function checkReadiness(config: Env): Promise<Record<string, Check>> {
  const checks: Record<string, Check> = { database: "failing", redis: "not_configured" };
  try {
    await withTimeout(database().prisma.$queryRaw`SELECT 1`, 1_000);
    checks.database = "ok";
  } catch {
    checks.database = "failing";
  }
  if (config.REDIS_URL) {
    try {
      if (!redisClient) {
        const { Redis } = await import("ioredis");
        redisClient = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
        redisClient.on("error", () => {});
        await withTimeout(redisClient.connect(), 1_000);
      }
      await withTimeout(redisClient.ping(), 1_000);
      checks.redis = "ok";
    } catch {
      checks.redis = "failing";
    }
  }
  return checks;
}

/** Closes the readiness probe's Redis connection. */
export function closeReadiness() {
  redisClient?.disconnect();
  redisClient = undefined;
}
