import { describe, expect, it } from "vitest";
import { expectClose } from "./fixtures/expect-close";
import { mtcarsAm, mtcarsMpg, sleepExtra1, sleepExtra2 } from "./fixtures/r-datasets";
import { welchMtcarsAm, welchSleep } from "./fixtures/r-reference";
import { welchDifference } from "./mean-difference";

describe("welchDifference (R's t.test(x, y), Welch)", () => {
  const manual = mtcarsMpg.filter((_, i) => mtcarsAm[i] === 1);
  const automatic = mtcarsMpg.filter((_, i) => mtcarsAm[i] === 0);
  const cases = [
    ["sleep: drug 1 − drug 2", sleepExtra1, sleepExtra2, welchSleep],
    ["mtcars mpg: manual − automatic (unequal n and variance)", manual, automatic, welchMtcarsAm],
  ] as const;
  it.each(cases)("matches R for %s", (_, x, y, expected) => {
    const result = welchDifference(x, y);
    expectClose(result.diff, expected.diff);
    expectClose(result.se, expected.se);
    expectClose(result.df, expected.df);
    expectClose(result.t, expected.t);
    expectClose(result.p, expected.p);
    expectClose(result.ciLow, expected.ciLow);
    expectClose(result.ciHigh, expected.ciHigh);
  });

  it("is antisymmetric in its arguments", () => {
    const forward = welchDifference(sleepExtra1, sleepExtra2);
    const backward = welchDifference(sleepExtra2, sleepExtra1);
    expect(backward.diff).toBeCloseTo(-forward.diff, 12);
    expect(backward.ciLow).toBeCloseTo(-forward.ciHigh, 12);
  });

  it("works when one sample is constant, and throws when both are or a sample is too small", () => {
    const oneConstant = welchDifference([5, 5, 5], [3, 4, 5, 6]);
    expect(oneConstant.df).toBeCloseTo(3, 12);
    expect(() => welchDifference([5, 5], [4, 4, 4])).toThrow("welchDifference is undefined when both samples are constant");
    expect(() => welchDifference([5], [4, 4, 4])).toThrow("welchDifference requires at least two data points in each sample");
  });
});
