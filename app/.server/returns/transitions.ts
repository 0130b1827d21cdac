import { AppError } from "../errors";
import type { ReturnStatus } from "./types";

/*
 * The return lifecycle. A request is triaged, maybe reviewed, then approved or denied; an approved
 * one is completed when the items are back and the money is issued. Denied, completed and
 * cancelled are final: reopening would need a new request, so the audit trail never runs backwards.
 */

/** Every status a return may move to from each status. */
export const ALLOWED_TRANSITIONS: Readonly<Record<ReturnStatus, readonly ReturnStatus[]>> = Object.freeze({
  pending_triage: Object.freeze(["pending_review", "approved", "denied", "cancelled"] as const),
  pending_review: Object.freeze(["approved", "denied", "cancelled"] as const),
  approved: Object.freeze(["completed", "cancelled"] as const),
  denied: Object.freeze([] as const),
  completed: Object.freeze([] as const),
  cancelled: Object.freeze([] as const),
});

/** True when a return may move from `from` to `to`. */
export function canTransition(from: ReturnStatus, to: ReturnStatus): boolean {
  // Statuses read from storage are strings at runtime; an unknown one can go nowhere.
  return Object.hasOwn(ALLOWED_TRANSITIONS, from) && (ALLOWED_TRANSITIONS[from] as readonly string[]).includes(to);
}

/** Throws AppError `invalid_transition` (409) unless a return may move from `from` to `to`. */
export function assertTransition(from: ReturnStatus, to: ReturnStatus): void {
  if (canTransition(from, to)) return;
  const next: readonly ReturnStatus[] = Object.hasOwn(ALLOWED_TRANSITIONS, from) ? ALLOWED_TRANSITIONS[from] : [];
  const detail = next.length === 0 ? `${from} is final` : `from ${from} it can only move to ${next.join(", ")}`;
  throw new AppError("invalid_transition", `A return can't move from ${from} to ${to}: ${detail}.`);
}
