import { describe, expect, it } from "vitest";
import { expectAllClose, expectClose } from "./statistics/fixtures/expect-close";
import {
  pretrendDiverging,
  pretrendDivergingPanel,
  pretrendParallel,
  pretrendParallelPanel,
  pretrendQuarters,
  pretrendQuartersPanel,
} from "./statistics/fixtures/r-reference-pretrend";
import { differenceInDifferences, periodMeans, preTrendCheck, type PanelRow } from "./impact";

// The fixtures' panels: period = the index as text; negative indices are before the training.
const asRows = (panel: readonly { team: string; index: number; value: number }[]): PanelRow[] => panel.map((r) => ({ team: r.team, period: String(r.index), value: r.value }));
const isAfter = (period: string) => Number(period) >= 0;
const periodIndex = Number;
const teamsOf = (rows: PanelRow[], prefix: string) => [...new Set(rows.filter((r) => r.team.startsWith(prefix)).map((r) => r.team))];
const check = (panel: readonly { team: string; index: number; value: number }[], extra: Partial<Parameters<typeof preTrendCheck>[0]> = {}) => {
  const rows = asRows(panel);
  return preTrendCheck({ rows, treated: teamsOf(rows, "t"), control: teamsOf(rows, "c"), isAfter, periodIndex, label: "psychological safety", unit: "wave", ...extra });
};

describe("pre-trend check (ADR 025): per-team slopes before the training, Welch's t-test as R's t.test", () => {
  it.each([
    ["three waves, one team hidden in one of them, parallel", pretrendParallelPanel, pretrendParallel, "parallel"],
    ["three waves, the trained teams already rising", pretrendDivergingPanel, pretrendDiverging, "not-parallel"],
    ["two quarters (slope = the change)", pretrendQuartersPanel, pretrendQuarters, "parallel"],
  ] as const)("matches R on %s", (_, panel, expected, verdict) => {
    const result = check(panel);
    expect(result.verdict).toBe(verdict);
    expect(result.trainedTeams).toBe(expected.trainedSlopes.length);
    expect(result.controlTeams).toBe(expected.comparisonSlopes.length);
    expectClose(result.trainedSlope, expected.trainedMean);
    expectClose(result.controlSlope, expected.comparisonMean);
    expectClose(result.difference, expected.diff);
    expectClose(result.df, expected.df);
    expectClose(result.p, expected.p);
    expectClose(result.ciLow, expected.ciLow);
    expectClose(result.ciHigh, expected.ciHigh);
  });

  it("says in plain words when the groups were not parallel, with both slopes, the interval, p and n teams", () => {
    const result = check(pretrendDivergingPanel);
    // R: slopes 0.150 vs 0.0067 a wave, difference 0.143 (0.104 to 0.183), p = 0.0029.
    expect(result.text).toBe(
      "Before the training, trained teams' psychological safety was already rising faster than the comparison teams' (+0.150 vs +0.007 a wave; difference +0.143, 95% interval +0.104 to +0.183, p = 0.003; 3 trained and 3 comparison teams): the estimate may reflect that, not the training.",
    );
    expect(result.periodsBefore).toBe(3);
  });

  it("says when they moved in parallel, which the estimate assumes, and that a check on few teams can miss a gap", () => {
    const result = check(pretrendParallelPanel);
    expect(result.text).toBe(
      "Before the training the two groups' psychological safety moved in parallel (+0.045 vs +0.054 a wave; difference −0.009, 95% interval −0.040 to +0.023, p = 0.50; 3 trained and 4 comparison teams), which the estimate assumes. With few teams this check can miss a gap as large as its interval.",
    );
    const quarters = check(pretrendQuartersPanel, { unit: "quarter", label: "win rate", format: (v) => `${v > 0 ? "+" : ""}${Math.round(v * 100)} points` });
    expect(quarters.text).toMatch(
      /^Before the training the two groups' win rate moved in parallel \(\+3 points vs -1 points a quarter; difference \+4 points, 95% interval -4 points to \+12 points, p = 0\.23; 3 trained and 4 comparison teams\)/,
    );
  });

  it("words the direction by the signs of both slopes", () => {
    const rows: PanelRow[] = [];
    const team = (name: string, slope: number, noise: number) =>
      [-3, -2, -1, 0].forEach((i) => rows.push({ team: name, period: String(i), value: 4 + slope * i + (i === -2 ? noise : 0) }));
    team("t1", -0.2, 0.01);
    team("t2", -0.22, -0.01);
    team("c1", 0.1, 0.01);
    team("c2", 0.12, -0.01);
    const falling = preTrendCheck({ rows, treated: ["t1", "t2"], control: ["c1", "c2"], isAfter, periodIndex, label: "forecast pressure", unit: "wave" });
    expect(falling.verdict).toBe("not-parallel");
    expect(falling.text).toMatch(/^Before the training, trained teams' forecast pressure was already falling while the comparison teams' was rising \(−0\.210 vs \+0\.110 a wave/);
  });

  it("says there is not enough data before the training with one period, too few teams or constant values, never NaN", () => {
    const rows = asRows(pretrendParallelPanel);
    const t = teamsOf(rows, "t");
    const c = teamsOf(rows, "c");
    const onePeriod = preTrendCheck({
      rows: rows.filter((r) => Number(r.period) >= -1),
      treated: t,
      control: c,
      isAfter,
      periodIndex,
      label: "psychological safety",
      unit: "wave",
    });
    expect(onePeriod).toMatchObject({ verdict: "too-little-data", trainedTeams: 0, controlTeams: 0, difference: null, p: null, ciLow: null, trainedSlope: null });
    expect(onePeriod.text).toBe(
      "Not enough data before the training to check that the trained and comparison teams' psychological safety moved in parallel: 0 trained and 0 comparison teams have results in at least 2 waves before it; at least 2 of each are needed.",
    );
    const oneTrained = preTrendCheck({ rows, treated: ["t1"], control: c, isAfter, periodIndex, label: "psychological safety", unit: "wave" });
    expect(oneTrained).toMatchObject({ verdict: "too-little-data", trainedTeams: 1, controlTeams: 4, p: null });
    expectClose(oneTrained.trainedSlope, pretrendParallel.trainedSlopes[0]!);
    // A team with results only before the training is not in the estimate, so not in the check either.
    const noAfter = preTrendCheck({
      rows: rows.filter((r) => !(r.team === "t2" && isAfter(r.period))),
      treated: ["t1", "t2"],
      control: c,
      isAfter,
      periodIndex,
      label: "x",
      unit: "wave",
    });
    expect(noAfter.trainedTeams).toBe(1);
    const constant = preTrendCheck({ rows: rows.map((r) => ({ ...r, value: 4 })), treated: t, control: c, isAfter, periodIndex, label: "collaboration", unit: "wave" });
    expect(constant).toMatchObject({ verdict: "too-little-data", difference: null, p: null, trainedSlope: 0, controlSlope: 0 });
    expect(constant.text).toMatch(/every team's collaboration moved by exactly the same amount each wave, so there is no spread to judge by\.$/);
    // The same steady step everywhere (slopes equal up to rounding) is no spread either.
    const steady = preTrendCheck({
      rows: rows.map((r) => ({ ...r, value: 3 + 0.1 * Number(r.period) })),
      treated: t,
      control: c,
      isAfter,
      periodIndex,
      label: "collaboration",
      unit: "wave",
    });
    expect(steady.verdict).toBe("too-little-data");
    for (const result of [onePeriod, oneTrained, noAfter, constant, steady]) expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);
    const empty = preTrendCheck({ rows: [], treated: [], control: [], isAfter, periodIndex, label: "x", unit: "quarter" });
    expect(empty).toMatchObject({ verdict: "too-little-data", trainedTeams: 0, periodsBefore: 0 });
  });

  it("checks the teams the estimate uses", () => {
    const rows = asRows(pretrendDivergingPanel);
    const did = differenceInDifferences({ rows, treated: teamsOf(rows, "t"), control: teamsOf(rows, "c"), isAfter, higherIsBetter: true, label: "psychological safety" });
    const pre = check(pretrendDivergingPanel);
    expect([pre.trainedTeams, pre.controlTeams]).toEqual([did.treatedTeams, did.controlTeams]);
  });
});

describe("period means for the chart", () => {
  it("gives each group's mean per period, in order, with n teams and an interval", () => {
    const rows = asRows(pretrendParallelPanel);
    const means = periodMeans({ rows, treated: teamsOf(rows, "t"), control: teamsOf(rows, "c"), isAfter, periodIndex });
    expect(means.map((m) => m.index)).toEqual([-3, -2, -1, 0, 1, 2]);
    expect(means.map((m) => m.after)).toEqual([false, false, false, true, true, true]);
    const first = means[0]!;
    // Trained at −3: 4.10, 3.80, 4.40 → 4.10; comparison: 4.20, 3.90, 4.50, 5.10 → 4.425.
    expectClose(first.trained!.mean, 4.1);
    expectClose(first.control!.mean, 4.425);
    expect([first.trained!.n, first.control!.n]).toEqual([3, 4]);
    // c4 is hidden at −2: three comparison teams.
    expect(means[1]!.control!.n).toBe(3);
    expectAllClose([means[1]!.control!.mean], [(4.31 + 3.92 + 4.44) / 3]);
    expect(first.trained!.ciLow).toBeLessThan(4.1);
    const withOneTeam = periodMeans({ rows, treated: ["t1"], control: ["c4"], isAfter, periodIndex });
    expect(withOneTeam.find((m) => m.index === -2)).toMatchObject({ trained: { n: 1, ciLow: null }, control: null });
  });
});
