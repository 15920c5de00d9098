// Johnson's relative weights (ADR 024): how a regression's R² shares out among correlated predictors.
// Pure numbers in, plain numbers out; checked against a direct R computation (eigen(), solve()) in
// relative-weights.test.ts with fixtures from fixtures/reference-drivers.R.

/** A symmetric matrix's eigenvalues (descending) and unit eigenvectors (columns of `vectors`). */
export interface SymmetricEigen {
  values: number[];
  /** vectors[i][k] is component i of the k-th eigenvector. */
  vectors: number[][];
}

/**
 * Eigendecomposition A = V Λ Vᵀ of a real symmetric matrix by the cyclic Jacobi method (Golub & Van Loan,
 * Matrix Computations, §8.5): rotations zero the off-diagonal until it is negligible. Accurate to rounding
 * for the small matrices here (≤ ~30 predictors). Eigenvalues come sorted from largest to smallest.
 */
export function symmetricEigen(matrix: ReadonlyArray<readonly number[]>): SymmetricEigen {
  const n = matrix.length;
  for (const row of matrix) {
    if (row.length !== n) throw new Error("symmetricEigen requires a square matrix");
    for (const v of row) if (!Number.isFinite(v)) throw new Error("symmetricEigen requires finite numbers");
  }
  const a = matrix.map((row) => [...row]);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[i]![j] = a[j]![i] = (a[i]![j]! + a[j]![i]!) / 2;
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const scale = Math.max(1e-300, ...a.flatMap((row) => row.map(Math.abs)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (Math.sqrt(off) <= 1e-15 * scale) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (apq === 0) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y]![y]! - a[x]![x]!);
  return { values: order.map((i) => a[i]![i]!), vectors: v.map((row) => order.map((i) => row[i]!)) };
}

/** Solves A x = b by Gaussian elimination with partial pivoting; null when A is (numerically) singular. */
function solve(matrix: ReadonlyArray<readonly number[]>, b: readonly number[]): number[] | null {
  const n = b.length;
  const m = matrix.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-12) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = col + 1; r < n; r++) {
      const f = m[r]![col]! / m[col]![col]!;
      for (let k = col; k <= n; k++) m[r]![k] = m[r]![k]! - f * m[col]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

export type RelativeWeightsProblem = "too-few-rows" | "constant-criterion" | "constant-predictor" | "collinear";

export type RelativeWeights =
  | {
      ok: true;
      /** Raw weights ε_j: each predictor's share of R² (they add up to R²). */
      raw: number[];
      /** ε_j / R²: each predictor's share of what the predictors explain together (they add up to 1). */
      rescaled: number[];
      rSquared: number;
    }
  | { ok: false; problem: RelativeWeightsProblem; /** Index of the predictor at fault, when one is. */ predictor: number | null };

/** Eigenvalues below this fraction of the largest mark a singular predictor correlation matrix. */
const COLLINEAR_TOLERANCE = 1e-10;

/**
 * Johnson's (2000) relative weights from the predictors' correlation matrix Rxx and their correlations with
 * the criterion rxy: Rxx = VΛVᵀ, Λx = VΛ^½Vᵀ (the predictors' correlations with their closest orthogonal
 * counterparts Z), β = Λx⁻¹ rxy (the criterion regressed on Z), ε_j = Σ_k Λx[j,k]² β_k², R² = Σ ε_j.
 * Collinear predictors (Rxx singular) give `{ ok: false, problem: "collinear" }`, never NaN.
 */
export function relativeWeights(rxx: ReadonlyArray<readonly number[]>, rxy: readonly number[]): RelativeWeights {
  const p = rxy.length;
  if (p === 0 || rxx.length !== p) throw new Error("relativeWeights requires a p × p matrix and p correlations");
  for (const v of rxy) if (!Number.isFinite(v)) throw new Error("relativeWeights requires finite numbers");
  const { values, vectors } = symmetricEigen(rxx);
  if (!(values[p - 1]! > COLLINEAR_TOLERANCE * Math.max(values[0]!, 1e-300))) return { ok: false, problem: "collinear", predictor: null };
  const sqrtValues = values.map(Math.sqrt);
  const lambda = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => {
      let s = 0;
      for (let k = 0; k < p; k++) s += vectors[i]![k]! * sqrtValues[k]! * vectors[j]![k]!;
      return s;
    }),
  );
  const beta = solve(lambda, rxy);
  if (!beta) return { ok: false, problem: "collinear", predictor: null };
  const raw = lambda.map((row) => row.reduce((s, l, k) => s + l * l * beta[k]! ** 2, 0));
  const rSquared = raw.reduce((s, e) => s + e, 0);
  return { ok: true, raw, rescaled: raw.map((e) => (rSquared > 0 ? e / rSquared : 0)), rSquared };
}

/**
 * Sufficient statistics of rows (predictors then criterion in one vector): the count, the sums and the
 * sums of cross-products. Adding two gives those of the rows together, which is what lets a cluster
 * bootstrap re-weigh teams without touching their rows again.
 */
export interface CrossProducts {
  n: number;
  sum: number[];
  /** Row-major (p+1) × (p+1): Σ v_i v_j over rows. */
  cross: number[];
}

export function crossProducts(rows: ReadonlyArray<readonly number[]>, width: number): CrossProducts {
  const sum = new Array<number>(width).fill(0);
  const cross = new Array<number>(width * width).fill(0);
  for (const row of rows) {
    if (row.length !== width) throw new Error("crossProducts requires rows of the same width");
    for (let i = 0; i < width; i++) {
      const vi = row[i]!;
      if (!Number.isFinite(vi)) throw new Error("crossProducts requires finite numbers");
      sum[i] = sum[i]! + vi;
      for (let j = i; j < width; j++) cross[i * width + j] = cross[i * width + j]! + vi * row[j]!;
    }
  }
  for (let i = 0; i < width; i++) for (let j = 0; j < i; j++) cross[i * width + j] = cross[j * width + i]!;
  return { n: rows.length, sum, cross };
}

/** Σ count_c · stats_c: the cross-products of clusters taken `count` times each (a bootstrap resample). */
export function addCrossProducts(parts: ReadonlyArray<{ stats: CrossProducts; count: number }>, width: number): CrossProducts {
  const out: CrossProducts = { n: 0, sum: new Array<number>(width).fill(0), cross: new Array<number>(width * width).fill(0) };
  for (const { stats, count } of parts) {
    if (count === 0) continue;
    out.n += count * stats.n;
    for (let i = 0; i < width; i++) out.sum[i] = out.sum[i]! + count * stats.sum[i]!;
    for (let i = 0; i < width * width; i++) out.cross[i] = out.cross[i]! + count * stats.cross[i]!;
  }
  return out;
}

/**
 * Relative weights of the first `width − 1` columns on the last, from cross-products. Pearson correlations
 * come from the centred sums; a criterion or predictor that does not vary is named, never NaN.
 */
export function relativeWeightsFromCrossProducts(stats: CrossProducts): RelativeWeights {
  const width = stats.sum.length;
  const p = width - 1;
  if (stats.n < p + 2) return { ok: false, problem: "too-few-rows", predictor: null };
  const cov = (i: number, j: number) => stats.cross[i * width + j]! - (stats.sum[i]! * stats.sum[j]!) / stats.n;
  const variance = Array.from({ length: width }, (_, i) => cov(i, i));
  // Sums of squares that are rounding noise relative to the raw sums count as no variation.
  const constant = (i: number) => !(variance[i]! > 1e-12 * Math.max(1, stats.cross[i * width + i]!));
  if (constant(p)) return { ok: false, problem: "constant-criterion", predictor: null };
  for (let i = 0; i < p; i++) if (constant(i)) return { ok: false, problem: "constant-predictor", predictor: i };
  const r = (i: number, j: number) => (i === j ? 1 : cov(i, j) / Math.sqrt(variance[i]! * variance[j]!));
  const rxx = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => r(i, j)));
  const rxy = Array.from({ length: p }, (_, i) => r(i, p));
  return relativeWeights(rxx, rxy);
}

/** Relative weights of the columns of `predictors` (rows × p) on `criterion`. */
export function relativeWeightsOfData(predictors: ReadonlyArray<readonly number[]>, criterion: readonly number[]): RelativeWeights {
  if (predictors.length !== criterion.length) throw new Error("relativeWeightsOfData requires one criterion value per row");
  const width = (predictors[0]?.length ?? 0) + 1;
  if (width < 2) throw new Error("relativeWeightsOfData requires at least one predictor");
  return relativeWeightsFromCrossProducts(
    crossProducts(
      predictors.map((row, i) => [...row, criterion[i]!]),
      width,
    ),
  );
}
