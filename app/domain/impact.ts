import { mean, welchDifference } from "./statistics";

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
  const format = input.format ?? ((v: number) => v.toFixed(2));
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
  const tooLittle = (why: string): DidResult => ({ ...base, estimate: null, ciLow: null, ciHigh: null, df: null, verdict: "too-little-data", text: `Too little data to tell for ${input.label}: ${why}` });
  if (t.length < MIN_TEAMS_PER_SIDE || c.length < MIN_TEAMS_PER_SIDE) {
    return tooLittle(`${t.length} trained and ${c.length} comparison team${c.length === 1 ? "" : "s"} have results both before and after; at least ${MIN_TEAMS_PER_SIDE} of each are needed.`);
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
