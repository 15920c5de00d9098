import { mean, sampleVariance } from "./descriptive";
import { studentTQuantile, studentTTwoSidedP } from "./distributions";

export interface MeanDifference {
  /** mean(x) − mean(y). */
  diff: number;
  se: number;
  /** Welch–Satterthwaite degrees of freedom (fractional). */
  df: number;
  t: number;
  /** Two-sided p-value. */
  p: number;
  /** 95% interval of the difference. */
  ciLow: number;
  ciHigh: number;
}

/**
 * The difference between the means of two independent samples with Welch's 95% interval, as R's
 * `t.test(x, y)`: diff = x̄ − ȳ, se = √(sₓ²/nₓ + s_y²/n_y), df = se⁴ / ((sₓ²/nₓ)²/(nₓ − 1) + (s_y²/n_y)²/(n_y − 1)),
 * diff ± t(0.975, df)·se. For "change since the previous wave" pass the current wave as x. Each sample needs
 * two values; throws when both are constant (se = 0). https://en.wikipedia.org/wiki/Welch%27s_t-test
 *
 * @example welchDifference([5, 6, 7], [3, 4, 5, 6]).diff // 1.5
 */
export function welchDifference(x: readonly number[], y: readonly number[]): MeanDifference {
  if (x.length < 2 || y.length < 2) throw new Error("welchDifference requires at least two data points in each sample");
  const vx = sampleVariance(x) / x.length;
  const vy = sampleVariance(y) / y.length;
  const se = Math.sqrt(vx + vy);
  if (se === 0) throw new Error("welchDifference is undefined when both samples are constant");
  const diff = mean(x) - mean(y);
  const df = (vx + vy) ** 2 / (vx ** 2 / (x.length - 1) + vy ** 2 / (y.length - 1));
  const t = diff / se;
  const halfWidth = studentTQuantile(0.975, df) * se;
  return { diff, se, df, t, p: studentTTwoSidedP(t, df), ciLow: diff - halfWidth, ciHigh: diff + halfWidth };
}
