import { mean, ranks } from "./descriptive";
import { normalQuantile, studentTTwoSidedP } from "./distributions";
import { assertFinite, assertPaired } from "./validate";

export interface PearsonTest {
  n: number;
  r: number;
  /** t = r√((n − 2)/(1 − r²)); ±Infinity when |r| = 1. */
  t: number;
  df: number;
  /** Two-sided p-value from Student's t with n − 2 degrees of freedom. */
  p: number;
  /** 95% interval by Fisher's z; null when n ≤ 3. */
  ciLow: number | null;
  ciHigh: number | null;
}

export interface SpearmanTest {
  n: number;
  rho: number;
  t: number;
  df: number;
  p: number;
}

function correlation(x: readonly number[], y: readonly number[], name: string): number {
  assertPaired(x, y, name);
  if (x.length < 2) throw new Error(`${name} requires at least two data points`);
  assertFinite(x, name);
  assertFinite(y, name);
  const mx = mean(x);
  const my = mean(y);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0 || syy === 0) throw new Error(`${name} is undefined when x or y has zero variance`);
  // Rounding can push a perfect correlation a hair past ±1, where atanh and √(1 − r²) break.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * Pearson's product-moment correlation, r = Σ(xᵢ − x̄)(yᵢ − ȳ) / √(Σ(xᵢ − x̄)² Σ(yᵢ − ȳ)²), as R's `cor(x, y)`.
 * It throws when x or y has zero variance (r is undefined there; R returns NA), so callers must not pass
 * constant series. https://en.wikipedia.org/wiki/Pearson_correlation_coefficient
 *
 * @example pearsonCorrelation([1, 2, 3, 4], [2, 4, 5, 9]) // 0.9647638212377322
 */
export function pearsonCorrelation(x: readonly number[], y: readonly number[]): number {
  return correlation(x, y, "pearsonCorrelation");
}

/**
 * The t statistic of a correlation coefficient, t = r√((n − 2)/(1 − r²)), with n − 2 degrees of freedom;
 * ±Infinity when |r| = 1. https://en.wikipedia.org/wiki/Pearson_correlation_coefficient#Testing_using_Student's_t-distribution
 *
 * @example correlationTStatistic(0.5, 12) // 1.8257418583505538
 */
export function correlationTStatistic(r: number, n: number): number {
  if (!(r >= -1 && r <= 1)) throw new Error("correlationTStatistic requires r between −1 and 1");
  if (!(n >= 3)) throw new Error("correlationTStatistic requires at least three data points");
  if (Math.abs(r) === 1) return r * Infinity;
  return r * Math.sqrt((n - 2) / (1 - r * r));
}

/**
 * The 95% confidence interval of a correlation by Fisher's z transformation: tanh(atanh(r) ± z₀.₉₇₅/√(n − 3)),
 * as R's `cor.test`. It needs n > 3 and returns null otherwise; r = ±1 gives the degenerate [r, r].
 * https://en.wikipedia.org/wiki/Fisher_transformation
 *
 * @example fisherInterval(-0.8676594, 32) // { ciLow: -0.9338264, ciHigh: -0.7440872 }
 */
export function fisherInterval(r: number, n: number): { ciLow: number; ciHigh: number } | null {
  if (!(r >= -1 && r <= 1)) throw new Error("fisherInterval requires r between −1 and 1");
  if (n <= 3) return null;
  const z = Math.atanh(r);
  const halfWidth = normalQuantile(0.975) / Math.sqrt(n - 3);
  return { ciLow: Math.tanh(z - halfWidth), ciHigh: Math.tanh(z + halfWidth) };
}

/**
 * Pearson's correlation test, as R's `cor.test(x, y)`: r, t = r√((n − 2)/(1 − r²)) with df = n − 2, the
 * two-sided p from Student's t, and the 95% Fisher-z interval when n > 3. It needs n ≥ 3 and throws when x
 * or y has zero variance (r undefined). https://en.wikipedia.org/wiki/Pearson_correlation_coefficient#Inference
 *
 * @example pearsonTest(mtcars.mpg, mtcars.wt) // { n: 32, r: -0.8677, t: -9.559, df: 30, p: 1.294e-10, ciLow: -0.9338, ciHigh: -0.7441 }
 */
export function pearsonTest(x: readonly number[], y: readonly number[]): PearsonTest {
  assertPaired(x, y, "pearsonTest");
  if (x.length < 3) throw new Error("pearsonTest requires at least three data points");
  const n = x.length;
  const r = correlation(x, y, "pearsonTest");
  const t = correlationTStatistic(r, n);
  const interval = fisherInterval(r, n);
  return { n, r, t, df: n - 2, p: studentTTwoSidedP(t, n - 2), ciLow: interval?.ciLow ?? null, ciHigh: interval?.ciHigh ?? null };
}

/**
 * Spearman's rank correlation ρ: Pearson's r of the ranks, ties given their average rank (as R's
 * `cor(x, y, method = "spearman")`). It throws when x or y is constant.
 * https://en.wikipedia.org/wiki/Spearman%27s_rank_correlation_coefficient
 *
 * @example spearmanCorrelation([1, 2, 3, 4], [1, 3, 2, 4]) // 0.8
 */
export function spearmanCorrelation(x: readonly number[], y: readonly number[]): number {
  assertPaired(x, y, "spearmanCorrelation");
  return correlation(ranks(x), ranks(y), "spearmanCorrelation");
}

/**
 * Spearman's ρ with the t approximation: t = ρ√((n − 2)/(1 − ρ²)) and a two-sided p from Student's t with
 * n − 2 degrees of freedom, which is what R's `cor.test(x, y, method = "spearman", exact = FALSE)` reports
 * (R's default, exact = NULL, uses the exact or Edgeworth p for n < 1290 without ties instead). Needs n ≥ 3.
 * https://en.wikipedia.org/wiki/Spearman%27s_rank_correlation_coefficient#Determining_significance
 *
 * @example spearmanTest([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) // { n: 5, rho: 0.8, t: 2.3094, df: 3, p: 0.1041 }
 */
export function spearmanTest(x: readonly number[], y: readonly number[]): SpearmanTest {
  assertPaired(x, y, "spearmanTest");
  if (x.length < 3) throw new Error("spearmanTest requires at least three data points");
  const n = x.length;
  const rho = correlation(ranks(x), ranks(y), "spearmanTest");
  const t = correlationTStatistic(rho, n);
  return { n, rho, t, df: n - 2, p: studentTTwoSidedP(t, n - 2) };
}
