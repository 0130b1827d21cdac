import { describe, expect, it } from "vitest";
import { activeMs, median, pauseCycle, resolveCycle, respondCycle, resumeCycle, slaStatus, type SlaCycleState } from "./sla-timers";

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 9, 0) + minutes * 60_000);
const start = (): SlaCycleState => ({ startedAt: at(0), pausedAt: null, pausedMs: 0, respondedAt: null, firstResponseMs: null, resolvedAt: null, resolutionMs: null });
const TARGET = { firstResponseMinutes: 60, resolutionMinutes: 240 };

describe("SLA timers", () => {
  it("leave snoozed time out and stand still while snoozed", () => {
    let cycle = pauseCycle(start(), at(20));
    expect(activeMs(cycle, at(500))).toBe(20 * 60_000);
    expect(slaStatus(cycle, TARGET, at(500)).firstResponse.state).toBe("paused");
    cycle = resumeCycle(cycle, at(200));
    expect(cycle.pausedMs).toBe(180 * 60_000);
    expect(activeMs(cycle, at(230))).toBe(50 * 60_000);
    expect(slaStatus(cycle, TARGET, at(230)).firstResponse).toMatchObject({ state: "at_risk", dueAt: at(240).toISOString() });
    cycle = respondCycle(cycle, at(235));
    expect(cycle.firstResponseMs).toBe(55 * 60_000);
    expect(slaStatus(cycle, TARGET, at(600)).firstResponse.state).toBe("met");
  });

  it("breach when the active time passes the target, snoozes or not", () => {
    const cycle = respondCycle(resumeCycle(pauseCycle(start(), at(50)), at(100)), at(120));
    expect(cycle.firstResponseMs).toBe(70 * 60_000);
    expect(slaStatus(cycle, TARGET, at(130)).firstResponse.state).toBe("breached");
    expect(slaStatus(start(), TARGET, at(61)).firstResponse.state).toBe("breached");
  });

  it("resolve at close, a snooze running at the time ended; a close without a reply judges the first response then", () => {
    const closed = resolveCycle(pauseCycle(start(), at(30)), at(1000));
    expect(closed).toMatchObject({ pausedAt: null, resolutionMs: 30 * 60_000 });
    const status = slaStatus(closed, TARGET, at(5000));
    expect(status.resolution.state).toBe("met");
    expect(status.firstResponse).toMatchObject({ state: "met", elapsedMs: 30 * 60_000 });
    // Later events change nothing on a resolved cycle.
    expect(respondCycle(closed, at(2000))).toBe(closed);
    expect(pauseCycle(closed, at(2000))).toBe(closed);
  });

  it("medians", () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
