import { describe, expect, it } from "vitest";
import { clusteredBand, clusteredSlopeTest, clusterMeans, repeatedMeasuresCorrelation, roundTo, type NotEnough } from "./clustered";
import { pearsonTest, spearmanCorrelation } from "./correlation";
import { studentTQuantile } from "./distributions";
import { expectClose } from "./fixtures/expect-close";
import * as R from "./fixtures/r-reference-clustered";

const ok = <T extends object>(result: T | NotEnough): T => {
  if ("notEnough" in result) throw new Error(`expected a result, got: ${result.notEnough}`);
  return result;
};
const why = (result: object): string => {
  expect(result).toHaveProperty("notEnough");
  return (result as NotEnough).notEnough;
};

const panels = [
  {
    name: "a 21-team × 8-quarter organisation",
    team: R.orgPanelTeam,
    x: R.orgPanelScore,
    y: R.orgPanelOutcome,
    rm: R.orgPanelRmcorr,
    cr2: R.orgPanelCr2,
    between: R.orgPanelBetween,
  },
  {
    name: "an unbalanced panel with a one-period team",
    team: R.unevenPanelTeam,
    x: R.unevenPanelScore,
    y: R.unevenPanelOutcome,
    rm: R.unevenPanelRmcorr,
    cr2: R.unevenPanelCr2,
    between: R.unevenPanelBetween,
  },
  {
    name: "R's CO2 (12 plants × 7 concentrations)",
    team: R.co2PanelTeam,
    x: R.co2PanelScore,
    y: R.co2PanelOutcome,
    rm: R.co2PanelRmcorr,
    cr2: R.co2PanelCr2,
    between: R.co2PanelBetween,
  },
];

describe("repeatedMeasuresCorrelation (lm(y ~ factor(team) + x), Bakdash & Marusich 2017)", () => {
  for (const panel of panels) {
    it(`matches R for ${panel.name}`, () => {
      const result = ok(repeatedMeasuresCorrelation(panel.team, panel.x, panel.y));
      expect(result.n).toBe(panel.rm.n);
      expect(result.clusters).toBe(panel.rm.clusters);
      expect(result.df).toBe(panel.rm.df);
      expectClose(result.r, panel.rm.r);
      expectClose(result.slope, panel.rm.slope);
      expectClose(result.f, panel.rm.f);
      expectClose(result.p, panel.rm.p);
      expectClose(result.ciLow, panel.rm.ciLow);
      expectClose(result.ciHigh, panel.rm.ciHigh);
    });
  }

  it("says why not, never NaN: one period per team, constant scores within teams, too few degrees of freedom", () => {
    expect(why(repeatedMeasuresCorrelation(["a", "b", "c", "d", "e"], [1, 2, 3, 4, 5], [2, 1, 4, 3, 5]))).toMatch(/degrees of freedom/);
    expect(why(repeatedMeasuresCorrelation(["a", "a", "b", "b", "c", "c"], [4, 4, 5, 5, 3, 3], [0.1, 0.2, 0.3, 0.1, 0.2, 0.4]))).toMatch(/score never changes within a team/);
    expect(why(repeatedMeasuresCorrelation(["a", "a", "b", "b", "c", "c"], [4, 5, 5, 6, 3, 4], [0.2, 0.2, 0.3, 0.3, 0.4, 0.4]))).toMatch(/outcome never changes/);
    expect(why(repeatedMeasuresCorrelation(["a", "a", "b", "b"], [1, 2, 3, 4], [1, 3, 2, 5]))).toMatch(/1 degrees of freedom/);
  });

  it("treats one team over many periods as a plain correlation with df = n − 2", () => {
    const x = [3.1, 3.4, 4.0, 4.2, 4.9, 5.3];
    const y = [0.2, 0.25, 0.22, 0.3, 0.35, 0.33];
    const rm = ok(repeatedMeasuresCorrelation(Array(6).fill("only"), x, y));
    const plain = pearsonTest(x, y);
    expect(rm.df).toBe(4);
    expectClose(rm.r, plain.r, 1e-12);
    expectClose(rm.p, plain.p, 1e-10);
  });
});

describe("clusteredSlopeTest (clubSandwich CR2 + Satterthwaite)", () => {
  for (const panel of panels) {
    it(`matches R for ${panel.name}`, () => {
      const result = ok(clusteredSlopeTest(panel.team, panel.x, panel.y));
      expect(result.clusters).toBe(panel.cr2.clusters);
      expectClose(result.intercept, panel.cr2.intercept);
      expectClose(result.slope, panel.cr2.slope);
      expectClose(result.se, panel.cr2.se);
      expectClose(result.t, panel.cr2.t);
      expectClose(result.df, panel.cr2.df);
      expectClose(result.p, panel.cr2.p);
      expectClose(result.ciLow, panel.cr2.ciLow);
      expectClose(result.ciHigh, panel.cr2.ciHigh);
      expectClose(result.vcov.mean, panel.cr2.vcovMean);
      expectClose(result.vcov.meanSlope, panel.cr2.vcovMeanSlope, 1e-5);
      expectClose(result.vcov.slope, panel.cr2.vcovSlope);
      const [atMean] = clusteredBand(result, [result.meanX]);
      expectClose(atMean!.high - atMean!.y, studentTQuantile(0.975, panel.cr2.df) * Math.sqrt(panel.cr2.vcovMean));
    });
  }

  it("gives a far larger p than the naive pooled test when quarters of one team are counted apart", () => {
    const naive = pearsonTest(R.orgPanelScore, R.orgPanelOutcome);
    expectClose(naive.p, R.orgPanelNaive.p);
    const clustered = ok(clusteredSlopeTest(R.orgPanelTeam, R.orgPanelScore, R.orgPanelOutcome));
    expect(clustered.p / naive.p).toBeGreaterThan(1e6);
  });

  it("gives the same answer whatever the order of the pairs", () => {
    const order = R.orgPanelTeam.map((_, i) => i).reverse();
    const shuffled = ok(
      clusteredSlopeTest(
        order.map((i) => R.orgPanelTeam[i]!),
        order.map((i) => R.orgPanelScore[i]!),
        order.map((i) => R.orgPanelOutcome[i]!),
      ),
    );
    expectClose(shuffled.p, R.orgPanelCr2.p, 1e-9);
    expectClose(shuffled.df, R.orgPanelCr2.df, 1e-9);
  });

  it("says why not with fewer than four teams, or a score that never varies", () => {
    expect(why(clusteredSlopeTest(["a", "a", "a"], [1, 2, 3], [1, 2, 4]))).toMatch(/Only 1 team:/);
    expect(why(clusteredSlopeTest(["a", "b", "c", "a", "b", "c"], [1, 2, 3, 2, 3, 4], [1, 2, 4, 2, 2, 5]))).toMatch(/Only 3 teams/);
    expect(why(clusteredSlopeTest(["a", "b", "c", "d"], [4, 4, 4, 4], [1, 2, 3, 4]))).toMatch(/same in every pair/);
  });
});

describe("between teams: the correlation of the teams' means (cor.test of tapply means)", () => {
  for (const panel of panels) {
    it(`matches R for ${panel.name}`, () => {
      const means = clusterMeans(panel.team, panel.x, panel.y);
      expect(means).toHaveLength(panel.between.n);
      if (panel.between.r === null) {
        // CO2: every plant saw the same concentrations, so the means of x are all equal (R: NA).
        expect(new Set(means.map((m) => roundTo(m.x))).size).toBe(1);
        return;
      }
      const result = pearsonTest(
        means.map((m) => m.x),
        means.map((m) => m.y),
      );
      expectClose(result.r, panel.between.r);
      expectClose(result.p, panel.between.p);
      expectClose(result.ciLow, panel.between.ciLow);
      expectClose(result.ciHigh, panel.between.ciHigh);
    });
  }
});

describe("Spearman's rho on values rounded to 10 decimal places (ties decided on exact values)", () => {
  it('equals R\'s cor(round(x, 10), round(y, 10), method = "spearman") whatever order the means were summed in', () => {
    // 13/3 reached by summing in different orders differs in its last bit, so unrounded ranks see no tie.
    const summed = [
      [1, 7 / 3, 7, 7],
      [13 / 3, 13 / 3, 13 / 3],
    ].map((v) => v.reduce((s, a) => s + a, 0) / v.length);
    expect(summed[0]).not.toBe(summed[1]);
    const x = [...R.spearmanTiesX];
    const y = [...R.spearmanTiesY];
    x[0] = summed[0]!;
    x[5] = summed[1]!;
    expect(spearmanCorrelation(x, y)).not.toBeCloseTo(R.spearmanTiesRounded.rho, 10);
    expectClose(
      spearmanCorrelation(
        x.map((v) => roundTo(v)),
        y.map((v) => roundTo(v)),
      ),
      R.spearmanTiesRounded.rho,
      1e-12,
    );
  });
});
