import type { Resolution } from "../../../app/.server/returns/types";

/** API money: a decimal string such as "49.00". */
export type Money = string;

/** What the portal needs of the policy to estimate a refund. */
export type FeePolicy = { restockingFeePercent: number; storeCreditBonusPercent: number };

/** An estimate in integer cents. */
export type Estimate = { itemsValue: number; restockingFee: number; storeCreditBonus: number; total: number };

/** Parses a decimal money string into integer cents; throws on anything else, since a wrong amount is worse than none. */
export function toCents(amount: Money): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) throw new Error(`not a money amount: ${amount}`);
  const cents = Number(match[2]) * 100 + Number((match[3] ?? "").padEnd(2, "0"));
  return match[1] ? -cents : cents;
}

/** Writes integer cents as a decimal string with two places ("4900" → "49.00"). */
export function fromCents(cents: number): `${number}` {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}` as `${number}`;
}

/**
 * `percent` of `cents`, rounded half up to a whole cent. The percentage is taken in hundredths of a
 * percent (12.5% → 1250) so that the whole computation stays in integers.
 */
export function percentOf(cents: number, percent: number): number {
  if (cents < 0) return -percentOf(-cents, percent);
  const basisPoints = Math.round(percent * 100);
  const product = cents * basisPoints;
  if (product <= Number.MAX_SAFE_INTEGER) return Math.floor((product + 5000) / 10000);
  // Past 2^53 a double is no longer exact; BigInt keeps the rule the same.
  return Number((BigInt(cents) * BigInt(basisPoints) + 5000n) / 10000n);
}

/**
 * What the shopper receives for the chosen lines: a refund less the restocking fee, store credit
 * plus its bonus, an exchange at the items' value.
 */
export function estimateRefund(lines: Array<{ unitPrice: Money; quantity: number }>, resolution: Resolution, policy: FeePolicy): Estimate {
  const itemsValue = lines.reduce((sum, line) => sum + toCents(line.unitPrice) * line.quantity, 0);
  const restockingFee = resolution === "refund" ? percentOf(itemsValue, policy.restockingFeePercent) : 0;
  const storeCreditBonus = resolution === "store_credit" ? percentOf(itemsValue, policy.storeCreditBonusPercent) : 0;
  return { itemsValue, restockingFee, storeCreditBonus, total: itemsValue - restockingFee + storeCreditBonus };
}

/** A money formatter for one currency and language; the amount reaches Intl as a decimal string, never a float. */
export function moneyFormatter(currency: string, locale: string): (cents: number) => string {
  try {
    const format = new Intl.NumberFormat(locale, { style: "currency", currency });
    return (cents) => format.format(fromCents(cents));
  } catch {
    // An unknown currency code: show the amount and the code rather than nothing.
    const format = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return (cents) => `${format.format(fromCents(cents))} ${currency}`;
  }
}
