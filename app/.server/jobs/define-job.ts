import type { z } from "zod";

/**
 * What a job is, apart from what it does: enqueueing code imports only this (cheap, no domain
 * imports), and the handler is bound to it in the composition root (app/.server/job-registry.server.ts).
 */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  /** Namespaced id, `domain.verb` (`returns.triage`, `shopify.app-uninstalled`). */
  name: string;
  payload: S;
  /** Attempts before the job is marked failed (default 5). */
  maxAttempts?: number;
  /** The first retry waits this long; each next one twice as long (default 2 s). */
  backoffMs?: number;
};

/** Declares a job: its id, the zod schema of its payload and its retry settings. */
export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/.test(definition.name)) {
    throw new Error(`Job name "${definition.name}" must be namespaced like "returns.triage"`);
  }
  return definition;
}

/** Thrown by a handler for a failure that retrying cannot fix; the job fails at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 60 * 60 * 1000;

/** The wait before retry number `attempt` (1-based): base · 2^(attempt-1), capped at an hour. */
export function backoffDelay(attempt: number, baseMs = DEFAULT_BACKOFF_MS): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
}
