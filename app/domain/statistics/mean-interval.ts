import { mean, sampleSd } from "./descriptive";
import { studentTQuantile } from "./distributions";

export interface MeanInterval {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); null for a single value. */
  sd: number | null;
  /** 95% interval of the mean; null for a single value. */
  ciLow: number | null;
  ciHigh: number | null;
}

/**
 * A mean with its 95% confidence interval from Student's t: x̄ ± t(0.975, n − 1) · s/√n, as R's
 * `t.test(x)$conf.int`. One value has a mean but no spread, so its sd and interval are null.
 * https://en.wikipedia.org/wiki/Confidence_interval#Example
 *
 * @example meanInterval([4, 5, 4, 5, 4]) // { n: 5, mean: 4.4, sd: 0.5477, ciLow: 3.7199, ciHigh: 5.0801 }
 */
export function meanInterval(values: readonly number[]): MeanInterval {
  if (values.length === 0) throw new Error("meanInterval requires at least one data point");
  const n = values.length;
  const m = mean(values);
  if (n === 1) return { n, mean: m, sd: null, ciLow: null, ciHigh: null };
  const sd = sampleSd(values);
  const halfWidth = (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  return { n, mean: m, sd, ciLow: m - halfWidth, ciHigh: m + halfWidth };
}
