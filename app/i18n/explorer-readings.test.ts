import { describe, expect, it } from "vitest";
import { explorerReadings } from "~/components/results-words";
import { correlateCultureWithOutcomes, correlationsWithReasons, type TeamPeriodScore } from "~/domain/culture-outcomes";
import { clusteredSlopeTest, repeatedMeasuresCorrelation } from "~/domain/statistics";
import { orgPanelOutcome, orgPanelScore, orgPanelTeam } from "~/domain/statistics/fixtures/r-reference-clustered";
import { sayInEnglish, translatorFor } from "./catalogues.server";

// Issue 26: the explorer's readings are said from the row's numbers in the page's language; in English
// they must read word for word as the domain's (which the API and exports keep).
const quarters = ["2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01", "2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"];
const score = (team: string, period: string, mean: number): TeamPeriodScore => ({
  team,
  period,
  dimension: "forecast_pressure",
  suppressed: false,
  n: 6,
  mean,
  sd: null,
  ciLow: null,
  ciHigh: null,
  alpha: null,
  rwgJ: null,
  moments: null,
});

function rows(teams: number, flip: boolean) {
  const panel = orgPanelTeam.map((team, i) => ({ team, period: quarters[i % 8]!, x: orgPanelScore[i]!, y: flip ? -orgPanelOutcome[i]! : orgPanelOutcome[i]! }));
  const kept = panel.filter((p) => [...new Set(panel.map((q) => q.team))].slice(0, teams).includes(p.team));
  return correlateCultureWithOutcomes({
    scores: kept.map((p) => score(p.team, p.period, p.x)),
    metrics: kept.map((p) => ({ team: p.team, period: p.period, winRate: p.y })),
    metricKeys: ["winRate"],
    dimensions: ["forecast_pressure"],
    lags: [0, 1],
    kind: "quarter",
    names: { dimensions: { forecast_pressure: "Forecast-honesty pressure" }, metrics: { winRate: "Win rate" } },
  }).filter((r) => r.scope === "pooled");
}

describe("the explorer's readings in the reader's language", () => {
  const cases = [...rows(21, false), ...rows(21, true), ...rows(6, false), ...rows(3, false)];

  it("read in English exactly as the domain's", () => {
    expect(cases.some((r) => r.inference === "exploratory")).toBe(true);
    expect(cases.some((r) => r.inference === "confirmatory")).toBe(true);
    for (const row of cases) {
      const read = explorerReadings(translatorFor("en"), { dimension: "Forecast-honesty pressure", metric: "winRate", metricName: "Win rate", lag: row.lag });
      expect(read.between(row)).toBe(row.betweenReading.replace(/^Between teams: (.)/, (_, c: string) => c.toUpperCase()));
      expect(read.within(row)).toBe(row.withinReading.replace(/^Within teams: (.)/, (_, c: string) => c.toUpperCase()));
      expect(read.verdict(row)).toBe(row.verdictReading);
    }
  });

  it("read in German with German words and numbers", () => {
    const row = cases.find((r) => r.inference === "confirmatory" && r.betweenR !== null)!;
    const read = explorerReadings(translatorFor("de"), { dimension: "Druck auf ehrliche Prognosen", metric: "winRate", metricName: "Win rate", lag: row.lag });
    expect(read.between(row)).toContain("Druck auf ehrliche Prognosen");
    expect(read.between(row)).toContain(`r = ${row.betweenR! < 0 ? "\u2212" : ""}${Math.abs(row.betweenR!).toFixed(2).replace(".", ",")}`);
    expect(read.verdict(row)).toMatch(/^Insgesamt ging jeder Punkt bei Druck auf ehrliche Prognosen mit (höheren|niedrigeren) Werten bei Gewinnquote/);
  });
});

// Where a part of a row could not be computed (too few teams, one period, an outcome that never moves), the
// page says why in the reader's language: the domain's reason said by key, English word for word as the
// row's reading (which exports and the API keep).
const teamsOf = ["a", "b", "c", "d", "e"];
const twoQuarters = ["2026-01-01", "2026-04-01"];
const panelScores = teamsOf.flatMap((team, i) => twoQuarters.map((period, j) => score(team, period, 3 + i * 0.3 + j * 0.1 * (i % 2 ? 1 : -1))));
function reasoned(metrics: ReadonlyArray<{ team: string; period: string; winRate: number }>, detail?: (row: { scope: string }) => boolean) {
  return correlationsWithReasons({
    scores: panelScores,
    metrics,
    metricKeys: ["winRate"],
    dimensions: ["forecast_pressure"],
    lags: [0],
    kind: "quarter",
    names: { dimensions: { forecast_pressure: "Forecast-honesty pressure" }, metrics: { winRate: "Win rate" } },
    ...(detail ? { detail } : {}),
  });
}
const steady = reasoned(teamsOf.flatMap((team) => twoQuarters.map((period) => ({ team, period, winRate: 0.3 }))));
const onePeriod = reasoned(teamsOf.map((team, i) => ({ team, period: twoQuarters[0]!, winRate: 0.2 + i * 0.03 })));
const threeTeams = reasoned(teamsOf.slice(0, 3).flatMap((team, i) => twoQuarters.map((period, j) => ({ team, period, winRate: 0.2 + i * 0.03 + j * 0.01 }))));
const notShown = reasoned(
  teamsOf.flatMap((team, i) => twoQuarters.map((period, j) => ({ team, period, winRate: 0.2 + i * 0.03 + (i % 2 ? j : -j) * 0.02 }))),
  (row) => row.scope !== "pooled",
);
const pooled = (rows: typeof steady) => rows.find((r) => r.row.scope === "pooled")!;
const labels = { metric: "winRate", metricName: "Win rate", lag: 0 };

describe("why a part could not be computed, in the reader's language", () => {
  it("reads in English word for word as the row's readings", () => {
    const all = [...steady, ...onePeriod, ...threeTeams, ...notShown];
    const reasons = new Set(
      all
        .flatMap(({ reasons: r }) => [r.between, r.within, r.verdict])
        .filter((r) => r !== null)
        .map((r) => r.split("\u2063")[1]),
    );
    // Every reason the domain gives in these panels, each read below.
    expect([...reasons].sort()).toEqual([
      "explorer.why.betweenFewTeams",
      "explorer.why.fewDegrees",
      "explorer.why.fewTeams",
      "explorer.why.notInView",
      "explorer.why.onTheLine",
      "explorer.why.onePeriod",
      "explorer.why.outcomeSame",
      "explorer.why.outcomeSteadyWithin",
      "explorer.why.sameAverage",
    ]);
    const read = explorerReadings(translatorFor("en"), { dimension: "Forecast-honesty pressure", ...labels });
    for (const { row, reasons: r } of all) {
      expect(read.between(row, r)).toBe(row.betweenReading.replace(/^Between teams: (.)/, (_, c: string) => c.toUpperCase()));
      expect(read.within(row, r)).toBe(row.withinReading.replace(/^Within teams: (.)/, (_, c: string) => c.toUpperCase()));
      expect(read.verdict(row, r)).toBe(row.verdictReading);
    }
    expect(read.verdict(pooled(threeTeams).row, pooled(threeTeams).reasons)).toBe(
      "Only 3 teams: at least 4 are needed to judge a relation between teams: too little to say anything.",
    );
  });

  it("the statistics' reasons said in English are their own sentences", () => {
    const cases = [
      repeatedMeasuresCorrelation(["a", "b", "c", "d", "e"], [1, 2, 3, 4, 5], [2, 1, 4, 3, 5]),
      repeatedMeasuresCorrelation(["a", "a", "b", "b", "c", "c"], [4, 4, 5, 5, 3, 3], [0.1, 0.2, 0.3, 0.1, 0.2, 0.4]),
      repeatedMeasuresCorrelation(["a", "a", "b", "b", "c", "c"], [4, 5, 5, 6, 3, 4], [0.2, 0.2, 0.3, 0.3, 0.4, 0.4]),
      clusteredSlopeTest(["a", "a", "a"], [1, 2, 3], [1, 2, 4]),
      clusteredSlopeTest(["a", "b", "c", "a", "b", "c"], [1, 2, 3, 2, 3, 4], [1, 2, 4, 2, 2, 5]),
      clusteredSlopeTest(["a", "b", "c", "d"], [4, 4, 4, 4], [1, 2, 3, 4]),
      clusteredSlopeTest(["a", "a", "b", "b", "c", "c", "d", "d"], [1, 2, 1, 2, 1, 2, 1, 2], [1, 2, 1, 2, 1, 2, 1, 2]),
    ];
    for (const result of cases) {
      if (!("notEnough" in result)) throw new Error("expected a reason");
      expect(`${sayInEnglish(result.why)}.`).toBe(result.notEnough);
    }
  });

  it("reads in German", () => {
    const read = explorerReadings(translatorFor("de"), { dimension: "Druck auf ehrliche Prognosen", ...labels });
    const three = pooled(threeTeams);
    expect(read.between(three.row, three.reasons)).toBe("Nur 3 Teams, mindestens 4 sind nötig.");
    expect(read.verdict(three.row, three.reasons)).toBe("Nur 3 Teams: Mindestens 4 sind nötig, um einen Zusammenhang zwischen Teams zu beurteilen: zu wenig, um etwas zu sagen.");
    const flat = pooled(steady);
    expect(read.between(flat.row, flat.reasons)).toBe("Alle Teams haben denselben Durchschnitt, es gibt also nichts zu vergleichen.");
    expect(read.within(flat.row, flat.reasons)).toBe(
      "Die Kennzahl ändert sich über diese Zeiträume in keinem Team, es gibt also keine Veränderung innerhalb der Teams, die sich in Beziehung setzen ließe.",
    );
    expect(read.verdict(flat.row, flat.reasons)).toBe("Die Kennzahl ist in jedem Paar gleich, es gibt also keinen Zusammenhang zu schätzen: zu wenig, um etwas zu sagen.");
    const once = pooled(onePeriod);
    expect(read.within(once.row, once.reasons)).toBe(
      "5 Paare aus 5 Teams ergeben innerhalb der Teams 0 Freiheitsgrade; mindestens 2 sind nötig (die Teams brauchen jeweils mehrere Zeiträume).",
    );
    const quarter = threeTeams.find((r) => r.row.scope === "2026-01-01")!;
    expect(read.within(quarter.row, quarter.reasons)).toBe("Ein einzelner Zeitraum zeigt keine Veränderung innerhalb eines Teams; siehe die Zeile über alle Zeiträume.");
    const hidden = notShown.find((r) => r.row.scope === "pooled")!;
    expect(read.between(hidden.row, hidden.reasons)).toBe("In dieser Ansicht nicht berechnet.");
  });

  it("reads in Japanese", () => {
    const read = explorerReadings(translatorFor("ja"), { dimension: "予測の正直さへのプレッシャー", ...labels });
    const three = pooled(threeTeams);
    expect(read.between(three.row, three.reasons)).toBe("3チームしかなく、少なくとも4チームが必要です。");
    expect(read.verdict(three.row, three.reasons)).toBe("3チームしかなく、チーム間の関係を判断するには少なくとも4チームが必要です。何かを言うにはデータが少なすぎます。");
    const once = pooled(onePeriod);
    expect(read.within(once.row, once.reasons)).toBe("5チームの5ペアでは、チーム内の自由度が0しかなく、少なくとも2が必要です（各チームに複数の期間が必要です）。");
    const flat = pooled(steady);
    expect(read.verdict(flat.row, flat.reasons)).toBe("すべてのペアで指標が同じため、推定できる関係がありません。何かを言うにはデータが少なすぎます。");
  });
});
