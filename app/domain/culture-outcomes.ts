import { z } from "zod";
import { addMonths } from "./calendar";
import type { PeriodKind } from "./crm/periods";
import { addMoments, iccFromMoments, summarizeMoments, type Moments } from "./moments";
import { benjaminiHochberg, clusteredSlopeTest, clusterMeans, pearsonCorrelation, pearsonTest, repeatedMeasuresCorrelation, roundTo, spearmanCorrelation } from "./statistics";
import { formatStatistic } from "./format";
import { said } from "~/i18n/said";

/** One group's materialized score for one wave and dimension, as the anonymity rules left it. */
export interface WaveScoreCell {
  waveId: string;
  team: string;
  dimension: string;
  shown: boolean;
  n: number;
  sum: number | null;
  sumsq: number | null;
  alpha: number | null;
  rwgJ: number | null;
}

export interface TeamPeriodScore {
  team: string;
  period: string;
  dimension: string;
  suppressed: boolean;
  n: number | null;
  mean: number | null;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  alpha: number | null;
  rwgJ: number | null;
  /** The pooled moments, for the engine only (never leaves it). */
  moments: Moments | null;
}

const weightedMean = (pairs: ReadonlyArray<{ value: number | null; n: number }>): number | null => {
  const used = pairs.filter((p): p is { value: number; n: number } => p.value !== null);
  const n = used.reduce((s, p) => s + p.n, 0);
  return n === 0 ? null : used.reduce((s, p) => s + p.value * p.n, 0) / n;
};

/**
 * A team's score for a reporting period from the waves that fall in it: the waves' moments pooled
 * (so the mean, sd and interval are those of every answer in the period). A period's score is shown only
 * when every one of its wave cells was shown: pooling a hidden wave with shown ones would give the hidden
 * one away by subtraction. α and rwg(j) come from `reliability` (pooled answers) when given, else are
 * the waves' values averaged, weighted by respondents.
 */
export function teamPeriodScores(
  cells: readonly WaveScoreCell[],
  periodOfWave: ReadonlyMap<string, string>,
  /** α and rwg(j) of a shown team-period from its pooled answers (see `pooledReliability`), instead of the waves' average. */
  reliability?: (team: string, dimension: string, waveIds: readonly string[]) => { alpha: number | null; rwgJ: number | null },
  /** A stable key per team (its name) to order the rows by, so that sums over teams run in the same order whatever the ids. */
  teamOrder?: ReadonlyMap<string, string>,
): TeamPeriodScore[] {
  const groups = new Map<string, WaveScoreCell[]>();
  for (const cell of cells) {
    const period = periodOfWave.get(cell.waveId);
    if (!period) continue;
    const k = `${cell.team}\u0000${period}\u0000${cell.dimension}`;
    groups.set(k, [...(groups.get(k) ?? []), cell]);
  }
  const out: TeamPeriodScore[] = [];
  for (const [k, list] of groups) {
    const [team, period, dimension] = k.split("\u0000") as [string, string, string];
    const shown = list.every((c) => c.shown && c.sum !== null && c.sumsq !== null);
    if (!shown) {
      out.push({ team, period, dimension, suppressed: true, n: null, mean: null, sd: null, ciLow: null, ciHigh: null, alpha: null, rwgJ: null, moments: null });
      continue;
    }
    const moments = list.reduce<Moments>((m, c) => addMoments(m, { n: c.n, sum: c.sum!, sumsq: c.sumsq! }), { n: 0, sum: 0, sumsq: 0 });
    const summary = summarizeMoments(moments);
    out.push({
      team,
      period,
      dimension,
      suppressed: false,
      ...summary,
      ...(reliability
        ? reliability(
            team,
            dimension,
            list.map((c) => c.waveId),
          )
        : { alpha: weightedMean(list.map((c) => ({ value: c.alpha, n: c.n }))), rwgJ: weightedMean(list.map((c) => ({ value: c.rwgJ, n: c.n }))) }),
      moments,
    });
  }
  const key = (team: string) => teamOrder?.get(team) ?? team;
  return out.sort((a, b) => a.period.localeCompare(b.period) || (key(a.team) < key(b.team) ? -1 : key(a.team) > key(b.team) ? 1 : 0) || a.dimension.localeCompare(b.dimension));
}

export interface ReliabilityRow {
  dimension: string;
  period: string;
  /** The organisation's α over the period's waves (weighted by respondents). */
  alpha: number | null;
  icc1: number | null;
  icc2: number | null;
  /** Teams the ICCs are computed over (shown team-periods only). */
  teams: number;
}

/**
 * Reliability and agreement per dimension and period: the organisation-wide α, and ICC(1)/ICC(2) of a
 * one-way ANOVA over the shown team-periods (the teams given; a suppressed team never enters).
 */
export function reliabilityByPeriod(orgScores: readonly TeamPeriodScore[], teamScores: readonly TeamPeriodScore[]): ReliabilityRow[] {
  const keys = new Set([...orgScores, ...teamScores].map((s) => `${s.dimension}\u0000${s.period}`));
  return [...keys]
    .map((k) => {
      const [dimension, period] = k.split("\u0000") as [string, string];
      const org = orgScores.find((s) => s.dimension === dimension && s.period === period && !s.suppressed);
      const groups = teamScores.filter((s) => s.dimension === dimension && s.period === period && !s.suppressed && s.moments).map((s) => s.moments!);
      const icc = iccFromMoments(groups);
      return { dimension, period, alpha: org?.alpha ?? null, icc1: icc.icc1, icc2: icc.icc2, teams: groups.length };
    })
    .sort((a, b) => a.period.localeCompare(b.period) || a.dimension.localeCompare(b.dimension));
}

/** The start of the period `lag` periods after the one starting on `period`. */
export function shiftPeriod(period: string, kind: PeriodKind, lag: number): string {
  return addMonths(period, (kind === "month" ? 1 : 3) * lag, 1);
}

/** How far a correlation row's test may be read: fewer than 4 teams, none; 4–9 teams, exploratory; 10 or more, confirmatory. */
export const INFERENCES = ["none", "exploratory", "confirmatory"] as const;
export type Inference = (typeof INFERENCES)[number];

const statistic = (description?: string) => (description ? z.number().nullable().describe(description) : z.number().nullable());

/**
 * One dimension × metric × lag over one scope. Pairs are (a leaf team's score in period t, its metric in
 * t + lag); a team contributes one pair per period, so pairs of one team are not independent and every
 * test here treats the team as the unit (ADR 026):
 * - `p` (the verdict's, and the one Benjamini–Hochberg adjusts) is the pooled slope's cluster-robust CR2
 *   t-test with Satterthwaite degrees of freedom, clustered by team;
 * - `within…` is the repeated-measures correlation: when a team's score moves, does its outcome follow;
 * - `between…` is the correlation of the teams' mean score and mean outcome (n = teams);
 * - `r` and `spearmanRho` describe the pooled pairs and carry no test of their own.
 *
 * The schema is the row's one home: its type below, the export's JSON and the API's document (ADR 040).
 */
export const correlationRowSchema = z.object({
  dimension: z.string().describe("The dimension's key."),
  metric: z.string().describe("The CRM metric's key."),
  lag: z.number().int().min(0).describe("How many periods after the score the metric is taken."),
  scope: z.string().describe('"pooled" over the chosen periods, or the period (culture\'s period) the pairs come from.'),
  nPairs: z.number().int().min(0).describe("Team-period pairs."),
  nTeams: z.number().int().min(0).describe("Teams the pairs come from."),
  r: statistic("Pearson's r over every pair (descriptive)."),
  spearmanRho: statistic("Spearman's ρ over every pair, ties decided on values rounded to 10 decimal places (descriptive)."),
  slope: statistic("Least-squares slope over every pair: metric units per point of score, with its CR2 standard error."),
  slopeSe: statistic(),
  slopeDf: statistic("Satterthwaite degrees of freedom of the CR2 test (fractional)."),
  slopeCiLow: statistic(),
  slopeCiHigh: statistic(),
  p: statistic("Two-sided p of the slope's CR2 test clustered by team: the p of the verdict and of the BH family."),
  pAdjusted: statistic("Benjamini–Hochberg over every `p` in the request (all dimensions × metrics × lags × scopes)."),
  withinR: statistic(),
  withinDf: statistic(),
  withinP: statistic(),
  withinCiLow: statistic(),
  withinCiHigh: statistic(),
  betweenR: statistic(),
  betweenN: z.number().int().min(0).nullable().describe("Teams in the between-team correlation."),
  betweenP: statistic(),
  betweenCiLow: statistic(),
  betweenCiHigh: statistic(),
  inference: z.enum(INFERENCES).describe("Fewer than 4 teams: no inference; 4–9 teams: exploratory; 10 or more: a test worth reading."),
  reading: z.string().describe("Plain words: between teams, within teams, and the pooled verdict."),
  betweenReading: z.string(),
  withinReading: z.string(),
  verdictReading: z.string().describe("The pooled, team-clustered verdict alone."),
});
export type CorrelationRow = z.infer<typeof correlationRowSchema>;

export interface CorrelationInput {
  scores: readonly TeamPeriodScore[];
  /** Team-period outcome rows; each metric key names a numeric (or null) field of them. */
  metrics: ReadonlyArray<{ team: string; period: string }>;
  metricKeys: readonly string[];
  dimensions: readonly string[];
  lags: readonly number[];
  kind: PeriodKind;
  /** The culture periods to use; all that have scores when absent. */
  periods?: readonly string[];
  /** Names for the plain-words reading (keys are used where a name is missing). */
  names?: { dimensions?: Readonly<Record<string, string>>; metrics?: Readonly<Record<string, string>> };
  /**
   * A stable key per team (its name) that orders the pairs, so that every number is the same however the
   * data was loaded (ids and row order differ between two imports of the same files). Ids when absent.
   */
  teamOrder?: ReadonlyMap<string, string>;
  /**
   * The rows to compute in full (r, ρ, within, between, readings); the others get only what the BH family
   * needs (the clustered slope test), for a view that shows one row of a large family. All when absent.
   */
  detail?: (row: { dimension: string; metric: string; lag: number; scope: string }) => boolean;
}

export const TEAM_LEVEL_WORDS =
  "These are relations between teams and within teams over time, not between people: they say nothing about any one rep. A correlation is not a cause.";

/** Values are rounded to this many decimal places before any statistic, so ties and sums do not depend on summation order. */
export const STATISTICS_DECIMALS = 10;

function inferenceFor(teams: number): Inference {
  if (teams < 4) return "none";
  if (teams < 10) return "exploratory";
  return "confirmatory";
}

const fmt = formatStatistic;
const interval = (low: number | null, high: number | null) => (low === null || high === null ? "" : `, 95% interval ${fmt(low)} to ${fmt(high)}`);
const strengthOf = (r: number) => (Math.abs(r) < 0.1 ? "no" : Math.abs(r) < 0.3 ? "a weak" : Math.abs(r) < 0.5 ? "a moderate" : "a strong");
/** Whether an interval excludes zero (the relation's sign is clear). */
const clear = (low: number | null, high: number | null) => low !== null && high !== null && (low > 0 || high < 0);

type Words = { dimension: string; metric: string; lagWords: string };

function betweenWords(row: Pick<CorrelationRow, "betweenR" | "betweenN" | "betweenCiLow" | "betweenCiHigh">, w: Words, why: string | null): string {
  if (row.betweenR === null) return `Between teams: ${why ?? "not enough teams to compare"}.`;
  const n = `${row.betweenN} teams`;
  if (strengthOf(row.betweenR) === "no" || !clear(row.betweenCiLow, row.betweenCiHigh))
    return `Between teams: no clear relation — teams with higher ${w.dimension} did not reliably have higher or lower ${w.metric} ${w.lagWords} (r = ${fmt(row.betweenR)}${interval(row.betweenCiLow, row.betweenCiHigh)}, ${n}).`;
  return `Between teams: teams with higher ${w.dimension} tended to have ${row.betweenR > 0 ? "higher" : "lower"} ${w.metric} ${w.lagWords} (${strengthOf(row.betweenR)} relation, r = ${fmt(row.betweenR)}${interval(row.betweenCiLow, row.betweenCiHigh)}, ${n}). Markets, segments and managers differ between teams, so this may not be the score's doing.`;
}

function withinWords(row: Pick<CorrelationRow, "withinR" | "withinDf" | "withinCiLow" | "withinCiHigh" | "nPairs" | "nTeams">, w: Words, why: string | null): string {
  if (row.withinR === null) return `Within teams: ${why ?? "not enough repeated periods to tell"}.`;
  const n = `${row.nPairs} pairs from ${row.nTeams} teams`;
  if (strengthOf(row.withinR) === "no" || !clear(row.withinCiLow, row.withinCiHigh))
    return `Within teams: no clear pattern — when a team's ${w.dimension} changed, its ${w.metric} ${w.lagWords} did not reliably follow (r = ${fmt(row.withinR)}${interval(row.withinCiLow, row.withinCiHigh)}, ${n}).`;
  return `Within teams: when a team's ${w.dimension} rose, its ${w.metric} ${w.lagWords} tended to ${row.withinR > 0 ? "rise" : "fall"} too (${strengthOf(row.withinR)} relation, r = ${fmt(row.withinR)}${interval(row.withinCiLow, row.withinCiHigh)}, ${n}). This is the relation coaching can act on.`;
}

function verdictWords(
  row: Omit<CorrelationRow, "reading" | "betweenReading" | "withinReading" | "verdictReading" | "pAdjusted">,
  pAdjusted: number | null,
  w: Words,
  why: string | null,
): string {
  if (row.inference === "none" || row.p === null) {
    return `${why ?? `Only ${row.nTeams} team${row.nTeams === 1 ? "" : "s"} with ${row.nPairs} team-period pair${row.nPairs === 1 ? "" : "s"}`}: too little to say anything.`;
  }
  const sure =
    pAdjusted !== null && pAdjusted < 0.05 ? "is unlikely to be chance after adjusting for the number of tests" : "could well be chance after adjusting for the number of tests";
  const direction = row.slope! > 0 ? "higher" : "lower";
  const small = row.inference === "exploratory" ? ` Only ${row.nTeams} teams: exploratory, read it as a lead to check, not a finding.` : "";
  return `Overall, each point of ${w.dimension} went with ${direction} ${w.metric} ${w.lagWords}; counting each team once rather than each quarter, this ${sure}.${small} It describes teams, not individual reps, and does not show cause.`;
}

/** The pairs of one test, as parallel arrays (one entry per team-period). */
interface Pairs {
  team: string[];
  x: number[];
  y: number[];
}

type Tests = Pick<
  CorrelationRow,
  | "r"
  | "spearmanRho"
  | "slope"
  | "slopeSe"
  | "slopeDf"
  | "slopeCiLow"
  | "slopeCiHigh"
  | "p"
  | "withinR"
  | "withinDf"
  | "withinP"
  | "withinCiLow"
  | "withinCiHigh"
  | "betweenR"
  | "betweenN"
  | "betweenP"
  | "betweenCiLow"
  | "betweenCiHigh"
>;

const EMPTY_TESTS: Tests = {
  r: null,
  spearmanRho: null,
  slope: null,
  slopeSe: null,
  slopeDf: null,
  slopeCiLow: null,
  slopeCiHigh: null,
  p: null,
  withinR: null,
  withinDf: null,
  withinP: null,
  withinCiLow: null,
  withinCiHigh: null,
  betweenR: null,
  betweenN: null,
  betweenP: null,
  betweenCiLow: null,
  betweenCiHigh: null,
};

/** Why a part of a row could not be computed: a clause in English words, and the same clause said by key (ADR 057). */
interface Why {
  text: string;
  said: string;
}
const whyOf = (text: string, saidWhy: string): Why => ({ text, said: saidWhy });
const NOT_IN_VIEW = whyOf("not computed in this view", said("explorer.why.notInView"));

/** Every statistic of one set of pairs; `why…` say in plain words why a part could not be computed. */
function testPairs({ team, x, y }: Pairs, scope: string, detail: boolean) {
  const nTeams = new Set(team).size;
  const constant = (v: number[]) => v.every((a) => a === v[0]);
  const out: Tests = { ...EMPTY_TESTS };
  const why = { between: null as Why | null, within: null as Why | null, pooled: null as Why | null };
  const slope = clusteredSlopeTest(team, x, y);
  if ("notEnough" in slope) why.pooled = whyOf(slope.notEnough.replace(/\.$/, ""), slope.why);
  else if (constant(y)) why.pooled = whyOf("The outcome is the same in every pair, so there is no relation to estimate", said("explorer.why.outcomeSame"));
  else Object.assign(out, { slope: slope.slope, slopeSe: slope.se, slopeDf: slope.df, slopeCiLow: slope.ciLow, slopeCiHigh: slope.ciHigh, p: slope.p });
  if (!detail) return { nTeams, tests: out, why: { ...why, between: NOT_IN_VIEW, within: NOT_IN_VIEW } };
  if (x.length >= 3 && !constant(x) && !constant(y)) {
    out.r = pearsonCorrelation(x, y);
    out.spearmanRho = spearmanCorrelation(x, y);
  }
  if (scope !== "pooled") why.within = whyOf("one period shows no change within a team; see the pooled row", said("explorer.why.onePeriod"));
  else {
    const within = repeatedMeasuresCorrelation(team, x, y);
    if ("notEnough" in within) why.within = whyOf(within.notEnough.replace(/\.$/, ""), within.why);
    else Object.assign(out, { withinR: within.r, withinDf: within.df, withinP: within.p, withinCiLow: within.ciLow, withinCiHigh: within.ciHigh });
  }
  const means = clusterMeans(team, x, y).map((m) => ({ x: roundTo(m.x, STATISTICS_DECIMALS), y: roundTo(m.y, STATISTICS_DECIMALS) }));
  if (means.length < 4)
    why.between = whyOf(`only ${means.length} team${means.length === 1 ? "" : "s"}, at least 4 are needed`, said("explorer.why.betweenFewTeams", { teams: means.length }));
  else if (constant(means.map((m) => m.x)) || constant(means.map((m) => m.y)))
    why.between = whyOf("every team has the same average, so there is nothing to compare", said("explorer.why.sameAverage"));
  else {
    const between = pearsonTest(
      means.map((m) => m.x),
      means.map((m) => m.y),
    );
    Object.assign(out, { betweenR: between.r, betweenN: between.n, betweenP: between.p, betweenCiLow: between.ciLow, betweenCiHigh: between.ciHigh });
  }
  return { nTeams, tests: out, why };
}

/**
 * Culture against outcomes: for each dimension × metric × lag, the pairs (team's score in period t, the
 * same team's metric in period t + lag) over shown team-periods only, pooled over the periods and per
 * period, with the between-team and within-team readings and the pooled slope's team-clustered test
 * (see CorrelationRow), and Benjamini–Hochberg adjusted p over every test done here (the family is what
 * was asked for). Scores and metrics are rounded to STATISTICS_DECIMALS and pairs ordered by team key and
 * period first, so the same data gives the same numbers to the last digit. Pairs where either side is
 * missing are dropped.
 */
export function correlateCultureWithOutcomes(input: CorrelationInput): CorrelationRow[] {
  return correlationsWithReasons(input).map((r) => r.row);
}

/**
 * Where a row's reading says that a part could not be computed, why, said by key (ADR 057) for a page in the
 * reader's language: a clause, English word for word as the row's reading has it. Null where the part was computed.
 */
export interface CorrelationReasons {
  between: string | null;
  within: string | null;
  verdict: string | null;
}

/** The rows of `correlateCultureWithOutcomes`, each with the reasons its readings give, said (for the explorer page). */
export function correlationsWithReasons(input: CorrelationInput): Array<{ row: CorrelationRow; reasons: CorrelationReasons }> {
  const metricsByKey = new Map(input.metrics.map((m) => [`${m.team}\u0000${m.period}`, m]));
  const periods = input.periods ? new Set(input.periods) : null;
  const orderOf = (team: string) => input.teamOrder?.get(team) ?? team;
  const rows: Array<{ row: Omit<CorrelationRow, "reading" | "betweenReading" | "withinReading" | "verdictReading" | "pAdjusted">; why: ReturnType<typeof testPairs>["why"] }> = [];
  // Shifted periods and rounded metric values are computed once, not once per dimension × metric × lag.
  const shifted = new Map<string, string>();
  const shift = (period: string, lag: number) => {
    const key = `${period}\u0000${lag}`;
    let value = shifted.get(key);
    if (value === undefined) shifted.set(key, (value = shiftPeriod(period, input.kind, lag)));
    return value;
  };
  const roundedMetrics = new Map<string, Map<string, number>>();
  const metricValue = (metric: string, key: string): number | undefined => {
    let byKey = roundedMetrics.get(metric);
    if (!byKey) {
      byKey = new Map();
      for (const [k, row] of metricsByKey) {
        const value = (row as Record<string, unknown>)[metric];
        if (typeof value === "number" && Number.isFinite(value)) byKey.set(k, roundTo(value, STATISTICS_DECIMALS));
      }
      roundedMetrics.set(metric, byKey);
    }
    return byKey.get(key);
  };
  for (const dimension of input.dimensions) {
    // One score per team and period, ordered by team key then period: the pairs' order, whatever the ids.
    const scores = input.scores
      .filter((s) => s.dimension === dimension && !s.suppressed && s.mean !== null && (!periods || periods.has(s.period)))
      .map((s) => ({ team: s.team, order: orderOf(s.team), period: s.period, x: roundTo(s.mean!, STATISTICS_DECIMALS) }))
      .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0) || a.period.localeCompare(b.period));
    const scopes = ["pooled", ...[...new Set(scores.map((s) => s.period))].sort()];
    // Each score's metric key at each lag, once per dimension rather than once per metric.
    const keysByLag = new Map(input.lags.map((lag) => [lag, scores.map((s) => `${s.team}\u0000${shift(s.period, lag)}`)]));
    for (const metric of input.metricKeys) {
      for (const lag of input.lags) {
        const keys = keysByLag.get(lag)!;
        const all: Pairs = { team: [], x: [], y: [] };
        const byScope = new Map<string, Pairs>(scopes.slice(1).map((scope) => [scope, { team: [], x: [], y: [] }]));
        scores.forEach((s, i) => {
          const y = metricValue(metric, keys[i]!);
          if (y === undefined) return;
          for (const pairs of [all, byScope.get(s.period)!]) {
            pairs.team.push(s.team);
            pairs.x.push(s.x);
            pairs.y.push(y);
          }
        });
        for (const scope of scopes) {
          const pairs = scope === "pooled" ? all : byScope.get(scope)!;
          const { nTeams, tests, why } = testPairs(pairs, scope, !input.detail || input.detail({ dimension, metric, lag, scope }));
          const inference = tests.p === null ? "none" : inferenceFor(nTeams);
          rows.push({ row: { dimension, metric, lag, scope, nPairs: pairs.x.length, nTeams, inference, ...tests }, why });
        }
      }
    }
  }
  const tested = rows.map((r, i) => ({ p: r.row.p, i })).filter((r): r is { p: number; i: number } => r.p !== null);
  const adjusted = new Map<number, number>();
  if (tested.length > 0) benjaminiHochberg(tested.map((t) => t.p)).forEach((p, j) => adjusted.set(tested[j]!.i, p));
  return rows.map(({ row, why }, i) => {
    const pAdjusted = adjusted.get(i) ?? null;
    const words: Words = {
      dimension: (input.names?.dimensions?.[row.dimension] ?? row.dimension).toLowerCase(),
      metric: (input.names?.metrics?.[row.metric] ?? row.metric).toLowerCase(),
      lagWords: row.lag === 0 ? "in the same period" : `${row.lag} period${row.lag === 1 ? "" : "s"} later`,
    };
    const betweenReading = betweenWords(row, words, why.between?.text ?? null);
    const withinReading = withinWords(row, words, why.within?.text ?? null);
    const verdict = verdictWords(row, pAdjusted, words, why.pooled?.text ?? null);
    const reasons: CorrelationReasons = {
      between: row.betweenR === null ? (why.between?.said ?? said("explorer.why.betweenDefault")) : null,
      within: row.withinR === null ? (why.within?.said ?? said("explorer.why.withinDefault")) : null,
      verdict: row.inference === "none" || row.p === null ? (why.pooled?.said ?? said("explorer.why.verdictDefault", { teams: row.nTeams, pairs: row.nPairs })) : null,
    };
    return { row: { ...row, pAdjusted, betweenReading, withinReading, verdictReading: verdict, reading: `${betweenReading} ${withinReading} ${verdict}` }, reasons };
  });
}
