import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY_RULES } from "../../../app/.server/policies/default-policy";
import type { PolicyRules } from "../../../app/.server/policies/policy-rules";
import { estimateRefund as serverEstimate } from "../../../app/.server/returns/engine/estimate-refund";
import { RESOLUTIONS } from "../../../app/.server/returns/types";
import vectors from "../../../tests/fixtures/money-vectors.json";
import { estimateRefund, fromCents, moneyFormatter, percentOf, toCents } from "./money";

describe("portal money", () => {
  it("reads and writes decimal strings as integer cents", () => {
    expect(toCents("49.00")).toBe(4900);
    expect(toCents("49.5")).toBe(4950);
    expect(toCents("49")).toBe(4900);
    expect(toCents("0.07")).toBe(7);
    expect(toCents("-3.10")).toBe(-310);
    expect(() => toCents("4.9.0")).toThrow();
    expect(() => toCents("1e3")).toThrow();
    expect(fromCents(4900)).toBe("49.00");
    expect(fromCents(7)).toBe("0.07");
    expect(fromCents(-310)).toBe("-3.10");
  });

  it("agrees with the server's money module on the shared vectors", () => {
    for (const [text, cents] of vectors.parse) expect(toCents(text as string), String(text)).toBe(cents);
    for (const text of vectors.invalid) expect(() => toCents(text), text).toThrow();
    for (const [cents, text] of vectors.format) expect(fromCents(cents as number)).toBe(text);
    // The portal takes a percentage, the vectors basis points.
    for (const [cents, bp, expected] of vectors.percent) expect(percentOf(cents!, bp! / 100), `${bp} bp of ${cents}`).toBe(expected);
  });

  it("rounds a percentage half up to the cent, fractional percentages included", () => {
    expect(percentOf(4900, 10)).toBe(490);
    expect(percentOf(5, 10)).toBe(1); // 0.5 cent rounds up
    expect(percentOf(4, 10)).toBe(0);
    expect(percentOf(3333, 12.5)).toBe(417); // 416.625
    expect(percentOf(1999, 0)).toBe(0);
  });

  it("estimates a refund less the fee, store credit plus the bonus, an exchange at value", () => {
    const lines = [
      { unitPrice: "49.00", quantity: 2 },
      { unitPrice: "19.99", quantity: 1 },
    ];
    const policy = { restockingFeePercent: 15, storeCreditBonusPercent: 10 };
    expect(estimateRefund(lines, "refund", policy)).toEqual({ itemsValue: 11799, restockingFee: 1770, storeCreditBonus: 0, total: 10029 });
    expect(estimateRefund(lines, "store_credit", policy)).toEqual({ itemsValue: 11799, restockingFee: 0, storeCreditBonus: 1180, total: 12979 });
    expect(estimateRefund(lines, "exchange", policy)).toEqual({ itemsValue: 11799, restockingFee: 0, storeCreditBonus: 0, total: 11799 });
  });

  it("gives the amount the server's engine gives, for any lines, fee and bonus", () => {
    const price = fc.integer({ min: 0, max: 5_000_000 }).map(fromCents);
    const percent = fc.integer({ min: 0, max: 10_000 }).map((bp) => bp / 100);
    fc.assert(
      fc.property(
        fc.array(fc.record({ unitPrice: price, quantity: fc.integer({ min: 0, max: 50 }) }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...RESOLUTIONS),
        percent,
        percent,
        (lines, resolution, restockingFeePercent, storeCreditBonusPercent) => {
          const rules = { ...DEFAULT_POLICY_RULES, restockingFeePercent, storeCreditBonusPercent } as unknown as PolicyRules;
          const ours = estimateRefund(lines, resolution, { restockingFeePercent, storeCreditBonusPercent });
          const theirs = serverEstimate(rules, lines, resolution, "USD");
          expect(fromCents(ours.total)).toBe(theirs.amount);
          expect(fromCents(ours.itemsValue)).toBe(theirs.itemsValue);
          expect(fromCents(ours.restockingFee)).toBe(theirs.restockingFee);
          expect(fromCents(ours.storeCreditBonus)).toBe(theirs.storeCreditBonus);
        },
      ),
    );
  });

  it("formats in the order's currency for the shopper's language, from the exact decimal", () => {
    expect(moneyFormatter("USD", "en-US")(5280)).toBe("$52.80");
    expect(moneyFormatter("EUR", "fr")(123456).replace(/\s/g, " ")).toBe("1 234,56 €");
    expect(moneyFormatter("JPY", "ja")(490000)).toBe("￥4,900");
    expect(moneyFormatter("USD", "en-US")(900719925474099)).toBe("$9,007,199,254,740.99");
    expect(moneyFormatter("ZZZ1", "en")(100)).toBe("1.00 ZZZ1");
  });
});
