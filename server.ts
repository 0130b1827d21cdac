import { loadEnvOrExit } from "./app/.server/env.server";
import { configureLogger, log } from "./app/.server/logger.server";
import { startServer } from "./server/start-server";

/**
 * `npm start` (production), `npm run dev` (Vite in middleware mode) and, through scripts/demo.ts,
 * `npm run demo`. A bad environment stops start-up with one line naming the variable.
 */
async function main() {
  const config = loadEnvOrExit();
  configureLogger({ level: config.LOG_LEVEL });
  const running = await startServer(config, { dev: process.argv.includes("--dev") });

  const banner = [`Dokani is running at ${running.url} (${config.mode}, ${config.DATABASE_URL ? "PostgreSQL" : "embedded database"}, jobs ${config.REDIS_URL ? "on BullMQ" : "in process"})`];
  if (running.demo) {
    banner.push(
      `  Merchant admin:    ${running.url}/app`,
      `  Demo storefront:   ${running.url}/demo`,
      `  Merchant API key:  ${running.demo.apiKey}`,
      `  Health:            ${running.url}/healthz`,
    );
    if (running.smtpPort && running.demo.inboundAddress) banner.push(`  Inbound email:     ${running.demo.inboundAddress} (SMTP on 127.0.0.1:${running.smtpPort})`);
  }
  console.log(banner.join("\n"));

  // Ctrl-C reaches npm and this process alike, so a signal often arrives twice: the first
  // starts the shutdown, repeats are ignored so the embedded database is always closed cleanly.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.shutdown(signal).then(
      () => process.exit(0),
      (error) => {
        log().error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error) => {
  console.error(`Dokani could not start: ${error instanceof Error ? error.message : String(error)}`);
  log().error({ err: error }, "start-up failed");
  process.exit(1);
});
