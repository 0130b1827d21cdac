/**
 * Time to decision kept as a histogram so any range's median comes from a few small rows. Buckets
 * are log-scale with eight per doubling: bucket 0 holds decisions under a second (the policy rules
 * decide at once), bucket k ≥ 1 holds [2^((k-1)/8), 2^(k/8)) seconds. A bucket is about 9% wide,
 * so its geometric middle is within 4.5% of any value in it.
 */

export const BUCKETS_PER_DOUBLING = 8;

/** Sparse histogram: bucket index (as a string, JSON keys) → count. */
export type DecisionHistogram = Record<string, number>;

/** The bucket index of a time to decision in seconds. */
export function decisionBucket(seconds: number): number {
  if (!(seconds >= 1)) return 0;
  return 1 + Math.floor(BUCKETS_PER_DOUBLING * Math.log2(seconds));
}

/** The value that stands for a bucket: 0 for bucket 0, else its geometric middle in seconds. */
export function bucketValue(bucket: number): number {
  if (bucket <= 0) return 0;
  return 2 ** ((bucket - 0.5) / BUCKETS_PER_DOUBLING);
}

/** Adds histograms (each a day's row) into one. */
export function mergeHistograms(histograms: Iterable<unknown>): DecisionHistogram {
  const total: DecisionHistogram = {};
  for (const histogram of histograms) {
    if (!histogram || typeof histogram !== "object") continue;
    for (const [bucket, count] of Object.entries(histogram as Record<string, unknown>)) {
      if (typeof count === "number" && Number.isInteger(count) && count > 0 && /^\d+$/.test(bucket)) total[bucket] = (total[bucket] ?? 0) + count;
    }
  }
  return total;
}

/**
 * The median of a bucketed distribution in seconds, rounded to a second (to 3 decimals under a
 * minute); for an even count, the mean of the two middle values, as an exact median would be. Null
 * when the histogram is empty.
 */
export function medianFromHistogram(histogram: DecisionHistogram): number | null {
  const buckets = Object.entries(histogram)
    .map(([bucket, count]) => [Number(bucket), count] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const valueAt = (rank: number) => {
    let seen = 0;
    for (const [bucket, count] of buckets) {
      seen += count;
      if (rank < seen) return bucketValue(bucket);
    }
    return bucketValue(buckets[buckets.length - 1]![0]);
  };
  const middle = Math.floor(total / 2);
  const median = total % 2 === 1 ? valueAt(middle) : (valueAt(middle - 1) + valueAt(middle)) / 2;
  return median < 60 ? Math.round(median * 1000) / 1000 : Math.round(median);
}
