/**
 * Splits `total` cents over `weights` in proportion, exactly: each part gets the floor of its share,
 * then the cents left over go one each to the largest remainders (the earlier part on a tie). The
 * parts always add up to `total`; a zero weight gets nothing; no weights at all, or all zero, get zeros.
 */
export function allocateCents(total: number, weights: readonly number[]): number[] {
  let sum = 0;
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) throw new RangeError(`A weight must be a whole number of cents, not ${w}.`);
    sum += w;
  }
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`Only a whole, non-negative number of cents can be split, not ${total}.`);
  if (sum === 0) return weights.map(() => 0);
  // Integer arithmetic throughout (BigInt where total × weight passes 2^53), so remainders compare exactly.
  const big = !Number.isSafeInteger(total * sum);
  const parts: number[] = [];
  const remainders: Array<bigint | number> = [];
  let given = 0;
  for (const w of weights) {
    let part: number;
    let remainder: bigint | number;
    if (big) {
      const product = BigInt(total) * BigInt(w);
      part = Number(product / BigInt(sum));
      remainder = product % BigInt(sum);
    } else {
      part = Math.floor((total * w) / sum);
      remainder = total * w - part * sum;
    }
    parts.push(part);
    remainders.push(remainder);
    given += part;
  }
  const order = weights.map((_, index) => index).sort((a, b) => (remainders[b]! > remainders[a]! ? 1 : remainders[b]! < remainders[a]! ? -1 : a - b));
  for (let k = 0; k < total - given; k++) parts[order[k]!]! += 1;
  return parts;
}
