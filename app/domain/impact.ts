import { leastSquaresSlope, mean, meanInterval, welchDifference, type MeanInterval } from "./statistics";
import { formatScoreChange } from "./format";

/** One team's value of an outcome in one period (a wave's shown score, or a quarter's CRM metric). */
export interface PanelRow {
  team: string;
  period: string;
  value: number;
}

export type ImpactVerdict = "too-little-data" | "improved" | "worsened" | "no-clear-difference";

export interface DidResult {
  treatedTeams: number;
  controlTeams: number;
  /** Mean of the teams' before and after values (each team's periods averaged first). */
  treatedBefore: number | null;
  treatedAfter: number | null;
  controlBefore: number | null;
  controlAfter: number | null;
  /** (treated after − before) − (control after − before), over teams; null with too little data. */
  estimate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  df: number | null;
  verdict: ImpactVerdict;
  text: string;
}

/** At least this many teams on each side with values before and after, or Candor says it cannot tell. */
export const MIN_TEAMS_PER_SIDE = 2;

const teamMeans = (rows: readonly PanelRow[], team: string, after: boolean, isAfter: (period: string) => boolean) => {
  const values = rows.filter((r) => r.team === team && isAfter(r.period) === after).map((r) => r.value);
  return values.length ? mean(values) : null;
};

/**
 * Untrained teams similar to the trained ones: for each trained team, the `perTreated` untrained teams
 * whose value before the training was closest (each comparison team counted once).
 */
export function similarTeams(rows: readonly PanelRow[], treated: readonly string[], candidates: readonly string[], isAfter: (period: string) => boolean, perTreated = 2): string[] {
  const before = new Map(candidates.map((t) => [t, teamMeans(rows, t, false, isAfter)]));
  const usable = candidates.filter((t) => before.get(t) !== null && teamMeans(rows, t, true, isAfter) !== null);
  const chosen = new Set<string>();
  for (const team of treated) {
    const own = teamMeans(rows, team, false, isAfter);
    if (own === null) continue;
    [...usable]
      .sort((a, b) => Math.abs(before.get(a)! - own) - Math.abs(before.get(b)! - own) || a.localeCompare(b))
      .slice(0, perTreated)
      .forEach((t) => chosen.add(t));
  }
  return [...chosen].sort();
}

/**
 * Difference-in-differences at team level: each team's change (mean after − mean before), then the
 * trained teams' mean change minus the comparison teams' mean change, with Welch's 95% interval (as R's
 * `t.test(changeTrained, changeComparison)`). Teams without values on both sides are left out. With fewer
 * than two teams on a side it says there is too little data rather than guess.
 */
export function differenceInDifferences(input: {
  rows: readonly PanelRow[];
  treated: readonly string[];
  control: readonly string[];
  isAfter: (period: string) => boolean;
  /** False for forecast pressure or |bias|-like outcomes where lower is better. */
  higherIsBetter: boolean;
  label: string;
  format?: (value: number) => string;
}): DidResult {
  const format = input.format ?? formatScoreChange;
  const changes = (teams: readonly string[]) =>
    teams.flatMap((team) => {
      const before = teamMeans(input.rows, team, false, input.isAfter);
      const after = teamMeans(input.rows, team, true, input.isAfter);
      return before === null || after === null ? [] : [{ before, after, change: after - before }];
    });
  const t = changes(input.treated);
  const c = changes(input.control);
  const avg = (xs: number[]) => (xs.length ? mean(xs) : null);
  const base = {
    treatedTeams: t.length,
    controlTeams: c.length,
    treatedBefore: avg(t.map((x) => x.before)),
    treatedAfter: avg(t.map((x) => x.after)),
    controlBefore: avg(c.map((x) => x.before)),
    controlAfter: avg(c.map((x) => x.after)),
  };
  const tooLittle = (why: string): DidResult => ({
    ...base,
    estimate: null,
    ciLow: null,
    ciHigh: null,
    df: null,
    verdict: "too-little-data",
    text: `Too little data to tell for ${input.label}: ${why}`,
  });
  if (t.length < MIN_TEAMS_PER_SIDE || c.length < MIN_TEAMS_PER_SIDE) {
    return tooLittle(
      `${t.length} trained and ${c.length} comparison team${c.length === 1 ? "" : "s"} have results both before and after; at least ${MIN_TEAMS_PER_SIDE} of each are needed.`,
    );
  }
  const tc = t.map((x) => x.change);
  const cc = c.map((x) => x.change);
  if (tc.every((v) => v === tc[0]) && cc.every((v) => v === cc[0])) return tooLittle("every team changed by exactly the same amount, so there is no spread to judge by.");
  const d = welchDifference(tc, cc);
  const better = input.higherIsBetter ? d.ciLow > 0 : d.ciHigh < 0;
  const worse = input.higherIsBetter ? d.ciHigh < 0 : d.ciLow > 0;
  const interval = `95% interval ${format(d.ciLow)} to ${format(d.ciHigh)}, ${t.length} trained and ${c.length} comparison teams`;
  const verdict: ImpactVerdict = better ? "improved" : worse ? "worsened" : "no-clear-difference";
  const text =
    verdict === "no-clear-difference"
      ? `No clear difference in ${input.label}: the trained managers' teams changed by ${format(d.diff)} relative to similar untrained teams, but the ${interval} includes no change.`
      : `${input.label[0]!.toUpperCase()}${input.label.slice(1)} ${verdict === "improved" ? "improved" : "got worse"} in the trained managers' teams: ${format(d.diff)} relative to similar untrained teams (${interval}). Teams, not people; other things may have changed too.`;
  return { ...base, estimate: d.diff, ciLow: d.ciLow, ciHigh: d.ciHigh, df: d.df, verdict, text };
}

export type PreTrendVerdict = "parallel" | "not-parallel" | "too-little-data";

export interface PreTrendResult {
  /** Teams whose slope entered: results in at least MIN_PRE_PERIODS periods before the training (and some after). */
  trainedTeams: number;
  controlTeams: number;
  /** Distinct periods before the training among those teams' rows. */
  periodsBefore: number;
  /** Mean of the teams' own slopes (value per period) before the training; null when no team has one. */
  trainedSlope: number | null;
  controlSlope: number | null;
  /** trainedSlope − controlSlope with Welch's 95% interval, df and two-sided p (R's `t.test`); null with too little data. */
  difference: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  df: number | null;
  p: number | null;
  verdict: PreTrendVerdict;
  text: string;
}

/** A team needs results in at least this many periods before the training for a slope. */
export const MIN_PRE_PERIODS = 2;
/** Below this p the pre-training slopes are called not parallel. */
export const PRE_TREND_ALPHA = 0.05;

/** Ordinary least-squares slope of value on period index (R's `coef(lm(value ~ index))[2]`); x must vary. */
const olsSlope = (points: ReadonlyArray<{ x: number; y: number }>): number =>
  leastSquaresSlope(
    points.map((p) => p.x),
    points.map((p) => p.y),
  );

/** Teams of `teams` with values both before and after the training: the ones the estimate uses. */
const bothSides = (rows: readonly PanelRow[], teams: readonly string[], isAfter: (period: string) => boolean) =>
  teams.filter((team) => rows.some((r) => r.team === team && isAfter(r.period)) && rows.some((r) => r.team === team && !isAfter(r.period)));

const formatP = (p: number) => (p < 0.001 ? "p < 0.001" : `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`);

/**
 * Whether the trained and comparison teams moved in parallel before the training, which the
 * difference-in-differences assumes (ADR 025): each team's least-squares slope of its value on the period
 * index over the periods before the training (at least MIN_PRE_PERIODS of them), then Welch's t-test of
 * the trained teams' slopes against the comparison teams' (as R's `t.test(trained, comparison)`). Only the
 * teams the estimate uses (values before and after) enter. Fewer than two teams with a slope on a side, or
 * slopes without any spread, give "too-little-data" with a sentence saying why, never NaN.
 */
export function preTrendCheck(input: {
  rows: readonly PanelRow[];
  treated: readonly string[];
  control: readonly string[];
  isAfter: (period: string) => boolean;
  /** Position of a period on an evenly spaced axis (waves in order; quarters counted), so a slope is "per period". */
  periodIndex: (period: string) => number;
  label: string;
  /** The period in words: "wave" or "quarter". */
  unit: string;
  /** Formats a slope or a difference of slopes (signed). */
  format?: (value: number) => string;
}): PreTrendResult {
  // Slopes are small next to the scores, so three decimals by default.
  const format = input.format ?? ((v: number) => `${v > 0 ? "+" : v < 0 ? "−" : ""}${Math.abs(v).toFixed(3)}`);
  const before = input.rows.filter((r) => !input.isAfter(r.period));
  const slopes = (teams: readonly string[]) =>
    bothSides(input.rows, teams, input.isAfter).flatMap((team) => {
      const points = before.filter((r) => r.team === team).map((r) => ({ x: input.periodIndex(r.period), y: r.value }));
      return new Set(points.map((p) => p.x)).size < MIN_PRE_PERIODS ? [] : [{ team, slope: olsSlope(points), periods: points.map((p) => p.x) }];
    });
  const t = slopes(input.treated);
  const c = slopes(input.control);
  const ts = t.map((x) => x.slope);
  const cs = c.map((x) => x.slope);
  const base = {
    trainedTeams: t.length,
    controlTeams: c.length,
    periodsBefore: new Set([...t, ...c].flatMap((x) => x.periods)).size,
    trainedSlope: ts.length ? mean(ts) : null,
    controlSlope: cs.length ? mean(cs) : null,
  };
  const notEnough = (why: string): PreTrendResult => ({
    ...base,
    difference: null,
    ciLow: null,
    ciHigh: null,
    df: null,
    p: null,
    verdict: "too-little-data",
    text: `Not enough data before the training to check that the trained and comparison teams' ${input.label} moved in parallel: ${why}`,
  });
  if (t.length < MIN_TEAMS_PER_SIDE || c.length < MIN_TEAMS_PER_SIDE) {
    return notEnough(
      `${t.length} trained and ${c.length} comparison team${c.length === 1 ? "" : "s"} have results in at least ${MIN_PRE_PERIODS} ${input.unit}s before it; at least ${MIN_TEAMS_PER_SIDE} of each are needed.`,
    );
  }
  const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
  // Slopes equal to rounding (constant values give 0, and a constant step gives 0.1 ± 1e-17) carry no spread.
  if (spread(ts) < 1e-12 && spread(cs) < 1e-12)
    return notEnough(`every team's ${input.label} moved by exactly the same amount each ${input.unit}, so there is no spread to judge by.`);
  const d = welchDifference(ts, cs);
  const a = base.trainedSlope!;
  const b = base.controlSlope!;
  const detail = `${format(a)} vs ${format(b)} a ${input.unit}; difference ${format(d.diff)}, 95% interval ${format(d.ciLow)} to ${format(d.ciHigh)}, ${formatP(d.p)}; ${t.length} trained and ${c.length} comparison teams`;
  const result = { ...base, difference: d.diff, ciLow: d.ciLow, ciHigh: d.ciHigh, df: d.df, p: d.p };
  if (d.p < PRE_TREND_ALPHA) {
    return {
      ...result,
      verdict: "not-parallel",
      text: `Before the training, trained teams' ${input.label} was already ${motion(a, b)} (${detail}): the estimate may reflect that, not the training.`,
    };
  }
  return {
    ...result,
    verdict: "parallel",
    text: `Before the training the two groups' ${input.label} moved in parallel (${detail}), which the estimate assumes. With few teams this check can miss a gap as large as its interval.`,
  };
}

/** How the trained teams' slope `a` compared with the comparison teams' `b` (a ≠ b), in words. */
function motion(a: number, b: number): string {
  const them = "the comparison teams'";
  const their = (v: number) => (v > 0 ? `${them} was rising` : v < 0 ? `${them} was falling` : `${them} held steady`);
  if (Math.sign(a) !== Math.sign(b)) return `${a > 0 ? "rising" : a < 0 ? "falling" : "holding steady"} while ${their(b)}`;
  if (a > 0) return `rising ${a > b ? "faster" : "more slowly"} than ${them}`;
  return `falling ${a < b ? "faster" : "more slowly"} than ${them}`;
}

export interface PeriodMeans {
  period: string;
  index: number;
  after: boolean;
  /** Mean over the trained (comparison) teams' values in this period, with n teams and a 95% interval; null when none. */
  trained: MeanInterval | null;
  control: MeanInterval | null;
}

/**
 * The trained and the comparison teams' mean in each period, before and after the training, over the teams
 * the estimate uses (values on both sides): what the page draws, in period order.
 */
export function periodMeans(input: {
  rows: readonly PanelRow[];
  treated: readonly string[];
  control: readonly string[];
  isAfter: (period: string) => boolean;
  periodIndex: (period: string) => number;
}): PeriodMeans[] {
  const treated = new Set(bothSides(input.rows, input.treated, input.isAfter));
  const control = new Set(bothSides(input.rows, input.control, input.isAfter));
  const periods = [...new Set(input.rows.filter((r) => treated.has(r.team) || control.has(r.team)).map((r) => r.period))];
  const of = (period: string, teams: Set<string>) => {
    const values = input.rows.filter((r) => r.period === period && teams.has(r.team)).map((r) => r.value);
    return values.length ? meanInterval(values) : null;
  };
  return periods
    .map((period) => ({ period, index: input.periodIndex(period), after: input.isAfter(period), trained: of(period, treated), control: of(period, control) }))
    .sort((x, y) => x.index - y.index);
}
