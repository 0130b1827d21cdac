/** `basisPoints` (1550 = 15.5%) of `cents`, rounded half-up to a whole cent (half away from zero below zero). */
export function percentOfCents(cents: number, basisPoints: number): number {
  if (cents < 0) return -percentOfCents(-cents, basisPoints);
  const product = cents * basisPoints;
  if (product <= Number.MAX_SAFE_INTEGER) return Math.floor((product + 5000) / 10000);
  // Past 2^53 a double is no longer exact; BigInt keeps the rule identical.
  return Number((BigInt(cents) * BigInt(basisPoints) + 5000n) / 10000n);
}

/** Basis points of a percentage with at most two decimals (12.5 → 1250). */
export function percentToBasisPoints(percent: number): number {
  return Math.round(percent * 100);
}
