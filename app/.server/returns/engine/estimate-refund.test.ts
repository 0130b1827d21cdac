import { describe, expect, it } from "vitest";
import { estimateRefund } from "./estimate-refund";
import { makeRules } from "./test-fixtures";

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
