import { AppError } from "../errors";

/*
 * Decimal strings in, integer cents inside. Hand-written parsing keeps regular expressions and
 * floats out of the decision engine's hot path. Cents stay exact as plain numbers up to 2^53.
 */

/** What to do with digits past the second decimal place. */
export type ExcessDecimals =
  /** Round half-up on the third decimal ("19.995" → 2000): the engine's reading of stored amounts. */
  | "round"
  /** Refuse a third significant decimal ("49.000" is fine, "49.001" is not): Shopify's Decimal. */
  | "reject"
  /** Drop them ("8.3333" → 833): WooCommerce's line totals carry the store's internal precision. */
  | "truncate";

/** Integer cents of a decimal string ("49.00", "49.5", "49", "-3.10"); throws AppError `invalid_request` on anything else. */
export function parseCents(value: string, excess: ExcessDecimals = "round"): number {
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
      else if (excess === "reject" && c !== 48) throw new AppError("invalid_request", `"${value}" has more than two decimal places.`);
      else if (fractionDigits === 2 && excess === "round") roundUp = c >= 53;
      fractionDigits++;
    }
  }
  if (wholeDigits === 0 && fractionDigits === 0) throw invalidMoney(value);
  if (fractionDigits === 1) fraction *= 10;
  const cents = whole * 100 + fraction + (roundUp ? 1 : 0);
  if (cents > Number.MAX_SAFE_INTEGER) throw invalidMoney(value);
  return negative ? -cents : cents;
}

function invalidMoney(value: string): AppError {
  return new AppError("invalid_request", `"${value}" is not an amount of money.`);
}
