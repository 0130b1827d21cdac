/**
 * Splits a refund amount over the returned lines for WooCommerce's `line_items`, exactly in cents:
 * each line gets a share by what it cost (largest remainder), and each share is split into
 * `refund_total` and `refund_tax` in the line's own tax proportion. The parts add up to the amount.
 */

export type RefundLineInput = { id: string; quantity: number; grossCents: number; taxCents: number };
export type RefundLineOutput = { id: string; quantity: number; refund_total: string; refund_tax: string };

const money = (cents: number) => `${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, "0")}`;

/** Allocates `amountCents` over `lines` (each with the gross and tax of the units returned). */
export function allocateRefund(amountCents: number, lines: RefundLineInput[]): RefundLineOutput[] {
  const totalGross = lines.reduce((sum, line) => sum + line.grossCents, 0);
  if (totalGross <= 0) return lines.map((line) => ({ id: line.id, quantity: line.quantity, refund_total: "0.00", refund_tax: "0.00" }));
  const target = Math.min(amountCents, totalGross);
  const shares = lines.map((line, index) => {
    const exact = (target * line.grossCents) / totalGross;
    return { index, cents: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let left = target - shares.reduce((sum, share) => sum + share.cents, 0);
  for (const share of [...shares].sort((a, b) => b.remainder - a.remainder || a.index - b.index)) {
    if (left <= 0) break;
    share.cents += 1;
    left -= 1;
  }
  return lines.map((line, index) => {
    const share = shares[index]!.cents;
    const tax = line.grossCents > 0 ? Math.round((share * line.taxCents) / line.grossCents) : 0;
    return { id: line.id, quantity: line.quantity, refund_total: money(share - tax), refund_tax: money(tax) };
  });
}

/** "49.5" or "49.50" as cents; NaN for anything that is not a plain decimal. */
export function toCents(value: string | number): number {
  const text = String(value).trim();
  const match = /^(-)?(\d+)(?:\.(\d{1,2})\d*)?$/.exec(text);
  if (!match) return Number.NaN;
  const cents = Number(match[2]) * 100 + Number((match[3] ?? "").padEnd(2, "0"));
  return match[1] ? -cents : cents;
}

/** Cents as a decimal string with two places. */
export function centsToMoney(cents: number): string {
  return money(cents);
}
