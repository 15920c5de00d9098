import { studentTQuantile, uniformNullVariance } from "./statistics";

/**
 * A group's values summed up: count, sum and sum of squares. Groups combine by adding, and every
 * statistic Candor shows for a team (mean, sd, interval, roll-up to a parent team, rwg(j), ICC, alpha)
 * follows from them exactly, so closed waves are aggregated once and results never reread answers.
 */
export interface Moments {
  n: number;
  sum: number;
  sumsq: number;
}

export const EMPTY_MOMENTS: Moments = { n: 0, sum: 0, sumsq: 0 };

export function addMoments(a: Moments, b: Moments): Moments {
  return { n: a.n + b.n, sum: a.sum + b.sum, sumsq: a.sumsq + b.sumsq };
}

export function momentsOf(values: readonly number[]): Moments {
  return values.reduce<Moments>((m, v) => ({ n: m.n + 1, sum: m.sum + v, sumsq: m.sumsq + v * v }), EMPTY_MOMENTS);
}

/** Sample variance (n − 1) from moments; null below two values. Guards tiny negative rounding. */
export function momentVariance(m: Moments): number | null {
  if (m.n < 2) return null;
  return Math.max(0, (m.sumsq - (m.sum * m.sum) / m.n) / (m.n - 1));
}

export interface MomentSummary {
  n: number;
  mean: number | null;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

/**
 * Mean, sample sd and the 95% interval x̄ ± t(0.975, n − 1)·s/√n from moments (the same numbers as
 * `meanInterval` on the raw values).
 *
 * @example summarizeMoments({ n: 5, sum: 22, sumsq: 98 }) // mean 4.4, sd 0.5477, interval 3.7199–5.0801
 */
export function summarizeMoments(m: Moments): MomentSummary {
  if (m.n === 0) return { n: 0, mean: null, sd: null, ciLow: null, ciHigh: null };
  const mean = m.sum / m.n;
  const variance = momentVariance(m);
  if (variance === null) return { n: m.n, mean, sd: null, ciLow: null, ciHigh: null };
  const sd = Math.sqrt(variance);
  const half = (studentTQuantile(0.975, m.n - 1) * sd) / Math.sqrt(m.n);
  return { n: m.n, mean, sd, ciLow: mean - half, ciHigh: mean + half };
}

/**
 * Cronbach's alpha k/(k − 1)·(1 − Σσᵢ²/σ²ₓ) from the moments of each item and of the total score over
 * the same complete responses. Null with fewer than two items or two responses, or no total variance.
 */
export function alphaFromMoments(items: readonly Moments[], total: Moments): number | null {
  const k = items.length;
  const totalVariance = momentVariance(total);
  if (k < 2 || total.n < 2 || !totalVariance) return null;
  let itemVariances = 0;
  for (const item of items) {
    const v = momentVariance(item);
    if (v === null) return null;
    itemVariances += v;
  }
  return (k / (k - 1)) * (1 - itemVariances / totalVariance);
}

/**
 * rwg(j) for one team from its items' moments over complete responses (as `rwgJ` on the raw answers):
 * J(1 − s̄²/σ²_E) / (J(1 − s̄²/σ²_E) + s̄²/σ²_E), s̄² capped at σ²_E = (A² − 1)/12, so 0 ≤ rwg(j) ≤ 1.
 */
export function rwgFromMoments(items: readonly Moments[], responseOptions = 7): number | null {
  if (items.length === 0) return null;
  const variances = items.map(momentVariance);
  if (variances.some((v) => v === null)) return null;
  const expected = uniformNullVariance(responseOptions);
  const meanVariance = (variances as number[]).reduce((a, b) => a + b, 0) / variances.length;
  const ratio = Math.min(meanVariance, expected) / expected;
  const agreement = items.length * (1 - ratio);
  return agreement / (agreement + ratio);
}

/**
 * ICC(1) and ICC(2) from the teams' moments of individual scale scores: a one-way ANOVA with
 * MSB = Σnⱼ(x̄ⱼ − x̄)²/(g − 1) and MSW = Σ(Σx² − (Σx)²/nⱼ)/(n − g); ICC(1) = (MSB − MSW)/(MSB + (k̄ − 1)MSW)
 * with k̄ = n/g, ICC(2) = (MSB − MSW)/MSB (as `icc1`/`icc2` and R's multilevel package). Null when undefined.
 */
export function iccFromMoments(groups: readonly Moments[]): { icc1: number | null; icc2: number | null } {
  const used = groups.filter((g) => g.n > 0);
  const n = used.reduce((s, g) => s + g.n, 0);
  if (used.length < 2 || n <= used.length) return { icc1: null, icc2: null };
  const grand = used.reduce((s, g) => s + g.sum, 0) / n;
  let ssBetween = 0;
  let ssWithin = 0;
  for (const g of used) {
    const mean = g.sum / g.n;
    ssBetween += g.n * (mean - grand) ** 2;
    ssWithin += Math.max(0, g.sumsq - (g.sum * g.sum) / g.n);
  }
  const msb = ssBetween / (used.length - 1);
  const msw = ssWithin / (n - used.length);
  const k = n / used.length;
  const d1 = msb + (k - 1) * msw;
  return { icc1: d1 === 0 ? null : (msb - msw) / d1, icc2: msb === 0 ? null : (msb - msw) / msb };
}

/** eNPS in percentage points from counts: %promoters (9–10) − %detractors (0–6). Null with no answers. */
export function enpsFromCounts(n: number, promoters: number, detractors: number): number | null {
  return n === 0 ? null : ((promoters - detractors) / n) * 100;
}

/**
 * Change between two independent groups' means (current − previous) with Welch's 95% interval, from
 * moments (as `welchDifference` on the raw values). Null when either has fewer than two values or both
 * are constant.
 */
export function changeFromMoments(current: Moments, previous: Moments): { diff: number; ciLow: number; ciHigh: number } | null {
  const v1 = momentVariance(current);
  const v2 = momentVariance(previous);
  if (v1 === null || v2 === null) return null;
  const a = v1 / current.n;
  const b = v2 / previous.n;
  const se = Math.sqrt(a + b);
  if (se === 0) return null;
  const diff = current.sum / current.n - previous.sum / previous.n;
  const df = (a + b) ** 2 / (a ** 2 / (current.n - 1) + b ** 2 / (previous.n - 1));
  const half = studentTQuantile(0.975, df) * se;
  return { diff, ciLow: diff - half, ciHigh: diff + half };
}
