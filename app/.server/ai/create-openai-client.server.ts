import OpenAI from "openai";
import { env } from "../env.server";

/** How long one model request may take unless its caller sets a shorter limit. */
export const MODEL_TIMEOUT_MS = 20_000;

/**
 * The one model client of Dokani, for the assistant, triage, summaries and embeddings alike: from
 * OPENAI_API_KEY and OPENAI_BASE_URL, or null when no key is configured (each capability then has
 * its fallback). The SDK's own retries are off: `callModel` retries, so a streamed reply is never
 * sent twice once the shopper has seen part of it.
 */
export function createOpenAIClient(): OpenAI | null {
  const { OPENAI_API_KEY, OPENAI_BASE_URL } = env();
  if (!OPENAI_API_KEY) return null;
  return new OpenAI({ apiKey: OPENAI_API_KEY, baseURL: OPENAI_BASE_URL ?? "https://api.openai.com/v1", maxRetries: 0, timeout: MODEL_TIMEOUT_MS });
}
