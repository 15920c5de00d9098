import { addMonths } from "./calendar";
import type { PeriodKind } from "./crm/periods";
import { addMoments, iccFromMoments, summarizeMoments, type Moments } from "./moments";
import { benjaminiHochberg, pearsonTest, spearmanTest } from "./statistics";

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
        ? reliability(team, dimension, list.map((c) => c.waveId))
        : { alpha: weightedMean(list.map((c) => ({ value: c.alpha, n: c.n }))), rwgJ: weightedMean(list.map((c) => ({ value: c.rwgJ, n: c.n }))) }),
      moments,
    });
  }
  return out.sort((a, b) => a.period.localeCompare(b.period) || a.team.localeCompare(b.team) || a.dimension.localeCompare(b.dimension));
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

export type Inference = "none" | "exploratory" | "confirmatory";

export interface CorrelationRow {
  dimension: string;
  metric: string;
  lag: number;
  /** "pooled" over the chosen periods, or the period (culture's period) the pairs come from. */
  scope: string;
  nPairs: number;
  r: number | null;
  t: number | null;
  df: number | null;
  p: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  spearmanRho: number | null;
  spearmanP: number | null;
  /** Benjamini–Hochberg over every test in the request (all dimensions × metrics × lags × scopes). */
  pAdjusted: number | null;
  /** Fewer than 4 pairs: no inference; 4–9: exploratory; 10 or more: a test worth reading. */
  inference: Inference;
  reading: string;
}

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
}

export const TEAM_LEVEL_WORDS =
  "These are correlations between teams, not people: they describe how teams with higher scores tended to do, and say nothing about any one rep. A correlation is not a cause.";

function inferenceFor(n: number): Inference {
  if (n < 4) return "none";
  if (n < 10) return "exploratory";
  return "confirmatory";
}

function reading(row: Omit<CorrelationRow, "reading" | "pAdjusted">, pAdjusted: number | null, names: CorrelationInput["names"]): string {
  const dimension = (names?.dimensions?.[row.dimension] ?? row.dimension).toLowerCase();
  const metric = (names?.metrics?.[row.metric] ?? row.metric).toLowerCase();
  const lagWords = row.lag === 0 ? "in the same period" : `${row.lag} period${row.lag === 1 ? "" : "s"} later`;
  if (row.inference === "none" || row.r === null) {
    return `Only ${row.nPairs} team-period pair${row.nPairs === 1 ? "" : "s"}: too few to say anything.`;
  }
  const strength = Math.abs(row.r) < 0.1 ? "no" : Math.abs(row.r) < 0.3 ? "a weak" : Math.abs(row.r) < 0.5 ? "a moderate" : "a strong";
  const direction = row.r > 0 ? "higher" : "lower";
  const relation =
    strength === "no" ? `Teams' ${dimension} scores show no relation to ${metric} ${lagWords}` : `Teams with higher ${dimension} scores tended to have ${direction} ${metric} ${lagWords} (${strength} relation, r = ${row.r.toFixed(2)})`;
  const sure =
    pAdjusted !== null && pAdjusted < 0.05
      ? "is unlikely to be chance after adjusting for the number of tests"
      : "could well be chance after adjusting for the number of tests";
  const small = row.inference === "exploratory" ? ` Only ${row.nPairs} pairs: exploratory, read it as a lead to check, not a finding.` : "";
  return `${relation}; this ${sure}.${small} It describes teams, not individual reps, and does not show cause.`;
}

/**
 * Culture against outcomes: for each dimension × metric × lag, the pairs (team's score in period t,
 * the same team's metric in period t + lag) over shown team-periods only, pooled over the periods and
 * per period. Pearson's r with t, df, two-sided p and the Fisher-z interval (as R's `cor.test`),
 * Spearman's ρ with its t approximation, and Benjamini–Hochberg adjusted p over every test done here
 * (the family is what was asked for). Pairs where either side is missing are dropped; a constant side
 * gives no test.
 */
export function correlateCultureWithOutcomes(input: CorrelationInput): CorrelationRow[] {
  const metricsByKey = new Map(input.metrics.map((m) => [`${m.team}\u0000${m.period}`, m]));
  const periods = input.periods ? new Set(input.periods) : null;
  const rows: Array<Omit<CorrelationRow, "reading" | "pAdjusted">> = [];
  for (const dimension of input.dimensions) {
    const scores = input.scores.filter((s) => s.dimension === dimension && !s.suppressed && s.mean !== null && (!periods || periods.has(s.period)));
    const scopes = ["pooled", ...[...new Set(scores.map((s) => s.period))].sort()];
    for (const metric of input.metricKeys) {
      for (const lag of input.lags) {
        for (const scope of scopes) {
          const x: number[] = [];
          const y: number[] = [];
          for (const s of scores) {
            if (scope !== "pooled" && s.period !== scope) continue;
            const row = metricsByKey.get(`${s.team}\u0000${shiftPeriod(s.period, input.kind, lag)}`) as Record<string, unknown> | undefined;
            const value = row?.[metric];
            if (typeof value !== "number" || !Number.isFinite(value)) continue;
            x.push(s.mean!);
            y.push(value);
          }
          const n = x.length;
          const inference = inferenceFor(n);
          const constant = (v: number[]) => v.every((a) => a === v[0]);
          const empty = { r: null, t: null, df: null, p: null, ciLow: null, ciHigh: null, spearmanRho: null, spearmanP: null };
          if (inference === "none" || constant(x) || constant(y)) {
            rows.push({ dimension, metric, lag, scope, nPairs: n, inference: "none", ...empty });
            continue;
          }
          const pearson = pearsonTest(x, y);
          const spearman = spearmanTest(x, y);
          rows.push({
            dimension,
            metric,
            lag,
            scope,
            nPairs: n,
            inference,
            r: pearson.r,
            t: pearson.t,
            df: pearson.df,
            p: pearson.p,
            ciLow: pearson.ciLow,
            ciHigh: pearson.ciHigh,
            spearmanRho: spearman.rho,
            spearmanP: spearman.p,
          });
        }
      }
    }
  }
  const tested = rows.map((r, i) => ({ p: r.p, i })).filter((r): r is { p: number; i: number } => r.p !== null);
  const adjusted = new Map<number, number>();
  if (tested.length > 0) benjaminiHochberg(tested.map((t) => t.p)).forEach((p, j) => adjusted.set(tested[j]!.i, p));
  return rows.map((row, i) => {
    const pAdjusted = adjusted.get(i) ?? null;
    return { ...row, pAdjusted, reading: reading(row, pAdjusted, input.names) };
  });
}
