import { describe, expect, it } from "vitest";
import { correlateCultureWithOutcomes, reliabilityByPeriod, shiftPeriod, teamPeriodScores, type TeamPeriodScore, type WaveScoreCell } from "./culture-outcomes";
import { iccFromMoments, momentsOf } from "./moments";
import { carsDist, carsSpeed, mtcarsMpg, mtcarsWt } from "./statistics/fixtures/r-datasets";
import { expectClose } from "./statistics/fixtures/expect-close";
import { pearsonCars4, pearsonMtcarsMpgWt, spearmanMtcarsMpgWt } from "./statistics/fixtures/r-reference";
import {
  cars4SingletonCr2,
  mtcarsSingletonCr2,
  orgPanelBetween,
  orgPanelCr2,
  orgPanelNaive,
  orgPanelOutcome,
  orgPanelRmcorr,
  orgPanelScore,
  orgPanelTeam,
  singletonBh,
} from "./statistics/fixtures/r-reference-clustered";

const score = (team: string, period: string, dimension: string, mean: number, suppressed = false): TeamPeriodScore => ({
  team,
  period,
  dimension,
  suppressed,
  n: suppressed ? null : 6,
  mean: suppressed ? null : mean,
  sd: null,
  ciLow: null,
  ciHigh: null,
  alpha: null,
  rwgJ: null,
  moments: null,
});

describe("culture ↔ outcome correlations", () => {
  // 32 teams whose safety score is mtcars' mpg and whose win rate is its wt: R's cor.test numbers.
  const mtcarsScores = mtcarsMpg.map((mpg, i) => score(`t${i}`, "2026-01-01", "safety", mpg));
  const mtcarsMetrics = mtcarsWt.map((wt, i) => ({ team: `t${i}`, period: "2026-01-01", winRate: wt }));

  it("with one period per team: between-team r is R's cor.test, and p is the slope's CR2 test with singleton clusters", () => {
    const rows = correlateCultureWithOutcomes({ scores: mtcarsScores, metrics: mtcarsMetrics, metricKeys: ["winRate"], dimensions: ["safety"], lags: [0], kind: "quarter" });
    const pooled = rows.find((r) => r.scope === "pooled")!;
    expect(pooled).toMatchObject({ nPairs: 32, nTeams: 32, betweenN: 32, withinR: null, inference: "confirmatory" });
    expectClose(pooled.r, pearsonMtcarsMpgWt.r);
    expectClose(pooled.betweenR, pearsonMtcarsMpgWt.r);
    expectClose(pooled.betweenP, pearsonMtcarsMpgWt.p);
    expectClose(pooled.betweenCiLow, pearsonMtcarsMpgWt.ciLow);
    expectClose(pooled.betweenCiHigh, pearsonMtcarsMpgWt.ciHigh);
    expectClose(pooled.spearmanRho, spearmanMtcarsMpgWt.rho);
    expectClose(pooled.slope, mtcarsSingletonCr2.slope);
    expectClose(pooled.slopeSe, mtcarsSingletonCr2.se);
    expectClose(pooled.slopeDf, mtcarsSingletonCr2.df);
    expectClose(pooled.p, mtcarsSingletonCr2.p);
    expectClose(pooled.slopeCiLow, mtcarsSingletonCr2.ciLow);
    expectClose(pooled.slopeCiHigh, mtcarsSingletonCr2.ciHigh);
    expect(pooled.betweenReading).toMatch(/^Between teams: teams with higher safety tended to have lower winrate in the same period \(a strong relation, r = −0\.87/);
    expect(pooled.withinReading).toMatch(/^Within teams: 32 pairs from 32 teams leave 0 degrees of freedom within teams/);
    expect(pooled.reading).toMatch(/does not show cause/);
    // One period: the per-period row is the same test.
    expect(rows.map((r) => r.scope)).toEqual(["pooled", "2026-01-01"]);
    expectClose(rows[1]!.p, mtcarsSingletonCr2.p);
  });

  it("adjusts the clustered p by Benjamini–Hochberg over every test of the request (R p.adjust 'BH')", () => {
    const cars = carsSpeed.slice(0, 4).map((s, i) => score(`c${i}`, "2026-01-01", "collab", s));
    const carsMetrics = carsDist.slice(0, 4).map((d, i) => ({ team: `c${i}`, period: "2026-01-01", winRate: d }));
    const rows = correlateCultureWithOutcomes({
      scores: [...mtcarsScores, ...cars],
      metrics: [...mtcarsMetrics, ...carsMetrics],
      metricKeys: ["winRate"],
      dimensions: ["safety", "collab"],
      lags: [0],
      kind: "quarter",
    });
    expect(rows).toHaveLength(4);
    const collab = rows.find((r) => r.dimension === "collab" && r.scope === "pooled")!;
    expectClose(collab.r, pearsonCars4.r);
    expectClose(collab.p, cars4SingletonCr2.p);
    expect(collab.inference).toBe("exploratory");
    expect(collab.reading).toMatch(/exploratory/);
    for (const row of rows.filter((r) => r.dimension === "safety")) expectClose(row.pAdjusted, singletonBh.adjusted[0]!);
    for (const row of rows.filter((r) => r.dimension === "collab")) expectClose(row.pAdjusted, singletonBh.adjusted[2]!);
  });

  describe("a 21-team organisation over 8 quarters", () => {
    const quarters = ["2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01", "2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"];
    const panel = orgPanelTeam.map((team, i) => ({ team, period: quarters[i % 8]!, x: orgPanelScore[i]!, y: orgPanelOutcome[i]! }));
    const input = (rows: typeof panel, id: (team: string) => string) => ({
      scores: rows.map((p) => score(id(p.team), p.period, "safety", p.x)),
      metrics: rows.map((p) => ({ team: id(p.team), period: p.period, winRate: p.y })),
      metricKeys: ["winRate"],
      dimensions: ["safety"],
      lags: [0],
      kind: "quarter" as const,
      names: { dimensions: { safety: "Safety" }, metrics: { winRate: "Win rate" } },
      teamOrder: new Map(rows.map((p) => [id(p.team), p.team])),
    });

    it("reports within (R's lm/anova), between (cor.test of team means) and the CR2 slope (clubSandwich), not the naive pooled p", () => {
      const pooled = correlateCultureWithOutcomes(input(panel, (t) => t))[0]!;
      expect(pooled).toMatchObject({ scope: "pooled", nPairs: 168, nTeams: 21, withinDf: orgPanelRmcorr.df, betweenN: 21, inference: "confirmatory" });
      expectClose(pooled.r, orgPanelNaive.r);
      expectClose(pooled.p, orgPanelCr2.p);
      expectClose(pooled.slopeDf, orgPanelCr2.df);
      expectClose(pooled.slopeCiLow, orgPanelCr2.ciLow);
      expectClose(pooled.withinR, orgPanelRmcorr.r);
      expectClose(pooled.withinP, orgPanelRmcorr.p);
      expectClose(pooled.withinCiLow, orgPanelRmcorr.ciLow);
      expectClose(pooled.withinCiHigh, orgPanelRmcorr.ciHigh);
      expectClose(pooled.betweenR, orgPanelBetween.r);
      expectClose(pooled.betweenP, orgPanelBetween.p);
      // The naive test that counted 168 quarters as independent said p = 2e-11; counting teams, 0.02.
      expect(pooled.p! / orgPanelNaive.p).toBeGreaterThan(1e8);
      expect(pooled.betweenReading).toBe(
        "Between teams: teams with higher safety tended to have higher win rate in the same period (a strong relation, r = 0.52, 95% interval 0.11 to 0.78, 21 teams). Markets, segments and managers differ between teams, so this may not be the score's doing.",
      );
      expect(pooled.withinReading).toBe(
        "Within teams: when a team's safety rose, its win rate in the same period tended to rise too (a moderate relation, r = 0.37, 95% interval 0.22 to 0.50, 168 pairs from 21 teams). This is the relation coaching can act on.",
      );
      // The family is the pooled row and the 8 single quarters: 9 tests.
      expect(pooled.pAdjusted!).toBeGreaterThan(0.05);
      expect(pooled.verdictReading).toMatch(
        /^Overall, each point of safety went with higher win rate in the same period; counting each team once rather than each quarter, this could well be chance after adjusting/,
      );
    });

    it("gives identical numbers, to the last digit, whatever the row order and the teams' ids", () => {
      const first = correlateCultureWithOutcomes(input(panel, (t) => `id-${t}`));
      const shuffled = [...panel].reverse().sort((a, b) => (a.period < b.period ? 1 : -1));
      const second = correlateCultureWithOutcomes(input(shuffled, (t) => `other-${t.toLowerCase()}`));
      expect(second).toEqual(first);
    });

    it("computes the full readings only for the rows asked, with the same clustered p and BH for every row", () => {
      const full = correlateCultureWithOutcomes({ ...input(panel, (t) => t), lags: [0, 1] });
      const lean = correlateCultureWithOutcomes({ ...input(panel, (t) => t), lags: [0, 1], detail: (r) => r.lag === 0 && r.scope === "pooled" });
      expect(lean.map((r) => [r.scope, r.lag, r.p, r.pAdjusted, r.slopeDf])).toEqual(full.map((r) => [r.scope, r.lag, r.p, r.pAdjusted, r.slopeDf]));
      expect(lean[0]).toEqual(full[0]);
      const other = lean.find((r) => r.lag === 1 && r.scope === "pooled")!;
      expect(other).toMatchObject({ withinR: null, betweenR: null, r: null });
      expect(other.p).not.toBeNull();
    });

    it("says 'not enough data' in plain words, never NaN: one team, one period per team, constant scores", () => {
      const oneTeam = correlateCultureWithOutcomes(
        input(
          panel.filter((p) => p.team === "T01"),
          (t) => t,
        ),
      )[0]!;
      expect(oneTeam).toMatchObject({ nTeams: 1, p: null, pAdjusted: null, betweenR: null, inference: "none" });
      expect(oneTeam.withinR).not.toBeNull();
      expect(oneTeam.betweenReading).toBe("Between teams: only 1 team, at least 4 are needed.");
      expect(oneTeam.verdictReading).toBe("Only 1 team: at least 4 are needed to judge a relation between teams: too little to say anything.");
      const onePeriod = correlateCultureWithOutcomes(
        input(
          panel.filter((p) => p.period === quarters[0]),
          (t) => t,
        ),
      )[0]!;
      expect(onePeriod).toMatchObject({ nTeams: 21, nPairs: 21, withinR: null });
      expect(onePeriod.withinReading).toMatch(/^Within teams: 21 pairs from 21 teams leave 0 degrees of freedom/);
      expect(onePeriod.p).not.toBeNull();
      const constant = correlateCultureWithOutcomes(
        input(
          panel.map((p) => ({ ...p, x: 4 })),
          (t) => t,
        ),
      )[0]!;
      expect(constant).toMatchObject({ r: null, p: null, withinR: null, betweenR: null, slope: null, inference: "none" });
      expect(constant.withinReading).toMatch(/score never changes within a team/);
      expect(constant.betweenReading).toMatch(/every team has the same average/);
      for (const row of [oneTeam, onePeriod, constant]) for (const value of Object.values(row)) if (typeof value === "number") expect(Number.isFinite(value)).toBe(true);
    });
  });

  it("pairs culture in period t with the metric lag periods later, and leaves out suppressed team-periods", () => {
    const scores = [
      score("a", "2026-01-01", "safety", 5),
      score("b", "2026-01-01", "safety", 4),
      score("c", "2026-01-01", "safety", 3),
      score("d", "2026-01-01", "safety", 2),
      score("e", "2026-01-01", "safety", 0, true),
    ];
    const metrics = [
      ...["a", "b", "c", "d", "e"].map((team, i) => ({ team, period: "2026-01-01", winRate: i % 2 })),
      { team: "a", period: "2026-04-01", winRate: 0.8 },
      { team: "b", period: "2026-04-01", winRate: 0.6 },
      { team: "c", period: "2026-04-01", winRate: 0.5 },
      { team: "d", period: "2026-04-01", winRate: 0.1 },
      { team: "e", period: "2026-04-01", winRate: 0.99 },
    ];
    const rows = correlateCultureWithOutcomes({ scores, metrics, metricKeys: ["winRate"], dimensions: ["safety"], lags: [1], kind: "quarter" });
    const pooled = rows.find((r) => r.scope === "pooled")!;
    expect(pooled.nPairs).toBe(4);
    // cor(c(5,4,3,2), c(0.8,0.6,0.5,0.1)): Sxy = 1.1, Sxx = 5, Syy = 0.26 → r = 0.9647638
    expectClose(pooled.r, 1.1 / Math.sqrt(5 * 0.26));
    expect(pooled.reading).toMatch(/1 period later/);
  });

  it("draws no inference below four pairs and none from a constant side", () => {
    const scores = ["a", "b", "c"].map((t, i) => score(t, "2026-01-01", "safety", i));
    const metrics = ["a", "b", "c"].map((t, i) => ({ team: t, period: "2026-01-01", winRate: i }));
    const rows = correlateCultureWithOutcomes({ scores, metrics, metricKeys: ["winRate"], dimensions: ["safety"], lags: [0], kind: "month" });
    expect(rows[0]).toMatchObject({ nPairs: 3, nTeams: 3, inference: "none", p: null, pAdjusted: null });
    expect(rows[0]!.reading).toMatch(/Only 3 teams: at least 4 are needed/);
    const flat = ["a", "b", "c", "d", "e"].map((t) => ({ team: t, period: "2026-01-01", winRate: 0.5 }));
    const more = ["a", "b", "c", "d", "e"].map((t, i) => score(t, "2026-01-01", "safety", i));
    expect(correlateCultureWithOutcomes({ scores: more, metrics: flat, metricKeys: ["winRate"], dimensions: ["safety"], lags: [0], kind: "month" })[0]).toMatchObject({
      nPairs: 5,
      r: null,
    });
  });

  it("shifts periods by months or quarters", () => {
    expect(shiftPeriod("2026-11-01", "month", 2)).toBe("2027-01-01");
    expect(shiftPeriod("2026-02-01", "fiscal-quarter", 1)).toBe("2026-05-01");
    expect(shiftPeriod("2026-10-01", "quarter", 3)).toBe("2027-07-01");
  });
});

describe("team-period scores from wave cells", () => {
  const cell = (waveId: string, values: number[], shown = true, alpha: number | null = 0.8): WaveScoreCell => {
    const m = momentsOf(values);
    return { waveId, team: "t", dimension: "safety", shown, n: m.n, sum: m.sum, sumsq: m.sumsq, alpha, rwgJ: 0.5 };
  };
  const periods = new Map([
    ["w1", "2026-01-01"],
    ["w2", "2026-01-01"],
    ["w3", "2026-04-01"],
  ]);

  it("pools the waves of a period as if every answer were in one group", () => {
    const [q1] = teamPeriodScores([cell("w1", [5, 6, 4, 5, 7]), cell("w2", [3, 4, 5, 6, 5], true, 0.6)], periods);
    // mean(c(5,6,4,5,7,3,4,5,6,5)) = 5; sd = sqrt(12/9); interval 5 ± qt(0.975, 9)·sd/√10, qt = 2.262157162798205
    expect(q1).toMatchObject({ period: "2026-01-01", n: 10, mean: 5, suppressed: false });
    expectClose(q1!.sd, 1.15470053837925);
    expectClose(q1!.ciLow, 5 - (2.262157162798205 * Math.sqrt(12 / 9)) / Math.sqrt(10));
    expectClose(q1!.alpha, 0.7);
  });

  it("hides the whole period when any of its waves was hidden", () => {
    const rows = teamPeriodScores([cell("w1", [5, 6, 4, 5, 7]), { ...cell("w2", [1, 1]), shown: false, sum: null, sumsq: null }, cell("w3", [4, 4, 5, 5, 6])], periods);
    expect(rows.find((r) => r.period === "2026-01-01")).toMatchObject({ suppressed: true, n: null, mean: null, moments: null });
    expect(rows.find((r) => r.period === "2026-04-01")).toMatchObject({ suppressed: false, n: 5 });
  });

  it("computes ICCs over shown team-periods only", () => {
    const make = (team: string, values: number[], suppressed = false): TeamPeriodScore => ({
      ...score(team, "2026-01-01", "safety", 0, suppressed),
      moments: suppressed ? null : momentsOf(values),
    });
    const teams = [make("a", [5, 6, 7, 6]), make("b", [2, 3, 3, 4]), make("c", [4, 4, 5, 3]), make("d", [1, 1], true)];
    const [row] = reliabilityByPeriod([], teams);
    const expected = iccFromMoments([momentsOf([5, 6, 7, 6]), momentsOf([2, 3, 3, 4]), momentsOf([4, 4, 5, 3])]);
    expect(row).toMatchObject({ dimension: "safety", period: "2026-01-01", teams: 3, alpha: null });
    expectClose(row!.icc1, expected.icc1);
    expectClose(row!.icc2, expected.icc2);
  });
});
