/** Which plays to try, and why: pure rules from a team's shown results and CRM metrics to the playbook. */
import { blindSpotSaid, blindSpotSentence, LARGE_GAP, lowerQuartile } from "./coaching";
import { STALE_AFTER_DAYS } from "./crm/metrics";
import { median } from "./statistics";
import { DIMENSION_SIGNALS, SIGNALS, type Signal } from "./playbook";
import { formatDate, formatPercent, formatScore, formatScoreChange } from "./format";
import { said, saidDate } from "~/i18n/said";

export interface RecommendationDimension {
  key: string;
  name: string;
  /** False for forecast pressure: there, high is bad. */
  higherIsBetter: boolean;
}

export interface RecommendationTeam {
  id: string;
  name: string;
  /** Per dimension: the latest shown mean (null when hidden) and the change since the previous wave. */
  scores: Record<string, { mean: number | null; change: { diff: number; ciLow: number; ciHigh: number } | null }>;
  /** Shown self-vs-team gaps of the latest wave: gap = manager's score − team mean. */
  gaps: ReadonlyArray<{ dimension: string; gap: number | null; reading: string }>;
  /**
   * CRM metrics by quarter (any order); null where a quarter has no data for the metric. `knownUpsideShare`
   * is the sandbagging signal (ADR 023): the share of the quarter's won amount from deals open at its start
   * but left out of Commit.
   */
  crm: ReadonlyArray<{ period: string; winRate: number | null; staleShare: number | null; knownUpsideShare: number | null }>;
}

export interface RecommendablePlay {
  id: string;
  key: string;
  title: string;
  dimensionKeys: readonly string[];
  signals: readonly string[];
}

export interface TeamSignal {
  signal: Signal;
  /** The dimension for low, falling and blind-spot signals (and forecast pressure for sandbagging). */
  dimension: string | null;
  /** How far past its line the signal is: 1 at the line, +1 per scale point or per 10 percentage points beyond. */
  strength: number;
  /** One sentence, with the numbers. */
  reason: string;
  /**
   * The same sentence said by key (ADR 057), for a page in its reader's language: numbers and dates as ICU
   * values, a dimension's name as the `dimension` value in English (the page puts Candor's in its language).
   */
  said: string;
}

export interface Recommendation {
  playId: string;
  playKey: string;
  playTitle: string;
  signal: Signal;
  dimension: string | null;
  reason: string;
  /** The reason said by key (TeamSignal's `said`). */
  said: string;
}

export interface TeamRecommendations {
  teamId: string;
  teamName: string;
  signals: TeamSignal[];
  recommendations: Recommendation[];
}

/** The midpoint of the 7-point scale: a dimension on the worse side of it is low whatever other teams score. */
export const LOW_SCORE = 4;
/** An open pipeline with at least this share stale (no activity for 14+ days) is a signal on its own. */
export const HIGH_STALE_SHARE = 0.3;
/**
 * Upside from known pipeline at or above this share of the won amount in each of the last two quarters with
 * data is persistent sandbagging (ADR 023): a quarter or more of what the team won was in its pipeline at
 * the quarter's start and left out of Commit. Deals created and won inside the quarter never count.
 */
export const SANDBAG_UPSIDE_SHARE = 0.25;
/** Forecast-honesty pressure at or above this (of 7) makes upside from known pipeline a culture signal. */
export const HIGH_FORECAST_PRESSURE = 4.5;
/** Quartile rules need at least this many teams with a value; with fewer there is no "lowest quarter". */
export const MIN_TEAMS_FOR_QUARTILES = 4;
export const MAX_RECOMMENDATIONS = 3;

const FORECAST_PRESSURE = "forecast_pressure";

const one = formatScore;
const signedOne = formatScoreChange;
const percent = formatPercent;

/**
 * The line of the worst quarter (lower quartile) of at least four values, and their median: a value is
 * in the worst quarter when it is at or below the line and below the median, so that teams tied with
 * most others are not singled out.
 */
function worstQuarterOf(values: readonly number[]): { cut: number; median: number; n: number } | null {
  return values.length >= MIN_TEAMS_FOR_QUARTILES ? { cut: lowerQuartile(values)!, median: median(values), n: values.length } : null;
}

/** Latest rows first, by period. */
function latestFirst<T extends { period: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => b.period.localeCompare(a.period));
}

function latestWith<K extends "winRate" | "staleShare">(team: RecommendationTeam, metric: K): { period: string; value: number } | null {
  const row = latestFirst(team.crm).find((r) => r[metric] !== null);
  return row ? { period: row.period, value: row[metric] as number } : null;
}

/**
 * A team's signals, strongest first. Each rule, with its line:
 * - low-dimension: a shown dimension on the worse side of the midpoint (below 4.0 of 7, above it for
 *   forecast pressure, where high is bad), or in the worst quarter of the shown teams (among at least
 *   four; at or past the quartile and worse than the median, so ties with most teams do not count);
 * - falling-dimension: the change since the last wave has a 95% interval entirely on the worse side;
 * - blind-spot: the manager sees the team at least one point better than the team sees itself;
 * - stale-pipeline: the latest quarter's stale share is at least 30%, or in the highest quarter of teams;
 * - forecast-bias: forecast bias at or below −10% in each of the last two quarters with data, together
 *   with a shown forecast-honesty pressure of at least 4.5 of 7;
 * - low-win-rate: the latest quarter's win rate is in the lowest quarter of teams (among at least four).
 * Strength is 1 at the line plus the distance beyond it, in scale points (dimension signals) or in tens
 * of percentage points (CRM signals); ties keep the order of the list above. Hidden scores never give a
 * signal: a null mean is skipped and so is a team whose gap the engine hid.
 */
export function detectSignals(input: { dimensions: readonly RecommendationDimension[]; teams: readonly RecommendationTeam[] }): Map<string, TeamSignal[]> {
  // Everything oriented so that lower is worse: forecast pressure is turned around as 8 − score.
  const orient = (d: RecommendationDimension, mean: number) => (d.higherIsBetter ? mean : 8 - mean);
  const worstQuarter = new Map<string, { cut: number; median: number; n: number }>();
  for (const d of input.dimensions) {
    const shown = input.teams.map((t) => t.scores[d.key]?.mean).filter((m): m is number => m !== null && m !== undefined);
    const quarter = worstQuarterOf(shown.map((m) => orient(d, m)));
    if (quarter) worstQuarter.set(d.key, quarter);
  }
  const staleValues = input.teams.map((t) => latestWith(t, "staleShare")?.value).filter((v): v is number => v !== undefined);
  const winValues = input.teams.map((t) => latestWith(t, "winRate")?.value).filter((v): v is number => v !== undefined);
  // Stale share: high is bad, so its worst quarter is the highest (turned around to reuse the lower one).
  const staleQuarter = worstQuarterOf(staleValues.map((v) => -v));
  const winQuarter = worstQuarterOf(winValues);

  const out = new Map<string, TeamSignal[]>();
  for (const team of input.teams) {
    const signals: TeamSignal[] = [];
    for (const d of input.dimensions) {
      const cell = team.scores[d.key];
      if (!cell || cell.mean === null) continue;
      const value = orient(d, cell.mean);
      const quarter = worstQuarter.get(d.key);
      const belowMidpoint = value < LOW_SCORE;
      const inWorstQuarter = quarter !== undefined && value <= quarter.cut && value < quarter.median;
      if (belowMidpoint || inWorstQuarter) {
        const side = d.higherIsBetter ? "below" : "above";
        const quarterWords = `in the ${d.higherIsBetter ? "lowest" : "highest"} quarter of the ${quarter?.n} teams shown`;
        const reason =
          belowMidpoint && inWorstQuarter
            ? `${d.name} is ${one(cell.mean)} of 7: ${side} the scale's midpoint of 4.0 and ${quarterWords}.`
            : belowMidpoint
              ? `${d.name} is ${one(cell.mean)} of 7, ${side} the scale's midpoint of 4.0.`
              : `${d.name} is ${one(cell.mean)} of 7, ${quarterWords}.`;
        const values = { dimension: d.name, score: cell.mean, midpoint: LOW_SCORE, teams: quarter?.n ?? 0, direction: d.higherIsBetter ? "higherIsBetter" : "higherIsWorse" };
        const key = belowMidpoint && inWorstQuarter ? "recommend.reason.lowMidpointAndQuarter" : belowMidpoint ? "recommend.reason.lowMidpoint" : "recommend.reason.lowQuarter";
        const excess = Math.max(belowMidpoint ? LOW_SCORE - value : 0, inWorstQuarter ? quarter.cut - value : 0);
        signals.push({ signal: "low-dimension", dimension: d.key, strength: 1 + excess, reason, said: said(key, values) });
      }
      const change = cell.change;
      if (change && (d.higherIsBetter ? change.ciHigh < 0 : change.ciLow > 0)) {
        signals.push({
          signal: "falling-dimension",
          dimension: d.key,
          strength: 1 + Math.abs(change.diff),
          reason: `${d.name} ${d.higherIsBetter ? "fell" : "rose"} ${one(Math.abs(change.diff))} points since the last wave (95% interval ${signedOne(change.ciLow)} to ${signedOne(change.ciHigh)}).`,
          said: said(d.higherIsBetter ? "recommend.reason.fell" : "recommend.reason.rose", {
            dimension: d.name,
            by: Math.abs(change.diff),
            low: change.ciLow,
            high: change.ciHigh,
          }),
        });
      }
    }
    for (const g of team.gaps) {
      const d = input.dimensions.find((x) => x.key === g.dimension);
      if (!d || g.gap === null || g.reading !== "blind-spot" || Math.abs(g.gap) < LARGE_GAP) continue;
      // Only shown cells reach here; the manager's score says nothing about the team on its own.
      if (!team.scores[d.key] || team.scores[d.key]!.mean === null) continue;
      signals.push({
        signal: "blind-spot",
        dimension: d.key,
        strength: 1 + (Math.abs(g.gap) - LARGE_GAP),
        reason: blindSpotSentence(d, g.gap),
        said: blindSpotSaid(d, g.gap),
      });
    }
    const stale = latestWith(team, "staleShare");
    if (stale) {
      const overLine = stale.value >= HIGH_STALE_SHARE;
      const inTopQuarter = staleQuarter !== null && -stale.value <= staleQuarter.cut && -stale.value < staleQuarter.median;
      if (overLine || inTopQuarter) {
        const excess = Math.max(overLine ? stale.value - HIGH_STALE_SHARE : 0, inTopQuarter ? stale.value + staleQuarter.cut : 0);
        signals.push({
          signal: "stale-pipeline",
          dimension: null,
          strength: 1 + excess / 0.1,
          reason: `${percent(stale.value)} of open pipeline had no activity for 14 days or more (quarter from ${formatDate(stale.period)})${inTopQuarter ? `, in the highest quarter of the ${staleValues.length} teams with CRM data` : ""}.`,
          said: said(inTopQuarter ? "recommend.reason.staleTopQuarter" : "recommend.reason.stale", {
            share: stale.value,
            days: STALE_AFTER_DAYS,
            from: saidDate(stale.period),
            teams: staleValues.length,
          }),
        });
      }
    }
    const pressure = team.scores[FORECAST_PRESSURE]?.mean ?? null;
    const upside = latestFirst(team.crm)
      .filter((r) => r.knownUpsideShare !== null)
      .slice(0, 2);
    if (pressure !== null && pressure >= HIGH_FORECAST_PRESSURE && upside.length === 2 && upside.every((u) => u.knownUpsideShare! >= SANDBAG_UPSIDE_SHARE)) {
      const [latest, before] = upside as [(typeof upside)[number], (typeof upside)[number]];
      const mildest = Math.min(latest.knownUpsideShare!, before.knownUpsideShare!);
      signals.push({
        signal: "forecast-bias",
        dimension: FORECAST_PRESSURE,
        strength: 1 + (mildest - SANDBAG_UPSIDE_SHARE) / 0.1,
        reason: `In the quarters from ${formatDate(before.period)} and ${formatDate(latest.period)}, ${percent(before.knownUpsideShare!)} and ${percent(latest.knownUpsideShare!)} of what the team won came from deals already in its pipeline at the quarter's start but left out of Commit, with forecast-honesty pressure at ${one(pressure)} of 7.`,
        said: said("recommend.reason.knownUpside", {
          before: saidDate(before.period),
          latest: saidDate(latest.period),
          beforeShare: before.knownUpsideShare!,
          latestShare: latest.knownUpsideShare!,
          dimension: "forecast-honesty pressure",
          pressure,
        }),
      });
    }
    const win = latestWith(team, "winRate");
    if (win && winQuarter !== null && win.value <= winQuarter.cut && win.value < winQuarter.median) {
      signals.push({
        signal: "low-win-rate",
        dimension: null,
        strength: 1 + (winQuarter.cut - win.value) / 0.1,
        reason: `Win rate was ${percent(win.value)} in the quarter from ${formatDate(win.period)}, in the lowest quarter of the ${winValues.length} teams with CRM data.`,
        said: said("recommend.reason.lowWinRate", { rate: win.value, from: saidDate(win.period), teams: winValues.length }),
      });
    }
    // Strongest first; ties in the order of the rules.
    const rank = (s: TeamSignal) => SIGNALS.indexOf(s.signal);
    out.set(
      team.id,
      signals
        .map((s, i) => ({ s, i }))
        .sort((a, b) => b.s.strength - a.s.strength || rank(a.s) - rank(b.s) || a.i - b.i)
        .map(({ s }) => s),
    );
  }
  return out;
}

/**
 * The plays that address a signal, best first: a play matches when it lists the signal and, for the
 * three dimension signals, the dimension. Plays whose first-listed dimension is the signal's come first,
 * then those that list the signal earlier, then by title.
 */
export function playsForSignal(signal: TeamSignal, plays: readonly RecommendablePlay[]): RecommendablePlay[] {
  const isDimensionSignal = DIMENSION_SIGNALS.includes(signal.signal);
  const matching = plays.filter((p) => p.signals.includes(signal.signal) && (!isDimensionSignal || (signal.dimension !== null && p.dimensionKeys.includes(signal.dimension))));
  const dimensionRank = (p: RecommendablePlay) => (isDimensionSignal ? p.dimensionKeys.indexOf(signal.dimension!) : 0);
  return matching.sort((a, b) => dimensionRank(a) - dimensionRank(b) || a.signals.indexOf(signal.signal) - b.signals.indexOf(signal.signal) || a.title.localeCompare(b.title));
}

/**
 * Up to three plays per team, for its strongest signals first: one play for each signal in turn, then a
 * second for each while there is room; a play is recommended once per team, with the reason of the
 * strongest signal it answers. Teams without signals get an empty list.
 */
export function recommendPlays(input: {
  dimensions: readonly RecommendationDimension[];
  teams: readonly RecommendationTeam[];
  plays: readonly RecommendablePlay[];
}): TeamRecommendations[] {
  const signalsOf = detectSignals(input);
  return input.teams.map((team) => {
    const signals = signalsOf.get(team.id) ?? [];
    const candidates = signals.map((s) => ({ signal: s, plays: playsForSignal(s, input.plays) }));
    const chosen: Recommendation[] = [];
    const used = new Set<string>();
    // Each round, every signal (strongest first) takes its best play not recommended yet.
    while (chosen.length < MAX_RECOMMENDATIONS) {
      let added = false;
      for (const c of candidates) {
        if (chosen.length >= MAX_RECOMMENDATIONS) break;
        const play = c.plays.find((p) => !used.has(p.id));
        if (!play) continue;
        used.add(play.id);
        chosen.push({
          playId: play.id,
          playKey: play.key,
          playTitle: play.title,
          signal: c.signal.signal,
          dimension: c.signal.dimension,
          reason: c.signal.reason,
          said: c.signal.said,
        });
        added = true;
      }
      if (!added) break;
    }
    return { teamId: team.id, teamName: team.name, signals, recommendations: chosen };
  });
}

/**
 * A team's recommended plays grouped by the reason they answer, each reason once, in the order the plays
 * came (strongest signal first): several plays for one signal read "reason: play, play, play" rather than
 * the same sentence after every play.
 */
export function playsByReason<P extends { reason: string }>(recommendations: readonly P[]): Array<{ reason: string; plays: P[] }> {
  const groups: Array<{ reason: string; plays: P[] }> = [];
  for (const r of recommendations) {
    const group = groups.find((g) => g.reason === r.reason);
    if (group) group.plays.push(r);
    else groups.push({ reason: r.reason, plays: [r] });
  }
  return groups;
}
