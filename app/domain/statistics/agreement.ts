import { completeCases, type ItemMatrix } from "./complete-cases";
import { mean, sampleVariance } from "./descriptive";

export interface RwgJ {
  rwgJ: number;
  /** Complete responses in the group. */
  n: number;
  items: number;
  /** s̄²: the mean of the items' sample variances within the group. */
  meanItemVariance: number;
  /** σ²_E: the variance expected under no agreement (uniform null). */
  expectedVariance: number;
}

/**
 * The variance of a discrete uniform distribution over A response options, σ²_E = (A² − 1)/12: the
 * "no agreement" null of rwg (4 for a 7-point scale, 2 for a 5-point scale). https://doi.org/10.1037/0021-9010.69.1.85
 *
 * @example uniformNullVariance(7) // 4
 */
export function uniformNullVariance(responseOptions: number): number {
  if (!Number.isInteger(responseOptions) || responseOptions < 2) {
    throw new Error("uniformNullVariance requires a whole number of at least two response options");
  }
  return (responseOptions ** 2 - 1) / 12;
}

/**
 * Within-group agreement rwg(j) of James, Demaree & Wolf (1984) over J items for one group:
 * rwg(j) = J(1 − s̄²/σ²_E) / (J(1 − s̄²/σ²_E) + s̄²/σ²_E), with s̄² the mean of the items' sample variances on
 * the complete responses and σ²_E = (A² − 1)/12. As R's `multilevel::rwg.j`, s̄² is capped at σ²_E, so more
 * disagreement than the uniform null gives 0 rather than a negative or exploding value; the result lies in
 * [0, 1]. Needs two complete responses (R returns NA for one). https://doi.org/10.1037/0021-9010.69.1.85
 *
 * @example rwgJ([[6, 5, 6], [5, 5, 6], [6, 6, 5], [7, 6, 7], [6, 7, 6]], 7).rwgJ // 0.9478527607361963
 */
export function rwgJ(rows: ItemMatrix, responseOptions: number): RwgJ {
  const expectedVariance = uniformNullVariance(responseOptions);
  const complete = completeCases(rows);
  const items = rows[0]?.length ?? 0;
  if (items < 1) throw new Error("rwgJ requires at least one item");
  if (complete.length < 2) throw new Error("rwgJ requires at least two complete responses");
  const itemVariances: number[] = [];
  for (let j = 0; j < items; j++) itemVariances.push(sampleVariance(complete.map((row) => row[j]!)));
  const meanItemVariance = mean(itemVariances);
  const ratio = Math.min(meanItemVariance, expectedVariance) / expectedVariance;
  const agreement = items * (1 - ratio);
  return { rwgJ: agreement / (agreement + ratio), n: complete.length, items, meanItemVariance, expectedVariance };
}
