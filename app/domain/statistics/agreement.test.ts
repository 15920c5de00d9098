import { describe, expect, it } from "vitest";
import { rwgJ, uniformNullVariance } from "./agreement";
import { expectClose } from "./fixtures/expect-close";
import {
  lq2002LeadershipCompany14,
  lq2002LeadershipCompany17,
  lq2002LeadershipCompany37,
  lq2002LeadershipCompany6,
  lq2002LeadershipCompany9,
  sevenPointAgree,
  sevenPointIncomplete,
  sevenPointSplit,
  sevenPointUnanimous,
} from "./fixtures/r-datasets";
import {
  rwgJLq2002Company14,
  rwgJLq2002Company14ThreeItems,
  rwgJLq2002Company17,
  rwgJLq2002Company37,
  rwgJLq2002Company6,
  rwgJLq2002Company9,
  rwgJSevenPointAgree,
  rwgJSevenPointIncomplete,
  rwgJSevenPointSplit,
  rwgJSevenPointUnanimous,
} from "./fixtures/r-reference";

describe("uniformNullVariance", () => {
  it("is (A² − 1)/12", () => {
    expect(uniformNullVariance(7)).toBe(4);
    expect(uniformNullVariance(5)).toBe(2);
    expect(uniformNullVariance(11)).toBe(10);
    expect(() => uniformNullVariance(1)).toThrow("uniformNullVariance requires a whole number of at least two response options");
    expect(() => uniformNullVariance(4.5)).toThrow("uniformNullVariance requires a whole number of at least two response options");
  });
});

describe("rwgJ (R's multilevel::rwg.j)", () => {
  const leadership = [
    ["14", lq2002LeadershipCompany14, rwgJLq2002Company14],
    ["17", lq2002LeadershipCompany17, rwgJLq2002Company17],
    ["37", lq2002LeadershipCompany37, rwgJLq2002Company37],
    ["6", lq2002LeadershipCompany6, rwgJLq2002Company6],
    ["9", lq2002LeadershipCompany9, rwgJLq2002Company9],
  ] as const;
  it.each(leadership)("matches rwg.j(..., ranvar = 2) on the 11 lq2002 leadership items of company %s", (_, rows, expected) => {
    const result = rwgJ(rows, 5);
    expectClose(result.rwgJ, expected.rwgJ);
    expect(result.n).toBe(expected.n);
    expect(result.items).toBe(11);
    expect(result.expectedVariance).toBe(2);
  });

  it("matches rwg.j with three items", () => {
    const rows = lq2002LeadershipCompany14.map((row) => row.slice(0, 3));
    expectClose(rwgJ(rows, 5).rwgJ, rwgJLq2002Company14ThreeItems.rwgJ);
  });

  const sevenPoint = [
    ["agreeing", sevenPointAgree, rwgJSevenPointAgree],
    ["split (s̄² > 4, capped to 0)", sevenPointSplit, rwgJSevenPointSplit],
    ["unanimous", sevenPointUnanimous, rwgJSevenPointUnanimous],
    ["with an incomplete row (dropped)", sevenPointIncomplete, rwgJSevenPointIncomplete],
  ] as const;
  it.each(sevenPoint)("matches rwg.j(..., ranvar = 4) for a 7-point team: %s", (_, rows, expected) => {
    const result = rwgJ(rows, 7);
    expectClose(result.rwgJ, expected.rwgJ);
    expect(result.n).toBe(expected.n);
  });

  it("caps the mean item variance at the null variance instead of going negative", () => {
    // Items' variances 12, 12, 12 on 1/7 splits: s̄² = 12 > 4; the raw formula would give 3(1 − 3)/(3(1 − 3) + 3) = 2.
    const result = rwgJ(sevenPointSplit, 7);
    expect(result.meanItemVariance).toBeGreaterThan(4);
    expect(result.rwgJ).toBe(0);
  });

  it("agrees with a hand computation", () => {
    // Items (6,5,6,7,6), (5,5,6,6,7), (6,6,5,7,6): variances 0.5, 0.7, 0.5 → s̄² = 0.5667, ratio 0.141667;
    // rwg(j) = 3 · 0.858333 / (3 · 0.858333 + 0.141667) = 2.575 / 2.716667 = 0.947853.
    const result = rwgJ(sevenPointAgree, 7);
    expect(result.meanItemVariance).toBeCloseTo(0.5666667, 6);
    expect(result.rwgJ).toBeCloseTo(0.947853, 6);
  });

  it("needs two complete responses", () => {
    expect(() => rwgJ([[1, 2, 3]], 7)).toThrow("rwgJ requires at least two complete responses");
    expect(() =>
      rwgJ(
        [
          [1, 2, 3],
          [null, 2, 3],
        ],
        7,
      ),
    ).toThrow("rwgJ requires at least two complete responses");
    expect(() => rwgJ([], 7)).toThrow("rwgJ requires at least one item");
  });
});
