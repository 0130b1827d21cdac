import { describe, expect, it } from "vitest";
import { estimateRefund } from "./estimate-refund";
import { formatCents, parseCents, percentOfCents } from "./money";
import { makeRules } from "./test-fixtures";

describe("money", () => {
  it("reads decimal strings into exact cents", () => {
    expect(parseCents("49.00")).toBe(4900);
    expect(parseCents("49.5")).toBe(4950);
    expect(parseCents("49")).toBe(4900);
    expect(parseCents("0.07")).toBe(7);
    expect(parseCents("-3.10")).toBe(-310);
    expect(parseCents("19.995")).toBe(2000);
    expect(parseCents("19.994")).toBe(1999);
  });

  it("refuses what is not money", () => {
    for (const bad of ["", "-", ".", "12.", "1,00", "4.9e1", "abc", " 1.00"]) {
      expect(() => parseCents(bad), bad).toThrow(expect.objectContaining({ code: "invalid_request" }));
    }
  });

  it("writes cents back as two-decimal strings", () => {
    expect([0, 5, 50, 4999, 100000, -5, -1234].map(formatCents)).toEqual(["0.00", "0.05", "0.50", "49.99", "1000.00", "-0.05", "-12.34"]);
  });

  it("rounds percentages half-up to the cent, exactly at the half", () => {
    expect(percentOfCents(9999, 1500)).toBe(1500); // 14.9985
    expect(percentOfCents(10, 500)).toBe(1); // 0.005 → 0.01
    expect(percentOfCents(9, 500)).toBe(0); // 0.0045 → 0.00
    expect(percentOfCents(4, 1250)).toBe(1); // 12.5% of 0.04 = 0.005 → 0.01
    expect(percentOfCents(Number.MAX_SAFE_INTEGER, 10000)).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe("estimateRefund", () => {
  const rules = makeRules({ restockingFeePercent: 15, storeCreditBonusPercent: 10 });
  const lines = [{ unitPrice: "33.33", quantity: 3 }];

  it("gives refund, store credit and exchange amounts for the same lines", () => {
    expect(estimateRefund(rules, lines, "refund", "EUR")).toEqual({ amount: "84.99", itemsValue: "99.99", restockingFee: "15.00", storeCreditBonus: "0.00", currency: "EUR" });
    expect(estimateRefund(rules, lines, "store_credit", "EUR")).toEqual({ amount: "109.99", itemsValue: "99.99", restockingFee: "0.00", storeCreditBonus: "10.00", currency: "EUR" });
    expect(estimateRefund(rules, lines, "exchange", "EUR")).toEqual({ amount: "99.99", itemsValue: "99.99", restockingFee: "0.00", storeCreditBonus: "0.00", currency: "EUR" });
  });

  it("sums many lines without drifting, as floats would", () => {
    const many = Array.from({ length: 10 }, () => ({ unitPrice: "0.10", quantity: 1 }));
    expect(estimateRefund(rules, many, "exchange", "USD").itemsValue).toBe("1.00");
  });

  it("refuses a quantity that is not a whole number", () => {
    expect(() => estimateRefund(rules, [{ unitPrice: "1.00", quantity: 1.5 }], "refund", "USD")).toThrow(expect.objectContaining({ code: "invalid_request" }));
  });
});
