import { describe, expect, it } from "vitest";
import { expectAllClose, expectClose } from "./fixtures/expect-close";
import { carsDist, carsSpeed, mtcarsMpg, mtcarsWt } from "./fixtures/r-datasets";
import { bandCars, bandMtcars } from "./fixtures/r-reference";
import { leastSquaresSlope, linearRegression, regressionConfidenceBand } from "./regression";

describe('linear regression with a 95% confidence band (R\'s lm and predict(interval = "confidence"))', () => {
  const cases = [
    ["cars: dist ~ speed", carsSpeed, carsDist, bandCars],
    ["mtcars: mpg ~ wt", mtcarsWt, mtcarsMpg, bandMtcars],
  ] as const;
  it.each(cases)("matches R for %s", (_, x, y, expected) => {
    const fit = linearRegression(x, y);
    expectClose(fit.slope, expected.slope);
    expectClose(fit.intercept, expected.intercept);
    expectClose(fit.residualSd, expected.residualSd);
    const band = regressionConfidenceBand(fit, expected.at);
    expect(band.map((point) => point.x)).toEqual(expected.at);
    expectAllClose(
      band.map((point) => point.y),
      expected.fit,
    );
    expectAllClose(
      band.map((point) => point.low),
      expected.low,
    );
    expectAllClose(
      band.map((point) => point.high),
      expected.high,
    );
  });

  it("agrees with a hand computation", () => {
    // x 1..4, y 2, 4, 5, 9: Sxx = 5, Sxy = 11 → slope 2.2, intercept 5 − 2.2·2.5 = −0.5; residuals 0.3, 0.1, −1.1, 0.7,
    // SSE = 1.8, s = √0.9 = 0.948683; at x̄: 5 ± 4.302653 · 0.948683 / 2 = 5 ± 2.040927.
    const fit = linearRegression([1, 2, 3, 4], [2, 4, 5, 9]);
    expect(fit.slope).toBeCloseTo(2.2, 12);
    expect(fit.intercept).toBeCloseTo(-0.5, 12);
    expect(fit.residualSd).toBeCloseTo(0.948683, 6);
    const [atMean] = regressionConfidenceBand(fit, [2.5]);
    expect(atMean!.low).toBeCloseTo(2.959073, 6);
    expect(atMean!.high).toBeCloseTo(7.040927, 6);
  });

  it("is narrowest at the mean of x", () => {
    const fit = linearRegression(carsSpeed, carsDist);
    const widths = regressionConfidenceBand(fit, [5, fit.meanX, 25]).map((point) => point.high - point.low);
    expect(widths[1]!).toBeLessThan(widths[0]!);
    expect(widths[1]!).toBeLessThan(widths[2]!);
  });

  it("throws for too few points or x that does not vary", () => {
    expect(() => linearRegression([1, 2], [3, 4])).toThrow("linearRegression requires at least three data points");
    expect(() => linearRegression([2, 2, 2], [3, 4, 5])).toThrow("linearRegression is undefined when x does not vary");
    expect(() => linearRegression([1, 2, 3], [3, 4])).toThrow("linearRegression requires x and y of the same length");
  });
});

describe("leastSquaresSlope", () => {
  it("is linearRegression's slope, and needs only two points", () => {
    expect(leastSquaresSlope(carsSpeed, carsDist)).toBe(linearRegression(carsSpeed, carsDist).slope);
    expect(leastSquaresSlope([1, 3], [2, 8])).toBe(3);
    expect(() => leastSquaresSlope([1], [2])).toThrow("leastSquaresSlope requires at least two data points");
    expect(() => leastSquaresSlope([2, 2], [3, 4])).toThrow("leastSquaresSlope is undefined when x does not vary");
  });
});
