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
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const result = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    // Positions start..end (0-based) hold ranks start+1..end+1; their average is the midpoint.
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) result[order[k]!] = averageRank;
    start = end + 1;
  }
  return result;
}
