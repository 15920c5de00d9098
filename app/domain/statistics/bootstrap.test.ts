import { describe, expect, it } from "vitest";
import { clusterBootstrap, drawClusters, mulberry32, quantileType7 } from "./bootstrap";
import { expectClose } from "./fixtures/expect-close";
import { mtcarsDrivers, quantileMtcarsMpg } from "./fixtures/r-reference-drivers";

describe("mulberry32", () => {
  it("gives the same sequence for the same seed and another for another seed", () => {
    const a = mulberry32(2024);
    const b = mulberry32(2024);
    const c = mulberry32(2025);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
    for (const v of first) expect(v >= 0 && v < 1).toBe(true);
  });

  it("is roughly uniform", () => {
    const r = mulberry32(1);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 10000; i++) bins[Math.floor(r() * 10)]! += 1;
    for (const b of bins) expect(Math.abs(b - 1000)).toBeLessThan(100);
  });
});

describe("quantileType7", () => {
  it("equals R's quantile(mtcars$mpg, c(0.025, 0.975))", () => {
    const sorted = mtcarsDrivers.map((r) => r[0] as number).sort((a, b) => a - b);
    expectClose(quantileType7(sorted, 0.025), quantileMtcarsMpg.low[0], 1e-12);
    expectClose(quantileType7(sorted, 0.975), quantileMtcarsMpg.high[0], 1e-12);
  });
});

describe("clusterBootstrap", () => {
  it("draws as many clusters as there are, with replacement", () => {
    const counts = drawClusters(12, mulberry32(7));
    expect(counts).toHaveLength(12);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(12);
  });

  // Ten clusters whose values are their index: a resample's mean is Σ count·index / 10.
  const statistic = (counts: readonly number[]) => [counts.reduce((s, c, i) => s + c * i, 0) / 10];

  it("the same seed gives identical intervals; another seed gives others", () => {
    const one = clusterBootstrap(10, 1, statistic, { replicates: 1000, seed: 20 });
    const two = clusterBootstrap(10, 1, statistic, { replicates: 1000, seed: 20 });
    const other = clusterBootstrap(10, 1, statistic, { replicates: 1000, seed: 21 });
    expect(two).toEqual(one);
    expect(other.low).not.toEqual(one.low);
    expect(one.used).toBe(1000);
  });

  it("resamples clusters: the mean of cluster means 4.5 has an interval about ±1.8 around it (sd of the mean ≈ 0.91)", () => {
    const result = clusterBootstrap(10, 1, statistic, { replicates: 2000, seed: 3 });
    expect(result.low[0]!).toBeGreaterThan(2.4);
    expect(result.low[0]!).toBeLessThan(3.2);
    expect(result.high[0]!).toBeGreaterThan(5.8);
    expect(result.high[0]!).toBeLessThan(6.6);
  });

  it("drops resamples the statistic cannot use, and gives no interval when most fail", () => {
    const sometimes = clusterBootstrap(10, 1, (c) => (c[0]! > 0 ? [1] : null), { replicates: 500, seed: 1 });
    // P(cluster 0 drawn at least once) = 1 − 0.9¹⁰ ≈ 0.65
    expect(sometimes.used).toBeGreaterThan(280);
    expect(sometimes.used).toBeLessThan(370);
    expect(sometimes.low).toEqual([1]);
    const rarely = clusterBootstrap(10, 1, (c) => (c[0]! > 1 ? [1] : null), { replicates: 500, seed: 1 });
    expect(rarely.low).toEqual([null]);
  });
});
