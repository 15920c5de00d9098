import { describe, expect, it } from "vitest";
import { completeCases } from "./complete-cases";
import { expectClose } from "./fixtures/expect-close";
import { attitude, bfiAgreeableness } from "./fixtures/r-datasets";
import { alphaAttitude, alphaBfiAgreeableness } from "./fixtures/r-reference";
import { cronbachAlpha } from "./reliability";

describe("completeCases", () => {
  it("keeps only rows with every answer", () => {
    expect(
      completeCases([
        [1, 2],
        [3, null],
        [4, 5],
        [Number.NaN, 1],
      ]),
    ).toEqual([
      [1, 2],
      [4, 5],
    ]);
    expect(completeCases([])).toEqual([]);
    expect(() => completeCases([[1, 2], [3]])).toThrow("completeCases requires every row to have the same number of items");
  });
});

describe("cronbachAlpha", () => {
  it("reproduces the reference case: psych::alpha(attitude) raw alpha = 0.8431428", () => {
    const result = cronbachAlpha(attitude);
    expect(result.alpha).toBeCloseTo(0.8431428, 6);
    expectClose(result.alpha, alphaAttitude.alpha, 1e-12);
    expect(result.n).toBe(alphaAttitude.n);
    expect(result.items).toBe(7);
  });

  it('uses complete cases when answers are missing (psych::alpha with use = "complete.obs")', () => {
    const result = cronbachAlpha(bfiAgreeableness);
    expectClose(result.alpha, alphaBfiAgreeableness.alpha);
    expect(result.n).toBe(alphaBfiAgreeableness.n);
  });

  it("agrees with a hand computation", () => {
    // Items (1,2,4,3), (2,3,4,3), (2,3,5,3): variances 1.6667, 0.6667, 1.5833 (sum 3.9167);
    // totals 5, 8, 13, 9: variance 10.9167; α = 1.5 · (1 − 3.9167/10.9167) = 0.961832.
    expect(
      cronbachAlpha([
        [1, 2, 2],
        [2, 3, 3],
        [4, 4, 5],
        [3, 3, 3],
      ]).alpha,
    ).toBeCloseTo(0.961832, 6);
  });

  it("rejects too few items or responses and constant totals", () => {
    expect(() => cronbachAlpha([[1], [2]])).toThrow("cronbachAlpha requires at least two items");
    expect(() =>
      cronbachAlpha([
        [1, 2],
        [null, 3],
      ]),
    ).toThrow("cronbachAlpha requires at least two complete responses");
    expect(() => cronbachAlpha([])).toThrow("cronbachAlpha requires at least two items");
    expect(() =>
      cronbachAlpha([
        [1, 3],
        [2, 2],
        [3, 1],
      ]),
    ).toThrow("cronbachAlpha is undefined when the total scores do not vary");
  });
});
