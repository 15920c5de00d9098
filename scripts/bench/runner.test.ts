import { describe, expect, it } from "vitest";
import { compare, median, percentile, stats } from "./runner";

describe("benchmark runner", () => {
  it("computes nearest-rank percentiles and medians", () => {
    const values = [15, 20, 35, 40, 50];
    expect(percentile(values, 30)).toBe(20);
    expect(percentile(values, 40)).toBe(20);
    expect(percentile(values, 50)).toBe(35);
    expect(percentile(values, 100)).toBe(50);
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(stats([1, 2, 3])).toMatchObject({ n: 3, median: 2, min: 1, max: 3 });
    expect(() => median([])).toThrow("median requires at least one value");
  });

  it("interleaves the two sides and reports the median per-pair ratio", async () => {
    const order: string[] = [];
    let b = 0;
    let c = 0;
    const result = await compare({
      name: "t",
      runs: 4,
      warmup: 1,
      baseline: async () => (order.push("b"), [10, 10, 10, 10, 10][b++]!),
      candidate: async () => (order.push("c"), [99, 20, 30, 40, 50][c++]!),
      measure: (x) => x,
    });
    expect(order).toEqual(["b", "c", "b", "c", "c", "b", "b", "c", "c", "b"]);
    expect(result.ratio).toBe(3.5);
    expect(result.candidate.stats.median).toBe(35);
  });
});
