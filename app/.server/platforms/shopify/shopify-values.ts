import { z } from "zod";
import { formatCents, parseCents } from "../../money";

/**
 * Shopify's value formats: global ids (`gid://shopify/Order/123`) and Decimal amounts ("49.0").
 * Dokani keeps the numeric id and two-place decimal strings; amounts are summed as exact integer cents.
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

/** Cents of a Shopify Decimal; a third significant decimal place is refused rather than rounded. */
export function shopifyCents(amount: string): number {
  return parseCents(amount.trim(), "reject");
}

/** A Shopify Decimal ("49.0", "10.5") read as Dokani money ("49.00", "10.50"). */
export const shopifyMoneySchema = z.string().transform((value, ctx) => {
  try {
    return formatCents(shopifyCents(value));
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
    return z.NEVER;
  }
});
