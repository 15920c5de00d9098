import { describe, expect, it } from "vitest";
import { scaleScore, scoreItem } from "./scoring";

describe("scoring", () => {
  it("reverse-codes as 8 − x", () => {
    expect([1, 4, 7].map((v) => scoreItem(v, true))).toEqual([7, 4, 1]);
    expect(scoreItem(3, false)).toBe(3);
  });

  it("averages the answered items when at least half are answered", () => {
    expect(scaleScore([5, 7, null, 6], 4)).toBe(6);
    expect(scaleScore([5, null, null, null], 4)).toBeNull();
    expect(scaleScore([5, 6, null, null], 4)).toBe(5.5);
    expect(scaleScore([4, null, null, null, null, null, 2], 7)).toBeNull();
    expect(scaleScore([4, 3, 2, null, null, null, null], 7)).toBeNull();
    expect(scaleScore([4, 3, 2, 1, null, null, null], 7)).toBe(2.5);
    expect(scaleScore([], 0)).toBeNull();
  });
});
