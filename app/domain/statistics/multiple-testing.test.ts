import { describe, expect, it } from "vitest";
import { expectAllClose } from "./fixtures/expect-close";
import { bhPaper, bhTies } from "./fixtures/r-reference";
import { benjaminiHochberg, benjaminiHochbergRejections } from "./multiple-testing";

describe("Benjamini–Hochberg", () => {
  it('matches R\'s p.adjust(p, "BH") on the 15 p-values of Benjamini & Hochberg (1995)', () => {
    expectAllClose(benjaminiHochberg(bhPaper.p), bhPaper.adjusted, 1e-12);
    expect(benjaminiHochbergRejections(bhPaper.p, 0.05)).toBe(4);
    expect(bhPaper.rejectionsAt05).toBe(4);
  });

  it("returns adjusted values in the input order, with ties and unsorted input", () => {
    expectAllClose(benjaminiHochberg(bhTies.p), bhTies.adjusted, 1e-12);
    expect(benjaminiHochbergRejections(bhTies.p)).toBe(bhTies.rejectionsAt05);
    const reversed = [...bhPaper.p].reverse();
    expectAllClose(benjaminiHochberg(reversed), [...bhPaper.adjusted].reverse(), 1e-12);
  });

  it("caps at 1 and handles an empty family", () => {
    expect(benjaminiHochberg([0.9, 0.95])).toEqual([0.95, 0.95]);
    expect(benjaminiHochberg([1, 1, 0.7])).toEqual([1, 1, 1]);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(benjaminiHochbergRejections([])).toBe(0);
  });

  it("rejects values that are not probabilities", () => {
    expect(() => benjaminiHochberg([0.1, 1.2])).toThrow("benjaminiHochberg requires p-values between 0 and 1");
    expect(() => benjaminiHochberg([Number.NaN])).toThrow("benjaminiHochberg requires p-values between 0 and 1");
    expect(() => benjaminiHochbergRejections([0.1], 0)).toThrow("benjaminiHochbergRejections requires q between 0 and 1");
  });
});
