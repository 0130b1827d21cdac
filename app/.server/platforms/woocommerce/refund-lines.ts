import { allocateCents, formatCents } from "../../money";

/**
 * Splits a refund amount over the returned lines for WooCommerce's `line_items`, exactly in cents:
 * each line gets a share by what it cost (largest remainder), and each share is split into
 * `refund_total` and `refund_tax` in the line's own tax proportion. The parts add up to the amount.
 */

export type RefundLineInput = { id: string; quantity: number; grossCents: number; taxCents: number };
export type RefundLineOutput = { id: string; quantity: number; refund_total: string; refund_tax: string };

/** Allocates `amountCents` over `lines` (each with the gross and tax of the units returned). */
export function allocateRefund(amountCents: number, lines: RefundLineInput[]): RefundLineOutput[] {
  const totalGross = lines.reduce((sum, line) => sum + line.grossCents, 0);
  if (totalGross <= 0) return lines.map((line) => ({ id: line.id, quantity: line.quantity, refund_total: "0.00", refund_tax: "0.00" }));
  // Never more back on the lines than they cost; the order-level amount carries any difference.
  const shares = allocateCents(Math.min(amountCents, totalGross), lines.map((line) => Math.max(0, line.grossCents)));
  return lines.map((line, index) => {
    const share = shares[index]!;
    const tax = line.grossCents > 0 ? Math.round((share * line.taxCents) / line.grossCents) : 0;
    return { id: line.id, quantity: line.quantity, refund_total: formatCents(share - tax), refund_tax: formatCents(tax) };
  });
}
