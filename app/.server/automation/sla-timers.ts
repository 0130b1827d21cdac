import type { SlaTarget } from "./automation-settings";

/**
 * SLA timers as pure functions over one cycle. A cycle runs from the shopper's message that opened
 * (or reopened) a conversation to its close; time spent snoozed is left out (`pausedMs` plus the
 * running pause since `pausedAt`). The first response is the shop's first reply in the cycle.
 */

export type SlaCycleState = {
  startedAt: Date;
  pausedAt: Date | null;
  pausedMs: number;
  respondedAt: Date | null;
  firstResponseMs: number | null;
  resolvedAt: Date | null;
  resolutionMs: number | null;
};

/** Time that counts toward the SLA from the cycle's start to `at`: snoozed time left out. */
export function activeMs(cycle: Pick<SlaCycleState, "startedAt" | "pausedAt" | "pausedMs">, at: Date): number {
  const running = cycle.pausedAt ? Math.max(0, at.getTime() - cycle.pausedAt.getTime()) : 0;
  return Math.max(0, at.getTime() - cycle.startedAt.getTime() - cycle.pausedMs - running);
}

/** The cycle with its timers stopped at `at` (a snooze); already stopped stays as it is. */
export function pauseCycle<C extends SlaCycleState>(cycle: C, at: Date): C {
  return cycle.pausedAt || cycle.resolvedAt ? cycle : { ...cycle, pausedAt: at };
}

/** The cycle with its timers running again from `at` (a snooze ended, by hand, by its time or by a message). */
export function resumeCycle<C extends SlaCycleState>(cycle: C, at: Date): C {
  if (!cycle.pausedAt) return cycle;
  return { ...cycle, pausedMs: cycle.pausedMs + Math.max(0, at.getTime() - cycle.pausedAt.getTime()), pausedAt: null };
}

/** The cycle with the shop's first reply at `at`; later replies change nothing. */
export function respondCycle<C extends SlaCycleState>(cycle: C, at: Date): C {
  if (cycle.respondedAt || cycle.resolvedAt) return cycle;
  return { ...cycle, respondedAt: at, firstResponseMs: activeMs(cycle, at) };
}

/** The cycle closed at `at`. */
export function resolveCycle<C extends SlaCycleState>(cycle: C, at: Date): C {
  if (cycle.resolvedAt) return cycle;
  const resumed = resumeCycle(cycle, at);
  return { ...resumed, resolvedAt: at, resolutionMs: activeMs(resumed, at) };
}

export type TimerState = "met" | "breached" | "running" | "at_risk" | "paused";
export type SlaTimer = { state: TimerState; targetMs: number; elapsedMs: number; dueAt: string | null };
export type SlaStatus = { firstResponse: SlaTimer; resolution: SlaTimer };

/** A running timer is at risk in its last fifth (or last 15 minutes, whichever is shorter). */
function atRisk(elapsedMs: number, targetMs: number): boolean {
  return targetMs - elapsedMs <= Math.min(targetMs / 5, 15 * 60_000);
}

function timer(doneMs: number | null, cycle: SlaCycleState, targetMs: number, now: Date): SlaTimer {
  if (doneMs !== null) return { state: doneMs <= targetMs ? "met" : "breached", targetMs, elapsedMs: doneMs, dueAt: null };
  const elapsedMs = activeMs(cycle, now);
  if (elapsedMs > targetMs) return { state: "breached", targetMs, elapsedMs, dueAt: null };
  if (cycle.pausedAt) return { state: "paused", targetMs, elapsedMs, dueAt: null };
  const dueAt = new Date(now.getTime() + (targetMs - elapsedMs)).toISOString();
  return { state: atRisk(elapsedMs, targetMs) ? "at_risk" : "running", targetMs, elapsedMs, dueAt };
}

/** Where a cycle stands against its targets at `now`. A cycle closed with no reply judges the first response at its close. */
export function slaStatus(cycle: SlaCycleState, target: SlaTarget, now: Date): SlaStatus {
  const at = cycle.resolvedAt ?? now;
  const firstTarget = target.firstResponseMinutes * 60_000;
  const firstDone = cycle.firstResponseMs ?? (cycle.resolvedAt ? activeMs(cycle, at) : null);
  return {
    firstResponse: timer(firstDone, cycle, firstTarget, at),
    resolution: timer(cycle.resolutionMs, cycle, target.resolutionMinutes * 60_000, at),
  };
}

/** The median of some numbers, null for none. */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
