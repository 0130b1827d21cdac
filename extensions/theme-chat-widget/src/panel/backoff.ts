/** Reconnection delays: exponential, capped, with jitter so that many shoppers do not return at once. */

export type BackoffOptions = { baseMs?: number; capMs?: number; random?: () => number };

/**
 * The delay before reconnection attempt `attempt` (0 for the first): the ceiling doubles from
 * `baseMs` up to `capMs`, and the delay is drawn between half the ceiling and the ceiling.
 */
export function backoffDelay(attempt: number, { baseMs = 1000, capMs = 30_000, random = Math.random }: BackoffOptions = {}): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Seconds from a Retry-After header (seconds or an HTTP date), or undefined when it is neither. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
