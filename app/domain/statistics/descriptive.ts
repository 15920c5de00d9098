import { assertFinite } from "./validate";

/**
 * The arithmetic mean: the sum of the values divided by their count, x̄ = Σxᵢ / n.
 * https://en.wikipedia.org/wiki/Arithmetic_mean
 *
 * @example mean([1, 2, 3, 4]) // 2.5
 */
export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new Error("mean requires at least one data point");
  assertFinite(values, "mean");
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * The sum of squared deviations from the mean, Σ(xᵢ − x̄)², computed in two passes (mean first) so that
 * large offsets do not cancel digits. It is the numerator of the variance and the Sxx of a regression.
 *
 * @example sumOfSquaredDeviations([1, 2, 3, 4]) // 5
 */
export function sumOfSquaredDeviations(values: readonly number[]): number {
  if (values.length === 0) throw new Error("sumOfSquaredDeviations requires at least one data point");
  const m = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - m) ** 2;
  return sum;
}

/**
 * The sample (unbiased) variance, s² = Σ(xᵢ − x̄)² / (n − 1), as R's `var`; it needs at least two values.
 * https://en.wikipedia.org/wiki/Variance#Sample_variance
 *
 * @example sampleVariance([1, 2, 3, 4]) // 1.6666666666666667
 */
export function sampleVariance(values: readonly number[]): number {
  if (values.length < 2) throw new Error("sampleVariance requires at least two data points");
  return sumOfSquaredDeviations(values) / (values.length - 1);
}

/**
 * The sample standard deviation, s = √(Σ(xᵢ − x̄)² / (n − 1)), as R's `sd`; it needs at least two values.
 * https://en.wikipedia.org/wiki/Standard_deviation#Corrected_sample_standard_deviation
 *
 * @example sampleSd([2, 4, 4, 4, 5, 5, 7, 9]) // 2.138089935299395
 */
export function sampleSd(values: readonly number[]): number {
  if (values.length < 2) throw new Error("sampleSd requires at least two data points");
  return Math.sqrt(sampleVariance(values));
}

/**
 * The median: the middle value of the sorted data, or the mean of the two middle values when n is even.
 * https://en.wikipedia.org/wiki/Median
 *
 * @example median([3, 1, 4, 1, 5, 9]) // 3.5
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median requires at least one data point");
  assertFinite(values, "median");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle]!;
  return sorted.length % 2 === 1 ? upper : (sorted[middle - 1]! + upper) / 2;
}

/**
 * Ranks 1..n in the input order, tied values sharing the average of the ranks they span (R's `rank` with
 * `ties.method = "average"`), as Spearman's rho needs. https://en.wikipedia.org/wiki/Ranking#Fractional_ranking
 *
 * @example ranks([10, 20, 10, 30]) // [1.5, 3, 1.5, 4]
 */
export function ranks(values: readonly number[]): number[] {
  assertFinite(values, "ranks");
  // A native numeric sort of a copy, then each value's tie range by binary search: no comparator calls.
  const sorted = Float64Array.from(values).sort();
  const bound = (v: number, strict: boolean) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (strict ? sorted[mid]! <= v : sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Positions first..last (0-based) hold ranks first+1..last+1; their average is the midpoint.
  return values.map((v) => (bound(v, false) + bound(v, true) - 1) / 2 + 1);
}
