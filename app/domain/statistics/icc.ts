import { mean } from "./descriptive";
import { assertFinite } from "./validate";

export interface OneWayAnova {
  groups: number;
  /** Individual scores over all groups. */
  n: number;
  dfBetween: number;
  dfWithin: number;
  ssBetween: number;
  ssWithin: number;
  msBetween: number;
  msWithin: number;
  /** k̄ = n / groups, the plain mean group size (what `multilevel::ICC1` uses). */
  meanGroupSize: number;
}

/**
 * One-way analysis of variance of individual scores grouped by team (R's `summary(aov(score ~ group))`):
 * SSB = Σ nⱼ(x̄ⱼ − x̄)², SSW = ΣΣ(xᵢⱼ − x̄ⱼ)², MSB = SSB/(g − 1), MSW = SSW/(n − g). Needs two groups, no
 * empty group and more scores than groups. https://en.wikipedia.org/wiki/One-way_analysis_of_variance
 *
 * @example oneWayAnova([[1, 2, 3], [4, 5, 6]]).msBetween // 13.5
 */
export function oneWayAnova(groups: readonly (readonly number[])[]): OneWayAnova {
  if (groups.length < 2) throw new Error("oneWayAnova requires at least two groups");
  for (const group of groups) {
    if (group.length === 0) throw new Error("oneWayAnova requires every group to have at least one score");
    assertFinite(group, "oneWayAnova");
  }
  const n = groups.reduce((sum, group) => sum + group.length, 0);
  if (n <= groups.length) throw new Error("oneWayAnova requires more scores than groups");
  const grandMean = mean(groups.flat());
  let ssBetween = 0;
  let ssWithin = 0;
  for (const group of groups) {
    const groupMean = mean(group);
    ssBetween += group.length * (groupMean - grandMean) ** 2;
    for (const score of group) ssWithin += (score - groupMean) ** 2;
  }
  const dfBetween = groups.length - 1;
  const dfWithin = n - groups.length;
  return {
    groups: groups.length,
    n,
    dfBetween,
    dfWithin,
    ssBetween,
    ssWithin,
    msBetween: ssBetween / dfBetween,
    msWithin: ssWithin / dfWithin,
    meanGroupSize: n / groups.length,
  };
}

/**
 * ICC(1), the share of individual-score variance that lies between teams: (MSB − MSW) / (MSB + (k̄ − 1)·MSW)
 * from a one-way ANOVA, with k̄ = n/groups the plain mean group size, as R's `multilevel::ICC1(aov(...))`
 * (not the adjusted k₀ = (n − Σnⱼ²/n)/(g − 1) some texts use for unequal groups). It may be negative when
 * MSB < MSW, and is not truncated. https://cran.r-project.org/package=multilevel
 *
 * @example icc1([[1, 2, 3], [4, 5, 6]]) // 0.8064516129032258 (MSB 13.5, MSW 1, k̄ 3)
 */
export function icc1(groups: readonly (readonly number[])[]): number {
  const { msBetween, msWithin, meanGroupSize } = oneWayAnova(groups);
  const denominator = msBetween + (meanGroupSize - 1) * msWithin;
  if (denominator === 0) throw new Error("icc1 is undefined when all scores are equal");
  return (msBetween - msWithin) / denominator;
}

/**
 * ICC(2), the reliability of the team means: (MSB − MSW) / MSB from a one-way ANOVA, as R's
 * `multilevel::ICC2(aov(...))`. Throws when MSB = 0 (all team means equal), where it is undefined.
 * https://cran.r-project.org/package=multilevel
 *
 * @example icc2([[1, 2, 3], [4, 5, 6]]) // 0.9259259259259259
 */
export function icc2(groups: readonly (readonly number[])[]): number {
  const { msBetween, msWithin } = oneWayAnova(groups);
  if (msBetween === 0) throw new Error("icc2 is undefined when all group means are equal");
  return (msBetween - msWithin) / msBetween;
}
