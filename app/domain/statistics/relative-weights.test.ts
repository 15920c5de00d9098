import { describe, expect, it } from "vitest";
import { attitude } from "./fixtures/r-datasets";
import { expectAllClose, expectClose } from "./fixtures/expect-close";
import {
  eigenAttitudePredictors,
  mtcarsDrivers,
  relativeWeightsAttitude,
  relativeWeightsAttitudeResample,
  relativeWeightsMtcars,
  relativeWeightsOnePredictor,
} from "./fixtures/r-reference-drivers";
import { addCrossProducts, crossProducts, relativeWeights, relativeWeightsFromCrossProducts, relativeWeightsOfData, symmetricEigen } from "./relative-weights";

const columns = (rows: ReadonlyArray<ReadonlyArray<number | null>>, from: number, to: number) => rows.map((r) => r.slice(from, to) as number[]);
const column = (rows: ReadonlyArray<ReadonlyArray<number | null>>, i: number) => rows.map((r) => r[i] as number);

describe("symmetricEigen", () => {
  it("gives R's eigen() values of attitude's predictor correlations, and V Λ Vᵀ rebuilds the matrix", () => {
    const x = columns(attitude, 1, 7);
    const p = 6;
    const means = Array.from({ length: p }, (_, j) => x.reduce((s, r) => s + r[j]!, 0) / x.length);
    const cov = (i: number, j: number) => x.reduce((s, r) => s + (r[i]! - means[i]!) * (r[j]! - means[j]!), 0);
    const corr = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => cov(i, j) / Math.sqrt(cov(i, i) * cov(j, j))));
    const { values, vectors } = symmetricEigen(corr);
    expectAllClose(values, [...eigenAttitudePredictors.values], 1e-10);
    for (let i = 0; i < p; i++)
      for (let j = 0; j < p; j++) {
        const rebuilt = values.reduce((s, l, k) => s + vectors[i]![k]! * l * vectors[j]![k]!, 0);
        expect(Math.abs(rebuilt - corr[i]![j]!)).toBeLessThan(1e-12);
      }
  });

  it("rejects a matrix that is not square", () => {
    expect(() => symmetricEigen([[1, 2]])).toThrow(/square/);
  });
});

describe("relative weights (Johnson 2000) against a direct R computation", () => {
  it("mtcars: mpg on cyl, disp, hp, wt", () => {
    const result = relativeWeightsOfData(columns(mtcarsDrivers, 1, 5), column(mtcarsDrivers, 0));
    if (!result.ok) throw new Error(result.problem);
    expectAllClose(result.raw, [...relativeWeightsMtcars.raw], 1e-9);
    expectAllClose(result.rescaled, [...relativeWeightsMtcars.rescaled], 1e-9);
    expectClose(result.rSquared, relativeWeightsMtcars.rSquared, 1e-9);
    // R² is the ordinary regression's R²: the weights share it out exactly.
    expectClose(result.rSquared, relativeWeightsMtcars.lmRSquared, 1e-9);
  });

  it("attitude: rating on six items, complaints carrying the most (49.5%)", () => {
    const result = relativeWeightsOfData(columns(attitude, 1, 7), column(attitude, 0));
    if (!result.ok) throw new Error(result.problem);
    expectAllClose(result.raw, [...relativeWeightsAttitude.raw], 1e-9);
    expectAllClose(result.rescaled, [...relativeWeightsAttitude.rescaled], 1e-9);
    expectClose(result.rSquared, relativeWeightsAttitude.lmRSquared, 1e-9);
    expect(result.rescaled.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(result.rescaled[0]).toBeCloseTo(0.4952, 4);
  });

  it("one predictor: the weight is r², rescaled 1", () => {
    const result = relativeWeightsOfData(columns(mtcarsDrivers, 4, 5), column(mtcarsDrivers, 0));
    if (!result.ok) throw new Error(result.problem);
    expectClose(result.raw[0]!, relativeWeightsOnePredictor.raw, 1e-10);
    expect(result.rescaled).toEqual([1]);
    expectClose(result.rSquared, relativeWeightsOnePredictor.rSquared, 1e-10);
  });

  it("one cluster resample from cross-products equals R on the rows repeated", () => {
    const rows = attitude.map((r) => [...r.slice(1, 7), r[0]] as number[]);
    const teams = Array.from({ length: 6 }, (_, t) => crossProducts(rows.slice(t * 5, t * 5 + 5), 7));
    const stats = addCrossProducts(
      teams.map((s, t) => ({ stats: s, count: relativeWeightsAttitudeResample.counts[t]! })),
      7,
    );
    expect(stats.n).toBe(30);
    const result = relativeWeightsFromCrossProducts(stats);
    if (!result.ok) throw new Error(result.problem);
    expectAllClose(result.raw, [...relativeWeightsAttitudeResample.raw], 1e-9);
    expectAllClose(result.rescaled, [...relativeWeightsAttitudeResample.rescaled], 1e-9);
    expectClose(result.rSquared, relativeWeightsAttitudeResample.rSquared, 1e-9);
  });
});

describe("relative weights on degenerate input: a named problem, never NaN", () => {
  const x = columns(mtcarsDrivers, 1, 3);
  const y = column(mtcarsDrivers, 0);

  it("perfectly collinear predictors", () => {
    const collinear = x.map((r) => [r[0]!, r[1]!, 2 * r[0]! - 0.5 * r[1]!]);
    expect(relativeWeightsOfData(collinear, y)).toEqual({ ok: false, problem: "collinear", predictor: null });
    expect(
      relativeWeights(
        [
          [1, 1],
          [1, 1],
        ],
        [0.5, 0.5],
      ),
    ).toEqual({ ok: false, problem: "collinear", predictor: null });
  });

  it("a constant criterion", () => {
    expect(
      relativeWeightsOfData(
        x,
        y.map(() => 7),
      ),
    ).toEqual({ ok: false, problem: "constant-criterion", predictor: null });
  });

  it("a constant predictor names which one", () => {
    expect(
      relativeWeightsOfData(
        x.map((r) => [r[0]!, 4]),
        y,
      ),
    ).toEqual({ ok: false, problem: "constant-predictor", predictor: 1 });
  });

  it("fewer rows than predictors + 2", () => {
    expect(relativeWeightsOfData(x.slice(0, 3), y.slice(0, 3))).toEqual({ ok: false, problem: "too-few-rows", predictor: null });
  });

  it("non-finite input is an error, not a NaN weight", () => {
    expect(() => relativeWeightsOfData([[1], [Number.NaN], [3], [4]], [1, 2, 3, 5])).toThrow(/finite/);
  });
});
