import { describe, expect, it } from "vitest";
import { mean, median, ranks, sampleSd, sampleVariance, sumOfSquaredDeviations } from "./descriptive";
import { mtcarsMpg, mtcarsWt } from "./fixtures/r-datasets";
import { meanMtcarsMpg, medianMtcarsMpg, ranksMtcarsMpg } from "./fixtures/r-reference";

describe("descriptive statistics", () => {
  it("computes the mean", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([-7])).toBe(-7);
    expect(mean(mtcarsMpg)).toBeCloseTo(meanMtcarsMpg.mean, 10);
  });

  it("computes the sample variance and standard deviation with n − 1", () => {
    expect(sumOfSquaredDeviations([1, 2, 3, 4])).toBe(5);
    expect(sampleVariance([1, 2, 3, 4])).toBeCloseTo(5 / 3, 12);
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(sampleVariance(mtcarsWt)).toBeCloseTo(medianMtcarsMpg.varWt, 10);
    expect(sampleSd(mtcarsMpg)).toBeCloseTo(meanMtcarsMpg.sd, 10);
    // A large offset must not cost digits (two-pass algorithm).
    expect(sampleVariance([1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4])).toBeCloseTo(5 / 3, 6);
  });

  it("computes the median for odd and even n", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([3, 1, 4, 1, 5, 9])).toBe(3.5);
    expect(median(mtcarsMpg)).toBe(medianMtcarsMpg.mpg);
    expect(median(mtcarsWt)).toBeCloseTo(medianMtcarsMpg.wt, 12);
  });

  it("ranks with ties averaged, like R's rank()", () => {
    expect(ranks([10, 20, 10, 30])).toEqual([1.5, 3, 1.5, 4]);
    expect(ranks([5, 5, 5])).toEqual([2, 2, 2]);
    expect(ranks([])).toEqual([]);
    expect(ranks(mtcarsMpg)).toEqual(ranksMtcarsMpg.ranks);
  });

  it("rejects empty or too-small inputs with clear messages", () => {
    expect(() => mean([])).toThrow("mean requires at least one data point");
    expect(() => median([])).toThrow("median requires at least one data point");
    expect(() => sumOfSquaredDeviations([])).toThrow("sumOfSquaredDeviations requires at least one data point");
    expect(() => sampleVariance([1])).toThrow("sampleVariance requires at least two data points");
    expect(() => sampleSd([1])).toThrow("sampleSd requires at least two data points");
    expect(() => mean([1, Number.NaN])).toThrow("mean requires finite numbers");
    expect(() => ranks([1, Infinity])).toThrow("ranks requires finite numbers");
  });
});
