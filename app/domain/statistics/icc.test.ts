import { describe, expect, it } from "vitest";
import { expectClose } from "./fixtures/expect-close";
import { bh1996WellBeingByGroup, chickWeightsByFeed } from "./fixtures/r-datasets";
import { iccBh1996, iccChickwts, iccNegative } from "./fixtures/r-reference";
import { icc1, icc2, oneWayAnova } from "./icc";

describe("ICC(1) and ICC(2) (R's multilevel::ICC1 / ICC2 of aov)", () => {
  const cases = [
    ["bh1996 well-being, 10 smallest groups", bh1996WellBeingByGroup, iccBh1996],
    ["chickwts weight by feed (6 unequal groups)", chickWeightsByFeed, iccChickwts],
    [
      "a case with MSB < MSW (negative ICC)",
      [
        [1, 5, 3],
        [2, 4, 3.5],
        [3, 3.2, 2.6],
      ],
      iccNegative,
    ],
  ] as const;
  it.each(cases)("matches R for %s", (_, groups, expected) => {
    const anova = oneWayAnova(groups);
    expect(anova.dfBetween).toBe(expected.dfBetween);
    expect(anova.dfWithin).toBe(expected.dfWithin);
    expectClose(anova.msBetween, expected.msBetween);
    expectClose(anova.msWithin, expected.msWithin);
    expectClose(icc1(groups), expected.icc1);
    expectClose(icc2(groups), expected.icc2);
  });

  it("uses the plain mean group size n/groups", () => {
    expect(oneWayAnova(chickWeightsByFeed).meanGroupSize).toBeCloseTo(71 / 6, 12);
  });

  it("agrees with a hand computation", () => {
    // Groups (1,2,3), (4,5,6): grand mean 3.5, SSB = 3·1.5² · 2 = 13.5 (df 1), SSW = 2 + 2 = 4 (df 4), MSW = 1;
    // ICC(1) = 12.5 / (13.5 + 2·1) = 0.806452; ICC(2) = 12.5 / 13.5 = 0.925926.
    expect(
      icc1([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toBeCloseTo(0.806452, 6);
    expect(
      icc2([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toBeCloseTo(0.925926, 6);
  });

  it("throws where the ANOVA or the ratio is undefined", () => {
    expect(() => oneWayAnova([[1, 2, 3]])).toThrow("oneWayAnova requires at least two groups");
    expect(() => oneWayAnova([[1, 2], []])).toThrow("oneWayAnova requires every group to have at least one score");
    expect(() => oneWayAnova([[1], [2]])).toThrow("oneWayAnova requires more scores than groups");
    expect(() =>
      icc1([
        [3, 3],
        [3, 3],
      ]),
    ).toThrow("icc1 is undefined when all scores are equal");
    expect(() =>
      icc2([
        [1, 3],
        [2, 2],
      ]),
    ).toThrow("icc2 is undefined when all group means are equal");
  });
});
