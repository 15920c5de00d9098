import { describe, expect, it } from "vitest";
import { computeGap, readGap, type GapItem, type TeamCell } from "./gap";

// The team's side comes from the results engine's cells. Hand computation of the cells used here
// (dimension "ps": items A, and B reverse-keyed; dimension "fp": item F):
//   raw A = 4,5,4,5,4; raw B = 4,3,4,3,4 → scored B = 8 − B = 4,5,4,5,4.
//   Scale scores = 4,5,4,5,4: mean 4.4; deviations −.4,.6,−.4,.6,−.4; Σd² = 1.2; variance 1.2/4 = 0.3;
//   sd = 0.5477226; se = sd/√5 = 0.2449490; t(0.975, 4) = 2.7764451; half-width = 0.6800874;
//   95% interval [3.7199126, 5.0800874]. F = 5,6,5,6,5: mean 5.4, the same half-width.
//   Manager: A = 7, B = 1 → scored 7 and 7 → scale 7 → gap 7 − 4.4 = 2.6, outside the interval.
const items: GapItem[] = [
  { code: "A", dimensionKey: "ps", reverseKeyed: false, text: "A text", managerText: "A mirrored" },
  { code: "B", dimensionKey: "ps", reverseKeyed: true, text: "B text", managerText: "B mirrored" },
  { code: "F", dimensionKey: "fp", reverseKeyed: false, text: "F text", managerText: "F mirrored" },
];
const HALF = 0.6800874;
const cell = (mean: number, n = 5): TeamCell => ({ n, mean, ciLow: mean - HALF, ciHigh: mean + HALF });
const team = {
  n: 5,
  dimensions: new Map([
    ["ps", cell(4.4)],
    ["fp", cell(5.4)],
  ]),
  items: new Map([
    ["A", cell(4.4)],
    ["B", cell(4.4)],
    ["F", cell(5.4)],
  ]),
};
const dimensions = [
  { key: "ps", name: "Psychological safety", higherIsBetter: true },
  { key: "fp", name: "Forecast pressure", higherIsBetter: false },
];
const asked = new Map([
  ["ps", 2],
  ["fp", 1],
]);

describe("perception gap", () => {
  it("computes the gap against the team's cell and its 95% interval, and calls a clear favourable gap a blind spot", () => {
    const result = computeGap({ dimensions, items, dimensionItemCounts: asked, team, manager: { A: 7, B: 1, F: 2 } });
    const ps = result.dimensions.find((d) => d.key === "ps")!;
    expect(result.n).toBe(5);
    expect(ps.n).toBe(5);
    expect(ps.teamMean).toBeCloseTo(4.4, 10);
    expect(ps.ciLow).toBeCloseTo(3.7199126, 6);
    expect(ps.ciHigh).toBeCloseTo(5.0800874, 6);
    expect(ps.managerScore).toBe(7);
    expect(ps.gap).toBeCloseTo(2.6, 10);
    expect(ps.reading).toBe("blind-spot");
    // Forecast pressure, higher = worse: the manager sees 2, less pressure than the team feels (5.4):
    // that is the blind spot for this dimension.
    const fp = result.dimensions.find((d) => d.key === "fp")!;
    expect(fp.teamMean).toBeCloseTo(5.4, 10);
    expect(fp.gap).toBeCloseTo(-3.4, 10);
    expect(fp.reading).toBe("blind-spot");
    // F: |−3.4|; A and B both 2.6, kept in item order.
    expect(result.blindSpots.map((r) => r.key)).toEqual(["F", "A", "B"]);
    expect(result.hiddenStrengths).toEqual([]);
    // Each item row says whether it was turned round, so the page can show agreement with its wording.
    expect(result.items.map((r) => [r.key, r.reverseKeyed])).toEqual([
      ["A", false],
      ["B", true],
      ["F", false],
    ]);
    expect(ps.reverseKeyed).toBe(false);
    expect(result).toMatchObject({ hiddenItems: 0, teamOnlyItems: 0 });
  });

  it("reads a gap inside the interval as no clear gap, and the other way round as a hidden strength", () => {
    expect(readGap(4.9, 4.4, 3.72, 5.08, true)).toBe("no-clear-gap");
    expect(readGap(3.0, 4.4, 3.72, 5.08, true)).toBe("hidden-strength");
    expect(readGap(6.5, 4.4, 3.72, 5.08, false)).toBe("hidden-strength");
    expect(readGap(null, 4.4, 3.72, 5.08, true)).toBe("no-manager-answer");
    expect(readGap(7, 4.4, null, null, true)).toBe("no-clear-gap");
  });

  it("shows only the cells the engine showed: a hidden dimension or item cell leaves its row out", () => {
    const sparse = { n: 5, dimensions: new Map([["ps", cell(4.4)]]), items: new Map([["A", cell(4.4)]]) };
    const result = computeGap({ dimensions, items, dimensionItemCounts: asked, team: sparse, manager: null });
    expect(result.dimensions.map((d) => d.key)).toEqual(["ps"]);
    expect(result.items.map((r) => r.key)).toEqual(["A"]);
    expect(result.hiddenItems).toBe(2);
    expect(result.dimensions[0]!.reading).toBe("no-manager-answer");
  });

  it("counts items without a manager version as unanswered for the manager's scale score, as for a rep's", () => {
    // The wave asked three ps items (A, B and a custom one): A and B are two of three, enough for a score.
    const three = computeGap({ dimensions, items, dimensionItemCounts: new Map([...asked, ["ps", 3]]), team, manager: { A: 7, B: 1, F: 2 } });
    expect(three.dimensions.find((d) => d.key === "ps")).toMatchObject({ managerScore: 7, teamMean: 4.4 });
    expect(three.teamOnlyItems).toBe(1);
    // Five ps items, two with a manager version: under half, so no manager score on ps.
    const five = computeGap({ dimensions, items, dimensionItemCounts: new Map([...asked, ["ps", 5]]), team, manager: { A: 7, B: 1, F: 2 } });
    expect(five.dimensions.find((d) => d.key === "ps")).toMatchObject({ managerScore: null, gap: null, reading: "no-manager-answer" });
    expect(five.items.find((r) => r.key === "A")!.managerScore).toBe(7);
    expect(five.teamOnlyItems).toBe(3);
  });
});
