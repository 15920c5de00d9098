import { describe, expect, it } from "vitest";
import { explorerReadings } from "~/components/results-words";
import { correlateCultureWithOutcomes, type TeamPeriodScore } from "~/domain/culture-outcomes";
import { orgPanelOutcome, orgPanelScore, orgPanelTeam } from "~/domain/statistics/fixtures/r-reference-clustered";
import { translatorFor } from "./catalogues.server";

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
