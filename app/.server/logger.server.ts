import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type Logger } from "pino";

/**
 * Structured logs (pino, JSON lines). Each HTTP request and job runs inside a context that carries
 * its id, so every line it logs can be traced back to it.
 */

type LogContext = { requestId?: string; jobId?: string; shop?: string };

const context = new AsyncLocalStorage<LogContext>();
const globalForLog = globalThis as { __dokaniLogger?: Logger };

function baseLogger(): Logger {
  globalForLog.__dokaniLogger ??= pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
    base: { service: "dokani" },
    redact: {
      paths: ["*.accessToken", "*.password", "*.secret", "*.token", "*.apiKey", "req.headers.authorization", "req.headers.cookie"],
      censor: "[redacted]",
    },
  });
  return globalForLog.__dokaniLogger;
}

/** Replaces the process logger (the server sets the level from the validated environment); `stderr` keeps stdout for a protocol (the stdio MCP server). */
export function configureLogger(options: { level: string; stderr?: boolean }) {
  globalForLog.__dokaniLogger = options.stderr ? pino({ level: options.level, base: { service: "dokani" } }, pino.destination(2)) : pino({ level: options.level, base: { service: "dokani" } });
}

/** The logger for the current request or job, carrying its ids. */
export function log(): Logger {
  const ctx = context.getStore();
  return ctx ? baseLogger().child(ctx) : baseLogger();
}

/** Runs `fn` with log lines tagged by the given ids. */
export function withLogContext<T>(ctx: LogContext, fn: () => T): T {
  return context.run({ ...context.getStore(), ...ctx }, fn);
}

/** The id of the request being served, if any. */
export function currentRequestId(): string | undefined {
  return context.getStore()?.requestId;
}
