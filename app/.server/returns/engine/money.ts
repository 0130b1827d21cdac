import { AppError } from "../../errors";

/**
 * Exact money for the engine: decimal strings in, integer cents inside, decimal strings out.
 * Hand-written parsing keeps regular expressions and floats out of the hot path.
 */

const MAX_CENTS = Number.MAX_SAFE_INTEGER;

/** Integer cents of a decimal string ("49.00", "49.5", "49"); a third decimal rounds half-up. */
export function parseCents(value: string): number {
  const length = value.length;
  let i = 0;
  let negative = false;
  if (length > 0 && value.charCodeAt(0) === 45) {
    negative = true;
    i = 1;
  }
  let whole = 0;
  let wholeDigits = 0;
  for (; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57) throw invalidMoney(value);
    whole = whole * 10 + (c - 48);
    wholeDigits++;
  }
  let fraction = 0;
  let fractionDigits = 0;
  let roundUp = false;
  if (i < length) {
    i++;
    if (i === length) throw invalidMoney(value);
    for (; i < length; i++) {
      const c = value.charCodeAt(i);
      if (c < 48 || c > 57) throw invalidMoney(value);
      if (fractionDigits < 2) fraction = fraction * 10 + (c - 48);
      else if (fractionDigits === 2) roundUp = c >= 53;
      fractionDigits++;
    }
  }
  if (wholeDigits === 0 && fractionDigits === 0) throw invalidMoney(value);
  if (fractionDigits === 1) fraction *= 10;
  const cents = whole * 100 + fraction + (roundUp ? 1 : 0);
  if (cents > MAX_CENTS) throw invalidMoney(value);
  return negative ? -cents : cents;
}

/** The decimal string of integer cents: 4999 → "49.99", -5 → "-0.05". */
export function formatCents(cents: number): string {
  const negative = cents < 0;
  const abs = negative ? -cents : cents;
  const rest = abs % 100;
  return (negative ? "-" : "") + ((abs - rest) / 100).toString() + (rest < 10 ? ".0" : ".") + rest.toString();
}

/** `percent` of `cents` (percent in basis points, 1550 = 15.5%), rounded half-up to a whole cent. */
export function percentOfCents(cents: number, basisPoints: number): number {
  if (cents < 0) return -percentOfCents(-cents, basisPoints);
  const product = cents * basisPoints;
  if (product <= MAX_CENTS) return Math.floor((product + 5000) / 10000);
  // Past 2^53 a double is no longer exact; BigInt keeps the rule identical.
  return Number((BigInt(cents) * BigInt(basisPoints) + 5000n) / 10000n);
}

/** Basis points of a percentage with at most two decimals (12.5 → 1250). */
export function percentToBasisPoints(percent: number): number {
  return Math.round(percent * 100);
}

function invalidMoney(value: string): AppError {
  return new AppError("invalid_request", `"${value}" is not an amount of money.`);
}
