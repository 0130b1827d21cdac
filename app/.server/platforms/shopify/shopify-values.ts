import { z } from "zod";
import type { Money } from "../../returns/types";

/**
 * Shopify's value formats: global ids (`gid://shopify/Order/123`) and Decimal amounts ("49.0").
 * Dokani keeps the numeric id and two-place decimal strings; cents are BigInt so sums stay exact.
 */

const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/;

/** The global id of a Shopify resource from its numeric id. */
export function toGid(type: string, id: string): string {
  return `gid://shopify/${type}/${id}`;
}

/** The numeric id at the end of a global id. */
export function numericId(gid: string): string {
  const match = GID.exec(gid);
  if (!match) throw new Error(`Not a Shopify global id: ${gid}`);
  return match[2]!;
}

/** A global id of the given type, checked at the boundary. */
export function gidOf(type: string) {
  return z.string().refine((value) => GID.exec(value)?.[1] === type, { message: `must be a ${type} global id` });
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Cents of a decimal string; more than two significant decimal places is refused rather than rounded. */
export function toCents(amount: string): bigint {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new Error(`Not a decimal amount: ${amount}`);
  const [, sign, whole, fraction = ""] = match;
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > 2) throw new Error(`Amount has more than two decimal places: ${amount}`);
  const cents = BigInt(whole!) * 100n + BigInt(significant.padEnd(2, "0"));
  return sign ? -cents : cents;
}

/** A whole number of cents as a two-place decimal string. */
export function fromCents(cents: bigint): Money {
  const sign = cents < 0n ? "-" : "";
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** A Shopify Decimal ("49.0", "10.5") read as Dokani money ("49.00", "10.50"). */
export const shopifyMoneySchema = z.string().transform((value, ctx) => {
  try {
    return fromCents(toCents(value));
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
    return z.NEVER;
  }
});
