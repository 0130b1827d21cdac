import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { openAppDatabase } from "../app/.server/boot.server";
import { closeDatabase } from "../app/.server/db.server";
import { DEMO_SMTP_PORT } from "../app/.server/channels/email/addresses.server";
import { env, resetEnv, type Env } from "../app/.server/env.server";
import { scheduleAnalyticsSweep } from "../app/.server/analytics/schedule-analytics-sweep.server";
import { scheduleTriageSweep } from "../app/.server/returns/sweep-stuck-triage.server";
import { jobRegistry } from "../app/.server/job-registry.server";
import { startJobRuntime, stopJobRuntime } from "../app/.server/jobs/runtime.server";
import { log } from "../app/.server/logger.server";
import { scheduleMaintenance } from "../app/.server/maintenance/schedule-maintenance.server";
import { startConversationTransport, stopConversationTransport } from "../app/.server/realtime/conversation-events.server";
import { createHttpApp } from "./http-app";
import { closeReadiness } from "./readiness";

export type RunningServer = {
  url: string;
  port: number;
  demo?: { apiKey: string; created: boolean; inboundAddress: string | null };
  httpServer: import("node:http").Server;
  /** Stops taking requests, lets the ones in flight finish, drains jobs and closes the database. */
  shutdown(reason?: string): Promise<void>;
  /** The embedded SMTP receiver's port, when it runs. */
  smtpPort?: number;
};

async function loadBuild(dev: boolean) {
  if (dev) {
    const vite = await import("vite");
    const server = await vite.createServer({ server: { middlewareMode: true } });
    return {
      build: () => server.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
      viteMiddleware: server.middlewares as never,
      close: () => server.close(),
    };
  }
  const file = path.resolve("build/server/index.js");
  const build = (await import(pathToFileURL(file).href)) as ServerBuild;
  return { build, viteMiddleware: undefined, close: async () => {} };
}

/** A web process runs the jobs itself unless it is told not to, or it is a production process with Redis (workers run them). */
export function jobsInProcess(config: Env): boolean {
  if (config.JOBS_IN_PROCESS) return config.JOBS_IN_PROCESS === "true";
  return config.mode !== "production";
}

/** Boots Dokani: database (migrated), demo data in demo mode, the job runtime, then HTTP. */
export async function startServer(config: Env, options: { dev?: boolean } = {}): Promise<RunningServer> {
  const database = await openAppDatabase(config);
  let demo: RunningServer["demo"];
  if (config.mode === "demo") {
    const { prepareDemo } = await import("../app/.server/demo/prepare-demo.server");
    const prepared = await prepareDemo(database.prisma, config);
    demo = { apiKey: prepared.apiKey, created: prepared.created, inboundAddress: prepared.inboundAddress };
  }
  // Conversation events reach the other instances (web processes, workers) through Redis or PostgreSQL.
  await startConversationTransport({ redisUrl: config.REDIS_URL, databaseUrl: config.DATABASE_URL });
  await startJobRuntime({
    client: database.prisma,
    registry: jobRegistry,
    redisUrl: config.REDIS_URL,
    runWorkers: jobsInProcess(config),
    queueName: config.JOBS_QUEUE,
    concurrency: config.JOBS_CONCURRENCY,
    leaseMs: config.JOBS_LEASE_MS,
  });
  // Daily maintenance (pruning, data retention) keeps itself scheduled; this seeds it on first start.
  await scheduleMaintenance(database.prisma);
  // The analytics sweep (changes that queue no rollup of their own) reschedules itself every few minutes.
  await scheduleAnalyticsSweep(database.prisma, new Date());
  // So does the triage sweep, which picks up returns whose triage job was lost or gave up.
  await scheduleTriageSweep(database.prisma, new Date());
  const remix = await loadBuild(Boolean(options.dev));
  // The embedded SMTP receiver: on DOKANI_SMTP_PORT, or 2525 in the demo (where a port already taken only costs the demo its mail door).
  let smtp: import("../app/.server/channels/email/smtp-receiver.server").RunningSmtpReceiver | undefined;
  const smtpPort = config.DOKANI_SMTP_PORT ?? (config.mode === "demo" ? DEMO_SMTP_PORT : undefined);
  if (smtpPort !== undefined) {
    const { startSmtpReceiver } = await import("../app/.server/channels/email/smtp-receiver.server");
    try {
      smtp = await startSmtpReceiver({ port: smtpPort });
    } catch (error) {
      if (config.DOKANI_SMTP_PORT !== undefined) throw error;
      log().warn({ err: error, port: smtpPort }, "the demo's SMTP receiver could not start");
    }
  }

  let ready = false;
  let draining = false;
  const app = createHttpApp({ config, build: remix.build, viteMiddleware: remix.viteMiddleware, isReady: () => ready, isDraining: () => draining });
  const server = await new Promise<import("node:http").Server>((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once("error", reject);
  });
  // Longer than a typical load balancer's idle timeout, so it closes idle connections and not we.
  server.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  const host = config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  // Without SHOPIFY_APP_URL the app's public address is where it listens (a port picked at start
  // included): links in emails (the shopper's status page, the merchant's hand-off) must open.
  if (!config.SHOPIFY_APP_URL) {
    config.appUrl = url;
    if (env() !== config) resetEnv({ ...env(), appUrl: url });
  }
  ready = true;

  let closing: Promise<void> | undefined;
  const shutdown = (reason = "shutdown") => {
    closing ??= (async () => {
      draining = true;
      log().info({ reason }, "shutting down: finishing requests in flight");
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        log().warn("shutdown timeout: closing connections still open");
        server.closeAllConnections();
      }, config.SHUTDOWN_TIMEOUT_MS);
      await closed;
      clearTimeout(timer);
      await smtp?.close();
      await stopJobRuntime();
      await stopConversationTransport();
      await remix.close();
      closeReadiness();
      await closeDatabase();
      log().info("stopped");
    })();
    return closing;
  };
  return { url, port, demo, httpServer: server, shutdown, smtpPort: smtp?.port };
}
