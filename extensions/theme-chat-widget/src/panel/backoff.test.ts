import { describe, expect, it } from "vitest";
import { backoffDelay, retryAfterSeconds } from "./backoff";

describe("backoffDelay", () => {
  it("doubles from one second up to thirty, between half the ceiling and the ceiling", () => {
    const low = () => 0;
    const high = () => 0.999999;
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((a) => backoffDelay(a, { random: low }))).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((a) => backoffDelay(a, { random: high }))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it("spreads shoppers who lost the connection at the same moment", () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(4000);
      expect(delay).toBeLessThanOrEqual(8000);
    }
  });

  it("takes other bounds", () => {
    expect(backoffDelay(2, { baseMs: 100, capMs: 300, random: () => 1 })).toBe(300);
  });
});

describe("retryAfterSeconds", () => {
  it("reads seconds and HTTP dates, and nothing else", () => {
    const now = Date.parse("2026-05-01T12:00:00Z");
    expect(retryAfterSeconds("20", now)).toBe(20);
    expect(retryAfterSeconds("Fri, 01 May 2026 12:00:45 GMT", now)).toBe(45);
    expect(retryAfterSeconds("Fri, 01 May 2026 11:00:00 GMT", now)).toBe(0);
    expect(retryAfterSeconds("soon", now)).toBeUndefined();
    expect(retryAfterSeconds(null, now)).toBeUndefined();
  });
});
