function assertPValues(pValues: readonly number[], name: string): void {
  for (const p of pValues) {
    if (!(p >= 0 && p <= 1)) throw new Error(`${name} requires p-values between 0 and 1`);
  }
}

/**
 * Benjamini–Hochberg adjusted p-values (false discovery rate), as R's `p.adjust(p, method = "BH")`: sorted
 * descending, the i-th smallest of m becomes min over j ≥ i of (m/j)·p₍ⱼ₎ (a running minimum, capped at 1),
 * returned in the input order. An empty family gives an empty array. https://doi.org/10.1111/j.2517-6161.1995.tb02031.x
 *
 * @example benjaminiHochberg([0.01, 0.04, 0.03]) // [0.03, 0.04, 0.04]
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  assertPValues(pValues, "benjaminiHochberg");
  const m = pValues.length;
  const descending = pValues.map((_, i) => i).sort((a, b) => pValues[b]! - pValues[a]!);
  const adjusted = new Array<number>(m);
  let runningMin = Infinity;
  descending.forEach((index, k) => {
    const rank = m - k;
    // (m / rank) * p in this order, as R computes `n/i * p[o]`, so that results agree to the last bit.
    runningMin = Math.min(runningMin, (m / rank) * pValues[index]!);
    adjusted[index] = Math.min(1, runningMin);
  });
  return adjusted;
}

/**
 * The number of hypotheses the Benjamini–Hochberg step-up procedure rejects at false discovery rate q: the
 * largest k with p₍ₖ₎ ≤ k·q/m, which equals the count of BH-adjusted p-values ≤ q.
 * https://en.wikipedia.org/wiki/False_discovery_rate#Benjamini%E2%80%93Hochberg_procedure
 *
 * @example benjaminiHochbergRejections([0.01, 0.02, 0.03, 0.5], 0.05) // 3 (adjusted 0.04, 0.04, 0.04, 0.5)
 */
export function benjaminiHochbergRejections(pValues: readonly number[], q = 0.05): number {
  if (!(q > 0 && q <= 1)) throw new Error("benjaminiHochbergRejections requires q between 0 and 1");
  return benjaminiHochberg(pValues).filter((p) => p <= q).length;
}
