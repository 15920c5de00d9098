import { describe, expect, it } from "vitest";
import { differenceInDifferences, similarTeams, type PanelRow } from "./impact";
import { studentTQuantile } from "./statistics";

// A hand-made panel: two waves before the training (w1, w2) and two after (w3, w4).
// Trained teams change by 1.0, 0.8 and 0.6; comparison teams by 0.1, −0.1, 0.3 and 0.1.
const panel = (team: string, before: number, change: number): PanelRow[] => [
  { team, period: "w1", value: before - 0.1 },
  { team, period: "w2", value: before + 0.1 },
  { team, period: "w3", value: before + change - 0.2 },
  { team, period: "w4", value: before + change + 0.2 },
];
const rows = [
  ...panel("t1", 4.0, 1.0),
  ...panel("t2", 3.8, 0.8),
  ...panel("t3", 4.4, 0.6),
  ...panel("c1", 4.1, 0.1),
  ...panel("c2", 3.9, -0.1),
  ...panel("c3", 4.5, 0.3),
  ...panel("c4", 5.5, 0.1),
];
const isAfter = (period: string) => period >= "w3";

describe("difference-in-differences", () => {
  it("estimates the trained teams' extra change with Welch's interval (known values)", () => {
    const result = differenceInDifferences({ rows, treated: ["t1", "t2", "t3"], control: ["c1", "c2", "c3", "c4"], isAfter, higherIsBetter: true, label: "psychological safety" });
    // Changes: treated mean 0.8, variance 0.04; comparison mean 0.1, variance 0.08/3.
    // se² = 0.04/3 + (0.08/3)/4 = 1/50; df = (1/50)² / ((1/75)²/2 + (1/150)²/3) = 27/7.
    expect(result.estimate).toBeCloseTo(0.7, 12);
    expect(result.df).toBeCloseTo(27 / 7, 12);
    const half = studentTQuantile(0.975, 27 / 7) * Math.sqrt(1 / 50);
    expect(result.ciLow).toBeCloseTo(0.7 - half, 12);
    expect(result.ciHigh).toBeCloseTo(0.7 + half, 12);
    // qt(0.975, 27/7) ≈ 2.81, so the interval is about 0.30 to 1.10: clearly above zero.
    expect(result.ciLow!).toBeGreaterThan(0.29);
    expect(result.ciLow!).toBeLessThan(0.31);
    expect(result).toMatchObject({ verdict: "improved", treatedTeams: 3, controlTeams: 4 });
    expect(result.treatedBefore).toBeCloseTo(4.066667, 5);
    expect(result.treatedAfter).toBeCloseTo(4.866667, 5);
    expect(result.text).toMatch(
      /^Psychological safety improved in the trained managers' teams: \+0\.7 relative to similar untrained teams \(95% interval \+0\.3 to \+1\.1, 3 trained and 4 comparison teams\)/,
    );
  });

  it("reads a fall as better where lower is better, and says when the interval includes no change", () => {
    const falling = differenceInDifferences({
      rows: rows.map((r) => ({ ...r, value: -r.value })),
      treated: ["t1", "t2", "t3"],
      control: ["c1", "c2", "c3", "c4"],
      isAfter,
      higherIsBetter: false,
      label: "forecast pressure",
    });
    expect(falling.verdict).toBe("improved");
    expect(falling.estimate).toBeCloseTo(-0.7, 12);
    const unclear = differenceInDifferences({ rows, treated: ["t1", "c2"], control: ["c1", "t3"], isAfter, higherIsBetter: true, label: "collaboration" });
    expect(unclear.verdict).toBe("no-clear-difference");
    expect(unclear.text).toMatch(/^No clear difference in collaboration/);
  });

  it("says there is too little data with fewer than two teams on a side, or teams without both sides", () => {
    const one = differenceInDifferences({ rows, treated: ["t1"], control: ["c1", "c2"], isAfter, higherIsBetter: true, label: "win rate" });
    expect(one).toMatchObject({ verdict: "too-little-data", estimate: null, ciLow: null });
    expect(one.text).toBe("Too little data to tell for win rate: 1 trained and 2 comparison teams have results both before and after; at least 2 of each are needed.");
    const onlyBefore = differenceInDifferences({
      rows: rows.filter((r) => !(r.team === "t2" && isAfter(r.period))),
      treated: ["t1", "t2"],
      control: ["c1", "c2"],
      isAfter,
      higherIsBetter: true,
      label: "x",
    });
    expect(onlyBefore.treatedTeams).toBe(1);
    expect(onlyBefore.verdict).toBe("too-little-data");
  });

  it("picks the untrained teams closest before the training", () => {
    // Before: t1 4.0, t2 3.8, t3 4.4; c1 4.1, c2 3.9, c3 4.5, c4 5.5.
    expect(similarTeams(rows, ["t1"], ["c1", "c2", "c3", "c4"], isAfter)).toEqual(["c1", "c2"]);
    expect(similarTeams(rows, ["t1", "t2", "t3"], ["c1", "c2", "c3", "c4"], isAfter, 1)).toEqual(["c1", "c2", "c3"]);
  });
});
