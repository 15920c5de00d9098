import { mean } from "./descriptive";
import { normalQuantile, studentTQuantile, studentTTwoSidedP } from "./distributions";
import { assertFinite, assertPaired } from "./validate";
import { said } from "~/i18n/said";

/**
 * Statistics for panels: several observations (periods) of each cluster (team), where observations of one
 * cluster are not independent. Methods and references in ADR 026 (clustered inference).
 */

export interface RepeatedMeasuresCorrelation {
  /** Pairs used, and the clusters they come from (clusters with one pair add nothing within, but count). */
  n: number;
  clusters: number;
  /** r_rm = Sxy_w / √(Sxx_w·Syy_w) over deviations from each cluster's own means. */
  r: number;
  /** Common within-cluster slope of y on x. */
  slope: number;
  /** Error degrees of freedom N − k − 1. */
  df: number;
  /** F(1, df) of the score after the cluster factor, and its p. */
  f: number;
  p: number;
  /** Fisher-z 95% interval with √(df − 1). */
  ciLow: number;
  ciHigh: number;
}

/**
 * Why a statistic could not be computed: `notEnough` in English words (a sentence), and `why`, the same
 * reason said by key (ADR 057) as a clause without its full stop, for a sentence around it in the reader's
 * language (`sayInEnglish(why) + "."` is `notEnough`).
 */
export type NotEnough = { notEnough: string; why: string };

const groupBy = (cluster: readonly string[]) => {
  const groups = new Map<string, number[]>();
  cluster.forEach((c, i) => {
    const list = groups.get(c);
    if (list) list.push(i);
    else groups.set(c, [i]);
  });
  return groups;
};

/**
 * The repeated-measures correlation (Bakdash & Marusich 2017): the relation of x and y within clusters,
 * from `lm(y ~ factor(cluster) + x)` with the cluster entered first. With deviations from each cluster's
 * means, SS_x = Sxy_w²/Sxx_w and SS_residual = Syy_w − SS_x, r_rm = sign(b)·√(SS_x/(SS_x + SS_residual)),
 * df = N − k − 1, p from F(1, df), and the interval tanh(atanh(r_rm) ± z₀.₉₇₅/√(df − 1)). Returns why not
 * when x or y never varies within a cluster, or df < 2.
 *
 * @example repeatedMeasuresCorrelation(["a", "a", "b", "b", "c", "c"], [1, 2, 3, 4, 2, 4], [1, 3, 2, 3, 2, 5])
 */
export function repeatedMeasuresCorrelation(cluster: readonly string[], x: readonly number[], y: readonly number[]): RepeatedMeasuresCorrelation | NotEnough {
  assertPaired(x, y, "repeatedMeasuresCorrelation");
  assertPaired(x, cluster as unknown as number[], "repeatedMeasuresCorrelation");
  assertFinite(x, "repeatedMeasuresCorrelation");
  assertFinite(y, "repeatedMeasuresCorrelation");
  const groups = groupBy(cluster);
  const n = x.length;
  const k = groups.size;
  const df = n - k - 1;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const rows of groups.values()) {
    let sumX = 0;
    let sumY = 0;
    for (const i of rows) {
      sumX += x[i]!;
      sumY += y[i]!;
    }
    const mx = sumX / rows.length;
    const my = sumY / rows.length;
    for (const i of rows) {
      const dx = x[i]! - mx;
      const dy = y[i]! - my;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
  }
  if (df < 2)
    return {
      notEnough: `${n} pairs from ${k} teams leave ${Math.max(df, 0)} degrees of freedom within teams; at least 2 are needed (teams need several periods each).`,
      why: said("explorer.why.fewDegrees", { pairs: n, teams: k, df: Math.max(df, 0) }),
    };
  // Relative thresholds: deviations that are rounding noise of equal values count as no variation.
  if (
    !(
      sxx >
      1e-12 *
        Math.max(
          1,
          x.reduce((s, v) => s + v * v, 0),
        )
    )
  )
    return {
      notEnough: "The score never changes within a team across these periods, so there is no within-team change to relate.",
      why: said("explorer.why.scoreSteadyWithin"),
    };
  if (
    !(
      syy >
      1e-12 *
        Math.max(
          1,
          y.reduce((s, v) => s + v * v, 0),
        )
    )
  )
    return {
      notEnough: "The outcome never changes within a team across these periods, so there is no within-team change to relate.",
      why: said("explorer.why.outcomeSteadyWithin"),
    };
  const slope = sxy / sxx;
  const ssX = (sxy * sxy) / sxx;
  const ssResidual = Math.max(0, syy - ssX);
  const r = Math.max(-1, Math.min(1, Math.sign(slope) * Math.sqrt(ssX / (ssX + ssResidual))));
  const f = ssResidual === 0 ? Infinity : ssX / (ssResidual / df);
  const p = f === Infinity ? 0 : studentTTwoSidedP(Math.sqrt(f), df);
  const half = normalQuantile(0.975) / Math.sqrt(df - 1);
  const z = Math.atanh(r);
  const ci = Math.abs(r) === 1 ? { ciLow: r, ciHigh: r } : { ciLow: Math.tanh(z - half), ciHigh: Math.tanh(z + half) };
  return { n, clusters: k, r, slope, df, f, p, ...ci };
}

export interface ClusteredSlopeTest {
  n: number;
  clusters: number;
  intercept: number;
  slope: number;
  /** CR2 standard error of the slope (Bell & McCaffrey 2002; Pustejovsky & Tipton 2018). */
  se: number;
  t: number;
  /** Satterthwaite degrees of freedom (fractional). */
  df: number;
  p: number;
  ciLow: number;
  ciHigh: number;
  /** Mean of x, and the CR2 covariance of (fitted mean at x̄, slope): for a band around the line. */
  meanX: number;
  vcov: { mean: number; meanSlope: number; slope: number };
}

/**
 * The 95% band of the fitted mean at the given x from a clustered fit: ŷ ± t(0.975, slope's df)·√(v(x)),
 * v(x) = Var(ŷ(x̄)) + 2(x − x̄)Cov + (x − x̄)²Var(b) from the CR2 covariance. The slope's Satterthwaite
 * df is used for every x (an approximation: each x has its own).
 */
export function clusteredBand(fit: ClusteredSlopeTest, at: readonly number[]): Array<{ x: number; y: number; low: number; high: number }> {
  const t = studentTQuantile(0.975, fit.df);
  return at.map((x) => {
    const d = x - fit.meanX;
    const y = fit.intercept + fit.slope * x;
    const half = t * Math.sqrt(Math.max(0, fit.vcov.mean + 2 * d * fit.vcov.meanSlope + d * d * fit.vcov.slope));
    return { x, y, low: y - half, high: y + half };
  });
}

/** Eigen-decomposition of the symmetric 2×2 [[a, b], [b, d]]: values and unit vectors. */
function eigen2(a: number, b: number, d: number): Array<{ value: number; vector: [number, number] }> {
  const half = (a + d) / 2;
  const radius = Math.hypot((a - d) / 2, b);
  const values = [half + radius, half - radius];
  if (b === 0) {
    return a >= d
      ? [
          { value: a, vector: [1, 0] },
          { value: d, vector: [0, 1] },
        ]
      : [
          { value: d, vector: [0, 1] },
          { value: a, vector: [1, 0] },
        ];
  }
  // The first eigenvector from (A − λ₁I)v = 0, v ∝ (b, λ₁ − a) or (λ₁ − d, b), whichever is longer; the
  // second is its perpendicular, so the pair stays orthonormal even when the eigenvalues (nearly) coincide.
  const v1: [number, number] = [b, values[0]! - a];
  const v2: [number, number] = [values[0]! - d, b];
  const v = Math.hypot(...v1) >= Math.hypot(...v2) ? v1 : v2;
  const norm = Math.hypot(...v);
  const first: [number, number] = [v[0] / norm, v[1] / norm];
  return [
    { value: values[0]!, vector: first },
    { value: values[1]!, vector: [-first[1], first[0]] },
  ];
}

/**
 * The least-squares slope of y on x over all pairs, with the cluster-robust CR2 variance and Satterthwaite
 * degrees of freedom, as R's `clubSandwich::coef_test(lm(y ~ x), vcov = "CR2", cluster = cluster,
 * test = "Satterthwaite")` and its `conf_int`. For each cluster j, A_j = (I − H_jj)^(−1/2) (eigenvalues below
 * 1e−12 dropped, as clubSandwich does), V = Σ_j (w_j′e_j)² with w_j = A_j X_j M c (the slope entry of
 * M·Σ_j (X_j′A_j e_j)(X_j′A_j e_j)′·M), and
 * df = (Σ_j g_j′g_j)² / Σ_i Σ_j (g_i′g_j)² with g_i′g_j = δ_ij w_i′w_j − (X_i′w_i)′M(X_j′w_j), which needs
 * no N × N matrix. Returns why not with fewer than `minClusters` clusters or x that never varies.
 */
export function clusteredSlopeTest(cluster: readonly string[], x: readonly number[], y: readonly number[], minClusters = 4): ClusteredSlopeTest | NotEnough {
  assertPaired(x, y, "clusteredSlopeTest");
  assertPaired(x, cluster as unknown as number[], "clusteredSlopeTest");
  assertFinite(x, "clusteredSlopeTest");
  assertFinite(y, "clusteredSlopeTest");
  const groups = groupBy(cluster);
  const n = x.length;
  if (groups.size < minClusters)
    return {
      notEnough: `Only ${groups.size} team${groups.size === 1 ? "" : "s"}: at least ${minClusters} are needed to judge a relation between teams.`,
      why: said("explorer.why.fewTeams", { teams: groups.size, min: minClusters }),
    };
  const mx = mean(x);
  const my = mean(y);
  const d = x.map((v) => v - mx);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += d[i]! * d[i]!;
    sxy += d[i]! * (y[i]! - my);
  }
  if (
    !(
      sxx >
      1e-12 *
        Math.max(
          1,
          x.reduce((s, v) => s + v * v, 0),
        )
    )
  )
    return { notEnough: "The score is the same in every pair, so there is no relation to estimate.", why: said("explorer.why.scoreSame") };
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const residual = y.map((v, i) => v - my - slope * d[i]!);
  // Centred design X = [1, x − x̄]: X′X = diag(N, Sxx), so M = diag(1/N, 1/Sxx) and M c = (0, 1/Sxx).
  const m0 = 1 / n;
  const m1 = 1 / sxx;
  let expected = 0;
  let sumASquared = 0;
  let crossA = 0;
  // S = Σ u_j u_j′ (2×2) for the Σ_i Σ_j (u_i′M u_j)² = tr((MS)²) term.
  let s00 = 0;
  let s01 = 0;
  let s11 = 0;
  // Meat of the full CR2 covariance in the centred design: Σ_j (X_j′A_j e_j)(X_j′A_j e_j)′.
  let meat00 = 0;
  let meat01 = 0;
  let meat11 = 0;
  const r0 = Math.sqrt(m0);
  const r1 = Math.sqrt(m1);
  for (const rows of groups.values()) {
    // B = X_j M^(1/2): rows (1/√N, d/√Sxx); the non-zero eigenvalues of H_jj = BB′ are those of B′B.
    // No arrays per cluster: q_k(r) = (b0 v_k0 + b1(r) v_k1)/√λ_k is recomputed where it is needed.
    let sumD = 0;
    let sumDD = 0;
    for (const i of rows) {
      sumD += d[i]!;
      sumDD += d[i]! * d[i]!;
    }
    const eig = eigen2(rows.length * m0, r0 * r1 * sumD, m1 * sumDD);
    // Per eigenvector k: its scale 1/√λ_k, the factor (1 − λ_k)^(−1/2) − 1, and q_k′z, q_k′e.
    const scale = [0, 0];
    const factor = [0, 0];
    const qz = [0, 0];
    const qe = [0, 0];
    eig.forEach(({ value }, k) => {
      if (!(value > 1e-14)) return;
      scale[k] = 1 / Math.sqrt(value);
      const gValue = 1 - value; // eigenvalue of I − H_jj
      factor[k] = (gValue > 1e-12 ? 1 / Math.sqrt(gValue) : 0) - 1;
    });
    for (const i of rows) {
      for (let k = 0; k < 2; k++) {
        if (scale[k] === 0) continue;
        const q = (r0 * eig[k]!.vector[0] + d[i]! * r1 * eig[k]!.vector[1]) * scale[k]!;
        qz[k]! += q * d[i]! * m1;
        qe[k]! += q * residual[i]!;
      }
    }
    let a = 0;
    let u0 = 0;
    let u1 = 0;
    let v0 = 0;
    let v1 = 0;
    for (const i of rows) {
      // w = A_j z and A_j e, z = X_j M c = d/Sxx.
      let w = d[i]! * m1;
      let ae = residual[i]!;
      for (let k = 0; k < 2; k++) {
        if (scale[k] === 0) continue;
        const q = (r0 * eig[k]!.vector[0] + d[i]! * r1 * eig[k]!.vector[1]) * scale[k]!;
        w += factor[k]! * q * qz[k]!;
        ae += factor[k]! * q * qe[k]!;
      }
      a += w * w;
      u0 += w;
      u1 += d[i]! * w;
      v0 += ae;
      v1 += d[i]! * ae;
    }
    meat00 += v0 * v0;
    meat01 += v0 * v1;
    meat11 += v1 * v1;
    const uMu = m0 * u0 * u0 + m1 * u1 * u1;
    expected += a - uMu;
    sumASquared += a * a;
    crossA += a * uMu;
    s00 += u0 * u0;
    s01 += u0 * u1;
    s11 += u1 * u1;
  }
  // MS = [[m0 s00, m0 s01], [m1 s01, m1 s11]]; tr((MS)²) = (m0 s00)² + 2 m0 m1 s01² + (m1 s11)².
  const traceMS2 = (m0 * s00) ** 2 + 2 * m0 * m1 * s01 * s01 + (m1 * s11) ** 2;
  const sumPSquared = sumASquared - 2 * crossA + traceMS2;
  // V = M·meat·M with M = diag(1/N, 1/Sxx). Its slope entry is Σ_j (w_j′e_j)², since w_j′e_j = z_j′A_j e_j = v1/Sxx.
  const vcov = { mean: m0 * m0 * meat00, meanSlope: m0 * m1 * meat01, slope: m1 * m1 * meat11 };
  const se = Math.sqrt(vcov.slope);
  const df = (expected * expected) / sumPSquared;
  if (!(se > 0) || !Number.isFinite(df) || !(df > 0))
    return { notEnough: "Every team's pairs lie exactly on the line, so there is no spread to judge the slope by.", why: said("explorer.why.onTheLine") };
  const t = slope / se;
  const half = studentTQuantile(0.975, df) * se;
  return { n, clusters: groups.size, intercept, slope, se, t, df, p: studentTTwoSidedP(t, df), ciLow: slope - half, ciHigh: slope + half, meanX: mx, vcov };
}

/**
 * Rounds to `digits` decimal places, so that values that are equal in exact arithmetic (13/3 reached by
 * different summation orders) are equal before they are ranked or compared. R: `round(x, digits)`.
 */
export function roundTo(value: number, digits = 10): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** The mean of x and of y per cluster, in first-seen order (the between-cluster pairs). */
export function clusterMeans(cluster: readonly string[], x: readonly number[], y: readonly number[]): Array<{ cluster: string; n: number; x: number; y: number }> {
  return [...groupBy(cluster)].map(([c, rows]) => {
    let sumX = 0;
    let sumY = 0;
    for (const i of rows) {
      sumX += x[i]!;
      sumY += y[i]!;
    }
    return { cluster: c, n: rows.length, x: sumX / rows.length, y: sumY / rows.length };
  });
}
