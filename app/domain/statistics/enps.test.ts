import { describe, expect, it } from "vitest";
import { enps } from "./enps";

describe("enps", () => {
  it("is % promoters (9–10) − % detractors (0–6), in points", () => {
    expect(enps([10, 9, 8, 7, 6, 3])).toBe(0);
    expect(enps([10, 10, 9, 8])).toBe(75);
    expect(enps([0, 6, 7, 9])).toBe(-25);
    expect(enps([7, 8])).toBe(0);
    expect(enps([10])).toBe(100);
    expect(enps([0, 1, 2])).toBe(-100);
    expect(enps([9, 9, 5])).toBeCloseTo(33.333333, 6);
  });

  it("rejects no answers and answers off the 0–10 scale", () => {
    expect(() => enps([])).toThrow("enps requires at least one data point");
    expect(() => enps([11])).toThrow("enps requires whole-number scores from 0 to 10");
    expect(() => enps([6.5])).toThrow("enps requires whole-number scores from 0 to 10");
  });
});
