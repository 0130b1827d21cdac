import { setTimeout as delay } from "node:timers/promises";
import OpenAI from "openai";

export type CallModelOptions = {
  /** Tries in all, the first included. */
  attempts?: number;
  delayMs?: number;
  /** Whether a failure may be tried again (beyond being transient): a stream that already showed text may not. */
  mayRetry?: (error: unknown) => boolean;
};

/** A failure worth one more try: a dropped connection, a timeout (the SDK's or our own abort), 429 or a 5xx. */
function isTransientModelError(error: unknown): boolean {
  if (error instanceof OpenAI.APIConnectionError || error instanceof OpenAI.APIUserAbortError) return true;
  if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) return true;
  return error instanceof OpenAI.APIError && typeof error.status === "number" && (error.status === 429 || error.status >= 500);
}

/**
 * Runs one model request with bounded retries and a pause between tries: every capability's calls
 * to the model go through here, so none of them hangs on a failing provider or hammers it.
 */
export async function callModel<T>(request: (attempt: number) => Promise<T>, options: CallModelOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 2;
  for (let attempt = 1; ; attempt++) {
    try {
      return await request(attempt);
    } catch (error) {
      if (attempt >= attempts || !isTransientModelError(error) || (options.mayRetry && !options.mayRetry(error))) throw error;
      await delay(options.delayMs ?? 200);
    }
  }
}
