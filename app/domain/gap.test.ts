import { describe, expect, it } from "vitest";
import { computeGap, readGap, type GapItem } from "./gap";

// Hand computation for the team below (dimension "ps": items A, and B reverse-keyed):
//   raw A = 4,5,4,5,4; raw B = 4,3,4,3,4 → scored B = 8 − B = 4,5,4,5,4.
//   Scale scores = 4,5,4,5,4: mean 4.4; deviations −.4,.6,−.4,.6,−.4; Σd² = 1.2; variance 1.2/4 = 0.3;
//   sd = 0.5477226; se = sd/√5 = 0.2449490; t(0.975, 4) = 2.7764451; half-width = 0.6800874;
//   95% interval [3.7199126, 5.0800874].
//   Manager: A = 7, B = 1 → scored 7 and 7 → scale 7 → gap 7 − 4.4 = 2.6, outside the interval.
const items: GapItem[] = [
  { code: "A", dimensionKey: "ps", reverseKeyed: false, text: "A text", managerText: "A mirrored" },
  { code: "B", dimensionKey: "ps", reverseKeyed: true, text: "B text", managerText: "B mirrored" },
  { code: "F", dimensionKey: "fp", reverseKeyed: false, text: "F text", managerText: "F mirrored" },
];
const responses = [
  { A: 4, B: 4, F: 5 },
  { A: 5, B: 3, F: 6 },
  { A: 4, B: 4, F: 5 },
  { A: 5, B: 3, F: 6 },
  { A: 4, B: 4, F: 5 },
];
const dimensions = [
  { key: "ps", name: "Psychological safety", higherIsBetter: true },
  { key: "fp", name: "Forecast pressure", higherIsBetter: false },
];

describe("perception gap", () => {
  it("computes the gap and the team mean's 95% interval, and calls a clear favourable gap a blind spot", () => {
    const result = computeGap({ dimensions, items, responses, manager: { A: 7, B: 1, F: 2 }, minGroupSize: 5 });
    if (result.status !== "shown") throw new Error(result.reason);
    const ps = result.dimensions.find((d) => d.key === "ps")!;
    expect(ps.n).toBe(5);
    expect(ps.teamMean).toBeCloseTo(4.4, 10);
    expect(ps.ciLow).toBeCloseTo(3.7199126, 6);
    expect(ps.ciHigh).toBeCloseTo(5.0800874, 6);
    expect(ps.managerScore).toBe(7);
    expect(ps.gap).toBeCloseTo(2.6, 10);
    expect(ps.reading).toBe("blind-spot");
    // Forecast pressure, higher = worse: F team mean 5.4 (interval 5.4 ± 0.6800874); the manager sees 2,
    // less pressure than the team feels: that is the blind spot for this dimension.
    const fp = result.dimensions.find((d) => d.key === "fp")!;
    expect(fp.teamMean).toBeCloseTo(5.4, 10);
    expect(fp.gap).toBeCloseTo(-3.4, 10);
    expect(fp.reading).toBe("blind-spot");
    // F: |−3.4|; A and B both 2.6, kept in item order.
    expect(result.blindSpots.map((r) => r.key)).toEqual(["F", "A", "B"]);
    expect(result.hiddenStrengths).toEqual([]);
  });

  it("reads a gap inside the interval as no clear gap, and the other way round as a hidden strength", () => {
    expect(readGap(4.9, 4.4, 3.72, 5.08, true)).toBe("no-clear-gap");
    expect(readGap(3.0, 4.4, 3.72, 5.08, true)).toBe("hidden-strength");
    expect(readGap(6.5, 4.4, 3.72, 5.08, false)).toBe("hidden-strength");
    expect(readGap(null, 4.4, 3.72, 5.08, true)).toBe("no-manager-answer");
    expect(readGap(7, 4.4, null, null, true)).toBe("no-clear-gap");
  });

  it("shows no gap for a team below the minimum reporting group, and says why", () => {
    const result = computeGap({ dimensions, items, responses: responses.slice(0, 4), manager: { A: 7, B: 1, F: 2 }, minGroupSize: 5 });
    expect(result).toEqual({
      status: "hidden",
      reason: "Fewer than 5 people of this team answered, so its results stay hidden to protect their anonymity.",
    });
  });

  it("leaves out items answered by fewer people than the threshold", () => {
    const sparse = responses.map((r, i) => (i < 2 ? r : { A: r.A, B: r.B }));
    const result = computeGap({ dimensions, items, responses: sparse, manager: null, minGroupSize: 5 });
    if (result.status !== "shown") throw new Error("hidden");
    expect(result.items.map((r) => r.key)).toEqual(["A", "B"]);
    expect(result.hiddenItems).toBe(1);
    expect(result.dimensions.map((d) => d.key)).toEqual(["ps"]);
    expect(result.dimensions[0]!.reading).toBe("no-manager-answer");
  });
});
