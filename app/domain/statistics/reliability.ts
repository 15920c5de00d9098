import { completeCases, type ItemMatrix } from "./complete-cases";
import { sampleVariance } from "./descriptive";

export interface CronbachAlpha {
  alpha: number;
  /** Complete responses the estimate rests on. */
  n: number;
  items: number;
}

/**
 * Cronbach's alpha of k items on the complete cases of a respondents × items matrix:
 * α = k/(k − 1) · (1 − Σσᵢ² / σ²ₓ), with σᵢ² the item variances and σ²ₓ the variance of the respondents'
 * totals, all n − 1 variances (the denominator cancels). Matches R's `psych::alpha(x)$total$raw_alpha` on
 * complete data (psych uses pairwise covariances when answers are missing; this uses listwise deletion).
 * https://en.wikipedia.org/wiki/Cronbach%27s_alpha
 *
 * @example cronbachAlpha([[1, 2, 2], [2, 3, 3], [4, 4, 5], [3, 3, 3]]) // { alpha: 0.9618320610687022, n: 4, items: 3 }
 */
export function cronbachAlpha(rows: ItemMatrix): CronbachAlpha {
  const complete = completeCases(rows);
  const items = rows[0]?.length ?? 0;
  if (items < 2) throw new Error("cronbachAlpha requires at least two items");
  if (complete.length < 2) throw new Error("cronbachAlpha requires at least two complete responses");
  let sumOfItemVariances = 0;
  for (let j = 0; j < items; j++) sumOfItemVariances += sampleVariance(complete.map((row) => row[j]!));
  const totalVariance = sampleVariance(complete.map((row) => row.reduce((a, b) => a + b, 0)));
  if (totalVariance === 0) throw new Error("cronbachAlpha is undefined when the total scores do not vary");
  return { alpha: (items / (items - 1)) * (1 - sumOfItemVariances / totalVariance), n: complete.length, items };
}
