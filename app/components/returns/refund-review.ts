/**
 * The refund review's arithmetic in the browser, in cents, the way the server checks it
 * (app/.server/returns/complete-return.server.ts): a line's default is its share of the estimate by
 * what it cost (largest remainder), scaled to the units refunded.
 */

export type ReviewItem = { lineItemId: string; quantity: number; unitPrice: string; restock: boolean };
export type ReviewLineState = { lineItemId: string; quantity: number; amount: string; restock: boolean; edited: boolean };

/** "12.50" → 1250; anything unreadable → NaN. */
export function toCents(text: string): number {
  const match = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return Number.NaN;
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}

/** 1250 → "12.50". */
export function fromCents(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** Each line's share of the estimate for all its units. */
export function fullShares(items: ReviewItem[], estimate: string): number[] {
  const total = toCents(estimate);
  const weights = items.map((i) => toCents(i.unitPrice) * i.quantity);
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!sum || !Number.isFinite(total)) return items.map(() => 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = weights.map((w, i) => ({ i, r: (total * w) % sum })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
}

/** The amount a line refunds by default for `quantity` of its units. */
export function defaultAmount(share: number, item: ReviewItem, quantity: number): string {
  return fromCents(Math.round((share * quantity) / item.quantity));
}

/** The review's total in cents; NaN while a line's amount is unreadable. */
export function reviewTotal(lines: ReviewLineState[]): number {
  return lines.reduce((sum, l) => sum + toCents(l.amount), 0);
}
