import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile, studentTCdf, studentTPdf, studentTQuantile, studentTTwoSidedP } from "./distributions";
import { expectClose } from "./fixtures/expect-close";
import { normalCdfGrid, normalQuantileGrid, studentTCdfGrid, studentTQuantileGrid } from "./fixtures/r-reference";

describe("Student's t distribution", () => {
  it("matches R's pt and two-sided p-values", () => {
    for (const [t, df, lower, twoSided] of studentTCdfGrid) {
      // The grid goes to df = 1e6, where the continued fraction keeps about 11 digits; up to df = 1000, 13.
      const tolerance = df > 1000 ? 1e-10 : 1e-12;
      expectClose(studentTCdf(t, df), lower, tolerance);
      expectClose(studentTTwoSidedP(t, df), twoSided, tolerance);
    }
  });

  it("keeps the digits of tiny p-values (the mtcars reference case)", () => {
    expectClose(studentTTwoSidedP(-9.559044146972107, 30), 1.29395870135052e-10, 1e-10);
    expect(studentTTwoSidedP(Infinity, 30)).toBe(0);
    expect(studentTTwoSidedP(-Infinity, 3)).toBe(0);
    expect(studentTTwoSidedP(0, 3)).toBe(1);
    expect(studentTCdf(-Infinity, 3)).toBe(0);
    expect(studentTCdf(Infinity, 3)).toBe(1);
  });

  it("matches R's qt, including qt(0.975, df) for intervals", () => {
    for (const [p, df, expected] of studentTQuantileGrid) expectClose(studentTQuantile(p, df), expected, 1e-12);
    expectClose(studentTQuantile(0.975, 1), 12.706204736174707, 1e-12);
    expect(studentTQuantile(0, 5)).toBe(-Infinity);
    expect(studentTQuantile(1, 5)).toBe(Infinity);
  });

  it("computes the density and falls back to the normal for infinite df", () => {
    expectClose(studentTPdf(0, 1), 1 / Math.PI, 1e-14);
    expectClose(studentTPdf(1, 2), 1 / Math.pow(3, 1.5), 1e-14);
    expectClose(studentTCdf(-1.959963984540054, Infinity), 0.025, 1e-12);
    expectClose(studentTQuantile(0.975, Infinity), 1.959963984540054, 1e-12);
  });

  it("rejects bad arguments", () => {
    expect(() => studentTCdf(1, 0)).toThrow("studentTCdf requires positive degrees of freedom");
    expect(() => studentTTwoSidedP(Number.NaN, 3)).toThrow("studentTTwoSidedP requires t to be a number");
    expect(() => studentTQuantile(1.2, 3)).toThrow("studentTQuantile requires a probability between 0 and 1");
    expect(() => studentTPdf(0, -1)).toThrow("studentTPdf requires positive degrees of freedom");
  });
});

describe("standard normal distribution", () => {
  it("matches R's pnorm, deep into the lower tail", () => {
    for (const [z, expected] of normalCdfGrid) expectClose(normalCdf(z), expected, 1e-12);
  });

  it("matches R's qnorm", () => {
    for (const [p, expected] of normalQuantileGrid) expectClose(normalQuantile(p), expected, 1e-12);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  it("rejects bad arguments", () => {
    expect(() => normalCdf(Number.NaN)).toThrow("normalCdf requires z to be a number");
    expect(() => normalQuantile(-0.1)).toThrow("normalQuantile requires a probability between 0 and 1");
  });
});
