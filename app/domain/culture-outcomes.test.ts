import { describe, expect, it } from "vitest";
import { correlateCultureWithOutcomes, reliabilityByPeriod, shiftPeriod, teamPeriodScores, type TeamPeriodScore, type WaveScoreCell } from "./culture-outcomes";
import { iccFromMoments, momentsOf } from "./moments";
import { carsDist, carsSpeed, mtcarsMpg, mtcarsWt } from "./statistics/fixtures/r-datasets";
import { expectClose } from "./statistics/fixtures/expect-close";
import { pearsonCars4, pearsonMtcarsMpgWt, spearmanMtcarsMpgWt } from "./statistics/fixtures/r-reference";

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

  it("matches R's cor.test (Pearson and Spearman) on the team-period pairs", () => {
    const rows = correlateCultureWithOutcomes({ scores: mtcarsScores, metrics: mtcarsMetrics, metricKeys: ["winRate"], dimensions: ["safety"], lags: [0], kind: "quarter" });
    const pooled = rows.find((r) => r.scope === "pooled")!;
    expect(pooled.nPairs).toBe(32);
    expectClose(pooled.r, pearsonMtcarsMpgWt.r);
    expectClose(pooled.t, pearsonMtcarsMpgWt.t);
    expect(pooled.df).toBe(30);
    expectClose(pooled.p, pearsonMtcarsMpgWt.p);
    expectClose(pooled.ciLow, pearsonMtcarsMpgWt.ciLow);
    expectClose(pooled.ciHigh, pearsonMtcarsMpgWt.ciHigh);
    expectClose(pooled.spearmanRho, spearmanMtcarsMpgWt.rho);
    expectClose(pooled.spearmanP, spearmanMtcarsMpgWt.p);
    expect(pooled.inference).toBe("confirmatory");
    expect(pooled.reading).toMatch(/tended to have lower winrate in the same period/);
    expect(pooled.reading).toMatch(/describes teams, not individual reps, and does not show cause/);
    // One period: the per-period row is the same test.
    expect(rows.map((r) => r.scope)).toEqual(["pooled", "2026-01-01"]);
  });

  it("adjusts p by Benjamini–Hochberg over every test of the request (R p.adjust 'BH')", () => {
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
    expectClose(collab.p, pearsonCars4.p);
    expect(collab.inference).toBe("exploratory");
    expect(collab.reading).toMatch(/exploratory/);
    // p.adjust(c(a, a, b, b), "BH") with a = 1.29395870135052e-10, b = 0.550949790630291 → 2a, 2a, b, b.
    for (const row of rows.filter((r) => r.dimension === "safety")) expectClose(row.pAdjusted, 2 * pearsonMtcarsMpgWt.p);
    for (const row of rows.filter((r) => r.dimension === "collab")) expectClose(row.pAdjusted, pearsonCars4.p);
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
    expect(rows[0]).toMatchObject({ nPairs: 3, inference: "none", r: null, p: null, pAdjusted: null });
    expect(rows[0]!.reading).toMatch(/too few/);
    const flat = ["a", "b", "c", "d", "e"].map((t) => ({ team: t, period: "2026-01-01", winRate: 0.5 }));
    const more = ["a", "b", "c", "d", "e"].map((t, i) => score(t, "2026-01-01", "safety", i));
    expect(correlateCultureWithOutcomes({ scores: more, metrics: flat, metricKeys: ["winRate"], dimensions: ["safety"], lags: [0], kind: "month" })[0]).toMatchObject({ nPairs: 5, r: null });
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
    const make = (team: string, values: number[], suppressed = false): TeamPeriodScore => ({ ...score(team, "2026-01-01", "safety", 0, suppressed), moments: suppressed ? null : momentsOf(values) });
    const teams = [make("a", [5, 6, 7, 6]), make("b", [2, 3, 3, 4]), make("c", [4, 4, 5, 3]), make("d", [1, 1], true)];
    const [row] = reliabilityByPeriod([], teams);
    const expected = iccFromMoments([momentsOf([5, 6, 7, 6]), momentsOf([2, 3, 3, 4]), momentsOf([4, 4, 5, 3])]);
    expect(row).toMatchObject({ dimension: "safety", period: "2026-01-01", teams: 3, alpha: null });
    expectClose(row!.icc1, expected.icc1);
    expectClose(row!.icc2, expected.icc2);
  });
});
