import { describe, expect, it } from "vitest";
import Explorer from "~/routes/results.explorer";
import Drivers from "~/routes/results.drivers";
import TeamThemesPage from "~/routes/teams.$teamId_.themes";
import CohortImpact from "~/routes/training.$cohortId";
import { correlationsWithReasons, TEAM_LEVEL_WORDS, type TeamPeriodScore } from "~/domain/culture-outcomes";
import { driverAnalysis, type DriverRow } from "~/domain/drivers";
import { differenceInDifferences, preTrendCheck, type PanelRow } from "~/domain/impact";
import type { Locale } from "~/domain/locales";
import { retentionDeletedWords } from "~/domain/retention";
import { attitude } from "~/domain/statistics/fixtures/r-datasets";
import { THEMES } from "~/domain/themes/taxonomy";
import { said } from "~/i18n/said";
import { dimensionNamesIn } from "~/services/dimension-names.server";
import type { DriversView } from "~/services/drivers.server";
import type { ExplorerView } from "~/services/explorer.server";
import { METRIC_KEYS, METRIC_LABELS } from "~/services/results-report.server";
import type { CohortImpact as Impact } from "~/services/training.server";
import { renderPage } from "../../tests/support/render-page";

// Issue 26: the results pages' remaining English sentences in the reader's language, as a person sees them
// (each page rendered with its loader's data): the explorer's and drivers' reasons why something could not be
// computed, retention's note with its date, a refused option marked at its field, and the training page's
// before → after figures with the language's decimals. English stays word for word.

/** What the page shows (without the loader's data the router writes into the page for hydration). */
const shown = (page: string) => page.split("<script>")[0]!;
const html = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

// The explorer: three teams, two quarters: too few teams for a relation between teams or a verdict.
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
const quarters = ["2026-01-01", "2026-04-01"];
const teams = ["a", "b", "c"];
const scores = teams.flatMap((team, i) => quarters.map((period, j) => score(team, period, 3 + i * 0.3 + j * 0.1 * (i % 2 ? 1 : -1))));
const metrics = teams.flatMap((team, i) => quarters.map((period, j) => ({ team, period, winRate: 0.2 + i * 0.03 + j * 0.01 })));
const pooledRow = correlationsWithReasons({
  scores,
  metrics,
  metricKeys: ["winRate"],
  dimensions: ["forecast_pressure"],
  lags: [0],
  kind: "quarter",
  names: { dimensions: { forecast_pressure: "Forecast-honesty pressure" }, metrics: { winRate: "Win rate" } },
}).find((r) => r.row.scope === "pooled")!;

function explorerData(locale: Locale) {
  const name = dimensionNamesIn(locale)("forecast_pressure", "Forecast-honesty pressure");
  const view: ExplorerView = {
    dimensions: [{ key: "forecast_pressure", name, higherIsBetter: false }],
    metrics: METRIC_KEYS.map((key) => ({ key, label: METRIC_LABELS[key] })),
    periods: [{ key: "quarter", label: "Calendar quarters" }],
    selection: { dimension: "forecast_pressure", metric: "winRate", lag: 0, period: "quarter" },
    labels: { dimension: name, dimensionAxis: "Forecast-honesty pressure (1–7, higher is worse)", metric: "Win rate" },
    points: scores.map((s, i) => ({ id: `${s.team}:${s.period}`, label: `Team ${s.team}, ${s.period}`, x: s.mean!, y: metrics[i]!.winRate })),
    band: null,
    result: pooledRow.row,
    reasons: pooledRow.reasons,
    familySize: 0,
    empty: null,
    teamLevel: TEAM_LEVEL_WORDS,
  };
  return { view, chosen: view.dimensions[0]! };
}

describe("the explorer says why in the reader's language", () => {
  it("in German", async () => {
    const page = await renderPage(Explorer, explorerData("de"), "/results/explorer", "de");
    expect(page).toContain('<p class="lead">Nur 3 Teams, mindestens 4 sind nötig.</p>');
    expect(page).toContain('<p class="lead">Nur 3 Teams: Mindestens 4 sind nötig, um einen Zusammenhang zwischen Teams zu beurteilen: zu wenig, um etwas zu sagen.</p>');
    expect(shown(page)).not.toContain("at least 4 are needed");
  });

  it("in Japanese", async () => {
    const page = await renderPage(Explorer, explorerData("ja"), "/results/explorer", "ja");
    expect(page).toContain('<p class="lead">3チームしかなく、少なくとも4チームが必要です。</p>');
    expect(page).toContain('<p class="lead">3チームしかなく、チーム間の関係を判断するには少なくとも4チームが必要です。何かを言うにはデータが少なすぎます。</p>');
  });

  it("in English word for word", async () => {
    const page = await renderPage(Explorer, explorerData("en"), "/results/explorer", "en");
    expect(page).toContain('<p class="lead">Only 3 teams, at least 4 are needed.</p>');
    expect(page).toContain('<p class="lead">Only 3 teams: at least 4 are needed to judge a relation between teams: too little to say anything.</p>');
  });
});

// The drivers page: the newest pulse's answers were deleted under retention; the metric has too few team-periods.
const driverRows: DriverRow[] = attitude.slice(0, 12).map((r, i) => ({ cluster: `team-${Math.floor(i / 3)}`, predictors: r.slice(1, 2), criterion: r[0]! }));
const outcome = driverAnalysis({
  rows: driverRows,
  predictors: [{ key: "psychological_safety", label: "Psychological safety" }],
  minRows: 30,
  rowWords: "team-periods",
  predictorNoun: "dimension",
});
const driversView: DriversView = {
  waves: [{ id: "5f0c6a8e-8d43-4a7e-9a43-1c1d8f1f0a01", label: "Team pulse, 2026-01-05" }],
  metrics: METRIC_KEYS.map((key) => ({ key, label: METRIC_LABELS[key] })),
  periods: [
    { key: "quarter", label: "Calendar quarters" },
    { key: "month", label: "Months" },
    { key: "fiscal-quarter", label: "Fiscal quarters" },
  ],
  selection: { wave: "5f0c6a8e-8d43-4a7e-9a43-1c1d8f1f0a01", level: "items", metric: "winRate", lag: 0, period: "quarter" },
  enps: { title: "Which questions move eNPS", empty: retentionDeletedWords(new Date("2026-03-01T03:17:00Z"), "drivers") },
  outcome: { title: "Which dimensions move win rate", reading: outcome.ok ? "" : outcome.reason, analysis: outcome, rows: "team-periods", predictors: "dimensions" },
  bootstrap: { replicates: 1000, seed: 20240, minTeams: 8 },
};
const refused = { view: driversView, error: said("drivers.query.invalid", { count: 1 }), fieldErrors: { lag: said("drivers.query.lag") } };
const fine = { view: driversView, error: null, fieldErrors: {} };

describe("the drivers page says why in the reader's language", () => {
  it("in German: retention's date, the reason, and a refused option at its field", async () => {
    const page = await renderPage(Drivers, fine, "/results/drivers", "de");
    expect(page).toContain(
      "Die einzelnen Antworten dieses Pulses wurden am 1. März 2026 gemäß der Aufbewahrungseinstellung der Organisation gelöscht, daher lassen sich seine Treiber nicht mehr ermitteln. Seine Werte bleiben wie veröffentlicht.",
    );
    expect(page).toContain(
      '<p class="lead">Nicht genug Team-Perioden für eine Aussage: 12 vollständige Team-Perioden aus 4 Teams; um 1 Dimension zu gewichten, sind mindestens 30 aus 8 Teams nötig.</p>',
    );
    const bad = await renderPage(Drivers, refused, "/results/drivers?lag=9", "de");
    expect(bad).toContain(
      '<div class="notice notice--error" role="alert">Eine der Optionen dieser Seite ist ungültig: Das markierte Feld unten nennt, was Sie stattdessen wählen können.</div>',
    );
    expect(bad).toMatch(/<p class="field__error" id="[^"]+">Wählen Sie denselben Zeitraum oder einen bis drei Zeiträume später\.<\/p><select[^>]* name="lag" aria-invalid="true"/);
    expect(bad).toContain("Mit den Standardwerten neu beginnen");
  });

  it("in Japanese", async () => {
    const page = await renderPage(Drivers, fine, "/results/drivers", "ja");
    expect(page).toContain("このパルスの個々の回答は、組織の保存期間の設定により2026年3月1日に削除されたため、ドライバーはもう算出できません。スコアは公開されたまま残ります。");
    expect(page).toContain("判断するにはチーム×期間が足りません。4チームの完全なチーム×期間は12件で、1個のディメンションを重み付けするには8チームから少なくとも30件が必要です。");
    const bad = await renderPage(Drivers, refused, "/results/drivers?lag=9", "ja");
    expect(bad).toContain("このページの設定のうち1件が正しくありません。");
    expect(bad).toMatch(/<p class="field__error" id="[^"]+">同じ期間か、1〜3期間後を選んでください。<\/p><select[^>]* name="lag" aria-invalid="true"/);
  });

  it("in English word for word", async () => {
    const page = await renderPage(Drivers, fine, "/results/drivers", "en");
    expect(page).toContain(
      html(
        "This pulse's individual answers were deleted on 1 Mar 2026 under the organisation's retention setting, so its drivers can no longer be worked out. Its scores stay as published.",
      ),
    );
    expect(page).toContain('<p class="lead">Not enough team-periods to say: 12 complete team-periods from 4 teams; at least 30 from 8 teams are needed to weigh 1 dimension.</p>');
    const bad = await renderPage(Drivers, refused, "/results/drivers?lag=9", "en");
    expect(bad).toContain(html("One of this page's options is not valid: the field marked below says what to choose instead."));
    expect(bad).toContain("Choose the same period, or one to three periods later.");
  });
});

// A team's comment themes: the one wave's comments were deleted under retention.
const themesData = {
  team: { id: "7d1f3c52-3b9e-4a41-8e0e-0c6b1b3f2a10", name: "Team A" },
  themes: THEMES.map((t) => ({ key: t.key, label: t.label, meaning: t.meaning })),
  minimum: 5,
  waves: [{ id: "w1", periodStart: "2026-01-05", programName: "Team pulse", counts: null, hidden: retentionDeletedWords(new Date("2026-03-01T03:17:00Z"), "comments") }],
  comments: [],
  theme: null,
  canCorrect: false,
  corrected: false,
};

describe("the themes page's retention note in the reader's language", () => {
  it("in German, Japanese and English", async () => {
    const path = "/teams/7d1f3c52-3b9e-4a41-8e0e-0c6b1b3f2a10/themes";
    expect(await renderPage(TeamThemesPage, themesData, path, "de")).toContain(
      "Welle vom 5. Jan. 2026: nicht angezeigt (Die einzelnen Antworten dieses Pulses wurden am 1. März 2026 gemäß der Aufbewahrungseinstellung der Organisation gelöscht, daher sind seine Kommentare nicht mehr vorhanden. Seine Werte bleiben wie veröffentlicht.).",
    );
    expect(await renderPage(TeamThemesPage, themesData, path, "ja")).toContain(
      "このパルスの個々の回答は、組織の保存期間の設定により2026年3月1日に削除されたため、コメントはもうありません。スコアは公開されたまま残ります。",
    );
    expect(await renderPage(TeamThemesPage, themesData, path, "en")).toContain(
      html(
        "Wave of 5 Jan 2026: not shown (This pulse's individual answers were deleted on 1 Mar 2026 under the organisation's retention setting, so its comments are gone. Its scores stay as published.).",
      ),
    );
  });
});

// A training: the trained teams' collaboration went from 3.4 to 3.9, the comparison teams' from 3.8 to 3.9.
const panel = (team: string, before: number, after: number): PanelRow[] => [
  { team, period: "w1", value: before - 0.1 },
  { team, period: "w2", value: before + 0.1 },
  { team, period: "w3", value: after - 0.1 },
  { team, period: "w4", value: after + 0.1 },
];
const impactRows = [...panel("t1", 3.3, 3.8), ...panel("t2", 3.5, 4.0), ...panel("c1", 3.7, 3.8), ...panel("c2", 3.9, 4.0)];
const args = { rows: impactRows, treated: ["t1", "t2"], control: ["c1", "c2"], isAfter: (p: string) => p >= "w3", label: "collaboration" };
const impact: Impact = {
  cohort: { id: "c", name: "Coaching basics", heldOn: "2026-03-02", managers: ["Mia Manager"] },
  trainedTeams: ["Team A"],
  before: ["2026-01-05", "2026-02-02"],
  after: ["2026-04-06", "2026-05-04"],
  outcomes: [
    {
      key: "collaboration",
      label: "collaboration",
      kind: "culture",
      comparisonTeams: ["Team C"],
      result: differenceInDifferences({ ...args, higherIsBetter: true }),
      preTrend: preTrendCheck({ ...args, periodIndex: (p) => Number(p.slice(1)), unit: "wave" }),
      series: [],
    },
  ],
};

describe("the training page's before → after figures in the reader's numbers", () => {
  const data = (locale: Locale) => ({ impact, labels: { collaboration: dimensionNamesIn(locale)("collaboration", "collaboration") } });
  it("in German, Japanese and English", async () => {
    expect(impact.outcomes[0]!.result).toMatchObject({ treatedBefore: 3.4, treatedAfter: 3.9, controlBefore: 3.8, controlAfter: 3.9 });
    const de = await renderPage(CohortImpact, data("de"), "/training/c", "de");
    expect(de).toContain('<td class="num">3,4 → 3,9</td><td class="num">3,8 → 3,9</td>');
    // No English decimals in any text the German page shows (SVG coordinates aside).
    expect(shown(de)).not.toMatch(/>[^<]*\d\.\d[^<]*</);
    expect(await renderPage(CohortImpact, data("ja"), "/training/c", "ja")).toContain('<td class="num">3.4 → 3.9</td><td class="num">3.8 → 3.9</td>');
    expect(await renderPage(CohortImpact, data("en"), "/training/c", "en")).toContain('<td class="num">3.4 → 3.9</td><td class="num">3.8 → 3.9</td>');
  });
});
