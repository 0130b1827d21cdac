import { describe, expect, it } from "vitest";
import { type RiskSignals, scoreRisk } from "./score-risk";

const quiet: RiskSignals = {
  priorReturns: 0,
  orderCount: 1,
  recentReturns: 0,
  periodDays: 90,
  orderCents: 4900,
  medianOrderCents: 6000,
  currency: "USD",
  windowUsedPercent: 10,
  priorNotAsDescribed: 0,
  requestsNotAsDescribed: false,
  wornWithoutFault: false,
  requestsOnThisOrder: 0,
  emailsFromSameClient: 1,
};

const factor = (patch: Partial<RiskSignals>) => scoreRisk({ ...quiet, ...patch }).factors;

describe("scoreRisk", () => {
  it("scores a first-time customer's ordinary request at zero, with no factors", () => {
    expect(scoreRisk(quiet)).toEqual({ score: 0, thousandths: 0, factors: [] });
  });

  it("names each factor with its contribution", () => {
    expect(factor({ priorReturns: 2, orderCount: 4 })).toEqual([{ code: "return_rate", label: "2 earlier returns across 4 orders", contribution: 0.125 }]);
    expect(factor({ recentReturns: 1 })).toEqual([{ code: "recent_returns", label: "1 return in the last 90 days", contribution: 0.075 }]);
    expect(factor({ orderCents: 12000 })).toEqual([
      { code: "high_order_value", label: "Order of 120.00 USD is over twice the store's median order (60.00 USD)", contribution: 0.08 },
    ]);
    expect(factor({ orderCents: 18000 })[0]).toMatchObject({ code: "high_order_value", contribution: 0.15 });
    expect(factor({ windowUsedPercent: 75 })).toEqual([{ code: "late_in_window", label: "Requested in the last quarter of the return window", contribution: 0.04 }]);
    expect(factor({ windowUsedPercent: 90 })[0]).toMatchObject({ code: "late_in_window", contribution: 0.08 });
    expect(factor({ priorNotAsDescribed: 1, requestsNotAsDescribed: true })).toEqual([
      { code: "repeated_not_as_described", label: 'Reported "not as described" 2 times', contribution: 0.1 },
    ]);
    expect(factor({ wornWithoutFault: true })[0]).toMatchObject({ code: "worn_without_fault", contribution: 0.08 });
    expect(factor({ requestsOnThisOrder: 1 })).toEqual([{ code: "repeat_request_on_order", label: "1 earlier request on this order", contribution: 0.1 }]);
    expect(factor({ emailsFromSameClient: 4 })).toEqual([
      { code: "shared_client", label: "4 different emails asked for returns from the same device or network in 30 days", contribution: 0.2 },
    ]);
    // Counted up to 50: a busier address says so rather than a figure it did not count.
    expect(factor({ emailsFromSameClient: 50 })).toEqual([
      { code: "shared_client", label: "50 or more different emails asked for returns from the same device or network in 30 days", contribution: 0.3 },
    ]);
  });

  it("leaves out what is normal: one not-as-described claim, a household's two emails, an unknown median", () => {
    expect(factor({ requestsNotAsDescribed: true, emailsFromSameClient: 2, medianOrderCents: 0, orderCents: 10_000_000 })).toEqual([]);
  });

  it("caps each factor and the total at 1", () => {
    const worst = scoreRisk({
      ...quiet,
      priorReturns: 50,
      orderCount: 1,
      recentReturns: 50,
      orderCents: 100_000,
      windowUsedPercent: 100,
      priorNotAsDescribed: 20,
      requestsNotAsDescribed: true,
      wornWithoutFault: true,
      requestsOnThisOrder: 10,
      emailsFromSameClient: 40,
    });
    expect(worst.score).toBe(1);
    expect(Math.max(...worst.factors.map((f) => f.contribution))).toBe(0.3);
  });

  it("adds the factors up exactly below the cap", () => {
    const s = scoreRisk({ ...quiet, priorReturns: 1, orderCount: 3, recentReturns: 1, requestsOnThisOrder: 1 });
    expect(s.thousandths).toBe(83 + 75 + 100);
    expect(s.score).toBe(0.258);
  });
});
