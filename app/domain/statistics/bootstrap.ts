// Cluster bootstrap with a seeded generator (ADR 024): the same data and seed give the same intervals.

/**
 * mulberry32 (Tommy Ettinger's 32-bit generator): a uniform number in [0, 1) per call, the same sequence
 * for the same seed on every machine and run.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** R's default quantile (type 7) of sorted values at probability prob. */
export function quantileType7(sorted: readonly number[], prob: number): number {
  if (sorted.length === 0) throw new Error("quantileType7 requires values");
  const h = (sorted.length - 1) * prob;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * How many times each of `clusters` clusters is drawn in one resample: `clusters` draws with replacement,
 * each cluster equally likely (a team is kept whole with all its rows).
 */
export function drawClusters(clusters: number, random: () => number): number[] {
  const counts = new Array<number>(clusters).fill(0);
  for (let i = 0; i < clusters; i++) {
    const c = Math.min(clusters - 1, Math.floor(random() * clusters));
    counts[c] = counts[c]! + 1;
  }
  return counts;
}

export interface ClusterBootstrap {
  /** Resamples asked for. */
  replicates: number;
  /** Resamples whose statistic could be computed (a resample of near-identical teams may not). */
  used: number;
  seed: number;
  /** Percentile interval per component of the statistic; null when fewer than half the resamples were usable. */
  low: Array<number | null>;
  high: Array<number | null>;
}

/**
 * Percentile bootstrap clustered by team (Davison & Hinkley 1997, §3.8; Cameron, Gelbach & Miller 2008):
 * each resample draws as many clusters as there are, with replacement, and the statistic is computed on
 * the drawn clusters' rows together (a cluster drawn twice counts twice). `statistic` takes the draw
 * counts and returns a vector of `size` numbers, or null when it cannot be computed on that resample.
 * The interval is R's type-7 quantile of the usable resamples at (1 − level)/2 and (1 + level)/2.
 */
export function clusterBootstrap(
  clusters: number,
  size: number,
  statistic: (counts: readonly number[]) => readonly number[] | null,
  options: { replicates: number; seed: number; level?: number },
): ClusterBootstrap {
  const level = options.level ?? 0.95;
  const random = mulberry32(options.seed);
  const samples: number[][] = Array.from({ length: size }, () => []);
  for (let b = 0; b < options.replicates; b++) {
    const value = statistic(drawClusters(clusters, random));
    if (!value) continue;
    value.forEach((v, i) => samples[i]!.push(v));
  }
  const used = samples[0]?.length ?? 0;
  const enough = used > 0 && used * 2 >= options.replicates;
  const sorted = samples.map((s) => [...s].sort((a, b) => a - b));
  return {
    replicates: options.replicates,
    used,
    seed: options.seed,
    low: sorted.map((s) => (enough ? quantileType7(s, (1 - level) / 2) : null)),
    high: sorted.map((s) => (enough ? quantileType7(s, (1 + level) / 2) : null)),
  };
}
