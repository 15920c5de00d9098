import { describe, expect, it } from "vitest";
import { correlationTStatistic, fisherInterval, pearsonCorrelation, pearsonTest, spearmanCorrelation, spearmanTest } from "./correlation";
import { expectClose } from "./fixtures/expect-close";
import { carsDist, carsSpeed, faithfulEruptions5, faithfulWaiting5, irisSepalLength, irisSepalWidth, mtcarsDrat, mtcarsMpg, mtcarsQsec, mtcarsWt } from "./fixtures/r-datasets";
import {
  pearsonCars4,
  pearsonFaithful5,
  pearsonIrisSepal,
  pearsonMtcarsDratQsec,
  pearsonMtcarsMpgWt,
  pearsonMtcarsWtQsec3,
  spearmanCars10,
  spearmanIrisSepal,
  spearmanMtcarsMpgWt,
} from "./fixtures/r-reference";

describe("pearsonTest (R's cor.test)", () => {
  it("reproduces the reference case: cor.test(mtcars$mpg, mtcars$wt)", () => {
    const result = pearsonTest(mtcarsMpg, mtcarsWt);
    expect(result.n).toBe(32);
    expect(result.df).toBe(30);
    expect(result.r).toBeCloseTo(-0.8676594, 6);
    expect(result.t).toBeCloseTo(-9.559, 3);
    expectClose(result.p, 1.294e-10, 1e-3);
    expect(result.ciLow).toBeCloseTo(-0.9338264, 6);
    expect(result.ciHigh).toBeCloseTo(-0.7440872, 6);
    // And to R's full digits.
    expectClose(result.r, pearsonMtcarsMpgWt.r, 1e-12);
    expectClose(result.t, pearsonMtcarsMpgWt.t, 1e-12);
    expectClose(result.p, pearsonMtcarsMpgWt.p, 1e-10);
    expectClose(result.ciLow, pearsonMtcarsMpgWt.ciLow, 1e-12);
    expectClose(result.ciHigh, pearsonMtcarsMpgWt.ciHigh, 1e-12);
  });

  const cases = [
    ["n = 4 (head of cars)", carsSpeed.slice(0, 4), carsDist.slice(0, 4), pearsonCars4],
    ["n = 5 (head of faithful)", faithfulEruptions5, faithfulWaiting5, pearsonFaithful5],
    ["r near zero (mtcars drat, qsec)", mtcarsDrat, mtcarsQsec, pearsonMtcarsDratQsec],
    ["small negative r, n = 150 (iris sepals)", irisSepalLength, irisSepalWidth, pearsonIrisSepal],
    ["n = 3: no interval", mtcarsWt.slice(0, 3), mtcarsQsec.slice(0, 3), pearsonMtcarsWtQsec3],
  ] as const;
  it.each(cases)("matches R for %s", (_, x, y, expected) => {
    const result = pearsonTest(x, y);
    expect(result.n).toBe(expected.n);
    expect(result.df).toBe(expected.df);
    expectClose(result.r, expected.r);
    expectClose(result.t, expected.t);
    expectClose(result.p, expected.p);
    expectClose(result.ciLow, expected.ciLow);
    expectClose(result.ciHigh, expected.ciHigh);
  });

  it("handles a perfect correlation: t = ±Infinity, p = 0, a degenerate interval", () => {
    const result = pearsonTest([1, 2, 3, 4, 5], [10, 8, 6, 4, 2]);
    expect(result.r).toBe(-1);
    expect(result.t).toBe(-Infinity);
    expect(result.p).toBe(0);
    expect(result.ciLow).toBe(-1);
    expect(result.ciHigh).toBe(-1);
  });

  it("throws on zero variance, too few points and unpaired input", () => {
    expect(() => pearsonTest([1, 2, 3, 4], [5, 5, 5, 5])).toThrow("pearsonTest is undefined when x or y has zero variance");
    expect(() => pearsonCorrelation([2, 2], [1, 3])).toThrow("pearsonCorrelation is undefined when x or y has zero variance");
    expect(() => pearsonTest([1, 2], [3, 4])).toThrow("pearsonTest requires at least three data points");
    expect(() => pearsonCorrelation([1], [3])).toThrow("pearsonCorrelation requires at least two data points");
    expect(() => pearsonTest([1, 2, 3], [1, 2])).toThrow("pearsonTest requires x and y of the same length");
    expect(() => pearsonTest([1, 2, Number.NaN], [1, 2, 3])).toThrow("pearsonTest requires finite numbers");
  });
});

describe("correlation building blocks", () => {
  it("computes t from r and n", () => {
    expect(correlationTStatistic(0.5, 12)).toBeCloseTo(0.5 * Math.sqrt(10 / 0.75), 12);
    expect(correlationTStatistic(1, 10)).toBe(Infinity);
    expect(() => correlationTStatistic(1.1, 10)).toThrow("correlationTStatistic requires r between −1 and 1");
  });

  it("gives a Fisher-z interval only when n > 3", () => {
    expect(fisherInterval(0.3, 3)).toBeNull();
    const interval = fisherInterval(pearsonMtcarsMpgWt.r, 32);
    expect(interval?.ciLow).toBeCloseTo(pearsonMtcarsMpgWt.ciLow, 10);
    expect(interval?.ciHigh).toBeCloseTo(pearsonMtcarsMpgWt.ciHigh, 10);
  });
});

describe("spearmanTest (rank correlation with the t approximation)", () => {
  const cases = [
    ["mtcars mpg and wt (ties in both)", mtcarsMpg, mtcarsWt, spearmanMtcarsMpgWt],
    ["head(cars, 10) (ties in speed)", carsSpeed.slice(0, 10), carsDist.slice(0, 10), spearmanCars10],
    ["iris sepals (many ties, n = 150)", irisSepalLength, irisSepalWidth, spearmanIrisSepal],
  ] as const;
  it.each(cases)("matches R for %s", (_, x, y, expected) => {
    const result = spearmanTest(x, y);
    expect(result.n).toBe(expected.n);
    expect(result.df).toBe(expected.df);
    expectClose(result.rho, expected.rho);
    expectClose(result.t, expected.t);
    expectClose(result.p, expected.p);
    // cor.test(..., method = "spearman", exact = FALSE) reports the same p.
    expectClose(result.p, expected.rCorTestP);
  });

  it("is Pearson on average ranks, and ±1 for monotone data", () => {
    expect(spearmanCorrelation([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
    const monotone = spearmanTest([1, 2, 3, 4, 5], [1, 4, 9, 16, 25]);
    expect(monotone.rho).toBe(1);
    expect(monotone.p).toBe(0);
  });

  it("throws on constant input and too few points", () => {
    expect(() => spearmanTest([1, 2, 3], [4, 4, 4])).toThrow("spearmanTest is undefined when x or y has zero variance");
    expect(() => spearmanTest([1, 2], [1, 2])).toThrow("spearmanTest requires at least three data points");
    expect(() => spearmanCorrelation([1, 2], [1])).toThrow("spearmanCorrelation requires x and y of the same length");
  });
});
