import { openAppDatabase } from "../app/.server/boot.server";
import { closeDatabase } from "../app/.server/db.server";
import { loadEnvOrExit } from "../app/.server/env.server";
import { jobRegistry } from "../app/.server/job-registry.server";
import { startJobRuntime, stopJobRuntime } from "../app/.server/jobs/runtime.server";
import { configureLogger, log } from "../app/.server/logger.server";
import { startConversationTransport, stopConversationTransport } from "../app/.server/realtime/conversation-events.server";

/**
 * `npm run workers`: BullMQ workers for every job in the registry (app/.server/job-registry.server.ts).
 * They also dispatch due outbox rows, so jobs written while no web process runs still go out.
 */
async function main() {
  const config = loadEnvOrExit();
  configureLogger({ level: config.LOG_LEVEL });
  if (!config.REDIS_URL) {
    console.error("REDIS_URL is not set: without Redis, jobs run inside the app process (npm start) and no worker process is needed.");
    process.exit(1);
  }
  const database = await openAppDatabase(config);
  // Workers join the other instances: conversation events their jobs publish reach the web processes'
  // streams, and the shop and policy caches hear of changes made anywhere.
  await startConversationTransport({ redisUrl: config.REDIS_URL, databaseUrl: config.DATABASE_URL });
  await startJobRuntime({ client: database.prisma, registry: jobRegistry, redisUrl: config.REDIS_URL, runWorkers: true, queueName: config.JOBS_QUEUE, concurrency: config.JOBS_CONCURRENCY, leaseMs: config.JOBS_LEASE_MS });
  console.log(`Dokani workers are running (concurrency ${config.JOBS_CONCURRENCY}).`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log().info({ signal }, "workers stopping: finishing jobs in flight");
    await stopJobRuntime();
    await stopConversationTransport();
    await closeDatabase();
    process.exit(0);
  };
  // Repeated signals (npm and tsx relay Ctrl-C too) must not cut the drain short.
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  console.error(`Dokani workers could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
