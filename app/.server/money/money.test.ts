import fc from "fast-check";
import { describe, expect, it } from "vitest";
import vectors from "../../../tests/fixtures/money-vectors.json";
import { allocateCents, formatCents, formatCentsWithCode, formatMoneyAmount, parseCents, percentOfCents, percentToBasisPoints } from ".";

const SAFE_CENTS = fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

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

describe("money: the vectors the storefront bundles share", () => {
  it("parses, refuses, formats, takes percentages and allocates as the vectors say", () => {
    for (const [text, cents] of vectors.parse) expect(parseCents(text as string), String(text)).toBe(cents);
    for (const text of vectors.invalid) expect(() => parseCents(text), text).toThrow(expect.objectContaining({ code: "invalid_request" }));
    for (const [cents, text] of vectors.format) expect(formatCents(cents as number)).toBe(text);
    for (const [cents, bp, expected] of vectors.percent) expect(percentOfCents(cents!, bp!), `${bp} bp of ${cents}`).toBe(expected);
    for (const [total, weights, parts] of vectors.allocate) expect(allocateCents(total as number, weights as number[]), JSON.stringify([total, weights])).toEqual(parts);
  });
});

describe("money: extra decimals", () => {
  it("rounds half-up by default, refuses for Shopify, cuts for WooCommerce", () => {
    expect(parseCents("8.335")).toBe(834);
    expect(parseCents("8.335", "truncate")).toBe(833);
    expect(parseCents("8.3333333", "truncate")).toBe(833);
    expect(parseCents("49.000", "reject")).toBe(4900);
    expect(() => parseCents("49.001", "reject")).toThrow(expect.objectContaining({ code: "invalid_request" }));
  });
});

describe("money: display", () => {
  it("writes amounts with the currency's symbol and grouping from the exact decimal, or its code", () => {
    expect(formatMoneyAmount("1234.5", "USD")).toBe("$1,234.50");
    expect(formatMoneyAmount("-1234.50", "USD")).toBe("-$1,234.50");
    expect(formatMoneyAmount("0.07", "EUR")).toBe("€0.07");
    expect(formatMoneyAmount("12.00", "ZZZ1")).toBe("12.00 ZZZ1");
    expect(formatCentsWithCode(20000, "USD")).toBe("200.00 USD");
    expect(percentToBasisPoints(12.5)).toBe(1250);
    expect(percentToBasisPoints(0.07)).toBe(7);
  });
});

describe("money: properties", () => {
  it("reads back every amount it writes, and writes back every two-decimal amount it reads", () => {
    fc.assert(fc.property(SAFE_CENTS, (cents) => parseCents(formatCents(cents)) === cents));
    const decimal = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 0, max: 99 }));
    fc.assert(
      fc.property(decimal, ([negative, whole, fraction]) => {
        const text = `${negative && (whole > 0 || fraction > 0) ? "-" : ""}${whole}.${String(fraction).padStart(2, "0")}`;
        expect(formatCents(parseCents(text))).toBe(text);
      }),
    );
  });

  it("rounds a percentage to the nearest cent, half up, like exact rational arithmetic", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 10_000 }), (cents, bp) => {
        const exact = (BigInt(cents) * BigInt(bp) * 2n + 10_000n) / 20_000n;
        expect(percentOfCents(cents, bp)).toBe(Number(exact));
        // Below zero it mirrors (half away from zero); + 0 folds -0 into 0.
        expect(percentOfCents(-cents, bp) + 0).toBe(-percentOfCents(cents, bp) + 0);
      }),
    );
  });

  it("allocates every cent, in proportion to within one cent, and nothing to a zero weight", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.array(fc.integer({ min: 0, max: 10_000_000_000 }), { minLength: 1, maxLength: 12 }), (total, weights) => {
        const parts = allocateCents(total, weights);
        const sum = weights.reduce((a, b) => a + b, 0);
        expect(parts).toHaveLength(weights.length);
        if (sum === 0) {
          expect(parts.every((p) => p === 0)).toBe(true);
          return;
        }
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        parts.forEach((part, i) => {
          const share = (BigInt(total) * BigInt(weights[i]!)) / BigInt(sum);
          expect(BigInt(part) - share >= 0n && BigInt(part) - share <= 1n).toBe(true);
          if (weights[i] === 0) expect(part).toBe(0);
        });
      }),
    );
  });

  it("allocates the same whatever the order of the weights, up to ties", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 2, maxLength: 8 }), (total, weights) => {
        const forward = allocateCents(total, weights);
        const backward = allocateCents(total, [...weights].reverse()).reverse();
        const sum = weights.reduce((a, b) => a + b, 0);
        // Distinct weights can still tie on the remainder; only compare where no tie is possible.
        const remainders = weights.map((w) => (total * w) % sum);
        if (new Set(remainders).size === remainders.length) expect(backward).toEqual(forward);
      }),
    );
  });
});
