/** Which teams' managers to coach first, and why: pure rules over results the engine already let through. */
import { formatPercent, formatScore } from "./format";
import { describeGap, dimensionDirection, gapCase, inSentence, withDirection } from "./reading";
import { said } from "~/i18n/said";

export interface CoachingDimension {
  key: string;
  name: string;
  /** False for forecast pressure: there, high is bad. */
  higherIsBetter: boolean;
}

export interface CoachingTeamScores {
  id: string;
  name: string;
  /** Per dimension: the latest shown mean (null when hidden) and the change since the previous wave. */
  scores: Record<string, { mean: number | null; change: { diff: number; ciLow: number; ciHigh: number } | null }>;
}

export interface CoachingGap {
  teamId: string;
  dimension: string;
  gap: number | null;
  reading: string;
}

export interface CoachingCrm {
  teamId: string;
  winRate: number | null;
  staleShare: number | null;
}

export type CoachingReasonKind = "low" | "falling" | "gap" | "crm";

export interface CoachingReason {
  kind: CoachingReasonKind;
  dimension: string | null;
  /** The badge in words, the dimension's direction taken into account: "Low score", "High pressure", "Pressure rising". */
  badge: string;
  /** How the badge is coloured: a worsening or a culture-and-CRM signal is "bad", the others "warn". */
  tone: "bad" | "warn";
  /** One sentence, with the numbers. */
  text: string;
  /** The badge and the sentence said by key (ADR 057), for a page in its reader's language; `dimension` and `noun` values carry the English name. */
  saidBadge: string;
  said: string;
}

export interface CoachingPriority {
  teamId: string;
  teamName: string;
  reasons: CoachingReason[];
}

/** The dimension's head noun, as its last word: "Forecast-honesty pressure" → "pressure". */
function headNoun(name: string): string {
  return (name.trim().split(/\s+/).pop() ?? name).toLowerCase();
}

/**
 * A reason's badge, read the right way round (ADR 033): a worse-quarter score is a "Low score" where higher
 * is better and a high one where higher is worse ("High pressure"); a worsening is "Falling" where higher is
 * better and a rise where higher is worse ("Pressure rising"). The direction comes from reading.ts.
 */
export function coachingBadge(kind: CoachingReasonKind, dimension: { name: string; higherIsBetter: boolean } | null): string {
  const higherIsWorse = dimension !== null && dimensionDirection(dimension.higherIsBetter) === "higher is worse";
  switch (kind) {
    case "low":
      return higherIsWorse ? `High ${headNoun(dimension.name)}` : "Low score";
    case "falling": {
      if (!higherIsWorse) return "Falling";
      const noun = headNoun(dimension.name);
      return `${noun.charAt(0).toUpperCase()}${noun.slice(1)} rising`;
    }
    case "gap":
      return "Blind spot";
    case "crm":
      return "Culture and CRM";
  }
}

/** The badge said by key: the same words as coachingBadge in English. */
export function coachingBadgeSaid(kind: CoachingReasonKind, dimension: { name: string; higherIsBetter: boolean } | null): string {
  const higherIsWorse = dimension !== null && dimensionDirection(dimension.higherIsBetter) === "higher is worse";
  switch (kind) {
    case "low":
      return higherIsWorse ? said("coaching.badge.high", { noun: headNoun(dimension.name) }) : said("coaching.badge.low");
    case "falling": {
      if (!higherIsWorse) return said("coaching.badge.falling");
      const noun = headNoun(dimension.name);
      return said("coaching.badge.rising", { noun: `${noun.charAt(0).toUpperCase()}${noun.slice(1)}` });
    }
    case "gap":
      return said("coaching.badge.blindSpot");
    case "crm":
      return said("coaching.badge.crm");
  }
}

function reasonOf(kind: CoachingReasonKind, d: CoachingDimension, text: string, message: string): CoachingReason {
  return {
    kind,
    dimension: d.key,
    badge: coachingBadge(kind, d),
    tone: kind === "falling" || kind === "crm" ? "bad" : "warn",
    text,
    saidBadge: coachingBadgeSaid(kind, d),
    said: message,
  };
}

/**
 * A manager's blind spot in one sentence with its size, worded by reading.ts's describeGap so that the
 * dimension's direction is right: "The manager sees less forecast-honesty pressure than the team feels, by
 * 2.6 points." `gap` is the manager's score minus the team's mean.
 */
export function blindSpotSentence(d: { name: string; higherIsBetter: boolean }, gap: number): string {
  const { sentence } = describeGap(
    { kind: "dimension", name: d.name, higherIsBetter: d.higherIsBetter, reading: "blind-spot", managerScore: gap, teamMean: 0 },
    { viewerIsManager: false, managerName: "The manager" },
  );
  return `${sentence.replace(/\.$/, "")}, by ${formatScore(Math.abs(gap))} points.`;
}

/**
 * blindSpotSentence said by key (ADR 057), for a page in its reader's language: the same case by reading.ts's
 * gapCase, the dimension's name inside the sentence as the `dimension` value (in English; the page puts it in
 * its language) and the size as an ICU number.
 */
export function blindSpotSaid(d: { name: string; higherIsBetter: boolean }, gap: number): string {
  const found = gapCase({ kind: "dimension", name: d.name, higherIsBetter: d.higherIsBetter, reading: "blind-spot", managerScore: gap, teamMean: 0 });
  const values = { dimension: inSentence(d.name), by: Math.abs(gap) };
  if (found.case === "rates-higher") return said(found.managerHigher ? "coaching.blindSpot.managerRatesHigher" : "coaching.blindSpot.teamRatesHigher", values);
  return said(found.case === "sees-more" && found.managerHigher ? "coaching.blindSpot.seesMore" : "coaching.blindSpot.seesLess", values);
}

/** The value at the lower quarter of a list (the 25th percentile, linear between ranks). */
export function lowerQuartile(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * 0.25;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** A gap of at least this many scale points in the manager's favour is worth a coaching conversation. */
export const LARGE_GAP = 1;

/**
 * Coaching priorities: a team is listed for each of these, with the reason in one line —
 * - low: its score is in the lowest quarter of the shown teams on a dimension (the "worst" quarter, so
 *   the highest for forecast pressure), among at least four shown teams;
 * - falling: its change since the last wave has a 95% interval entirely on the worse side;
 * - gap: the manager sees the team at least one point better than the team sees itself (a blind spot);
 * - crm: a low culture score goes with a win rate in the lowest quarter or stale pipeline in the highest.
 * Teams with more reasons come first; ties by name. Hidden scores never give a reason.
 */
export function coachingPriorities(input: {
  dimensions: readonly CoachingDimension[];
  teams: readonly CoachingTeamScores[];
  gaps: readonly CoachingGap[];
  crm: readonly CoachingCrm[];
}): CoachingPriority[] {
  const worseQuarter = new Map<string, number | null>();
  for (const d of input.dimensions) {
    const shown = input.teams.map((t) => t.scores[d.key]?.mean).filter((m): m is number => m !== null && m !== undefined);
    // Turn forecast pressure around so that "low" always means worse.
    const oriented = shown.map((m) => (d.higherIsBetter ? m : -m));
    worseQuarter.set(d.key, oriented.length >= 4 ? lowerQuartile(oriented) : null);
  }
  const winRates = input.crm.map((c) => c.winRate).filter((v): v is number => v !== null);
  const stale = input.crm.map((c) => c.staleShare).filter((v): v is number => v !== null);
  const lowWin = winRates.length >= 4 ? lowerQuartile(winRates) : null;
  const highStale = stale.length >= 4 ? -lowerQuartile(stale.map((v) => -v))! : null;
  const crmOf = new Map(input.crm.map((c) => [c.teamId, c]));

  const out: CoachingPriority[] = [];
  for (const team of input.teams) {
    const reasons: CoachingReason[] = [];
    let lowDimension: CoachingDimension | null = null;
    for (const d of input.dimensions) {
      const cell = team.scores[d.key];
      if (!cell || cell.mean === null) continue;
      const cut = worseQuarter.get(d.key);
      const oriented = d.higherIsBetter ? cell.mean : -cell.mean;
      if (cut !== null && cut !== undefined && oriented <= cut) {
        lowDimension ??= d;
        reasons.push(
          reasonOf(
            "low",
            d,
            `${withDirection(d.name, d.higherIsBetter)}: ${formatScore(cell.mean)} of 7, in the ${d.higherIsBetter ? "lowest" : "highest"} quarter of teams.`,
            said(d.higherIsBetter ? "coaching.reason.lowQuarter" : "coaching.reason.highQuarter", { dimension: d.name, score: cell.mean }),
          ),
        );
      }
      const change = cell.change;
      if (change && (d.higherIsBetter ? change.ciHigh < 0 : change.ciLow > 0)) {
        const verb = d.higherIsBetter ? "fell" : "rose";
        reasons.push(
          reasonOf(
            "falling",
            d,
            `${withDirection(d.name, d.higherIsBetter)} ${verb} ${formatScore(Math.abs(change.diff))} points since the last wave, more than chance would explain.`,
            said(d.higherIsBetter ? "coaching.reason.fell" : "coaching.reason.rose", { dimension: d.name, by: Math.abs(change.diff) }),
          ),
        );
      }
    }
    for (const g of input.gaps.filter((g) => g.teamId === team.id && g.gap !== null)) {
      const d = input.dimensions.find((x) => x.key === g.dimension);
      if (!d || g.reading !== "blind-spot" || Math.abs(g.gap!) < LARGE_GAP) continue;
      reasons.push(reasonOf("gap", d, blindSpotSentence(d, g.gap!), blindSpotSaid(d, g.gap!)));
    }
    const crm = crmOf.get(team.id);
    if (lowDimension && crm) {
      const worse = `${lowDimension.higherIsBetter ? "Low" : "High"} ${inSentence(lowDimension.name)}`;
      if (lowWin !== null && crm.winRate !== null && crm.winRate <= lowWin) {
        reasons.push(
          reasonOf(
            "crm",
            lowDimension,
            `${worse} together with a win rate of ${formatPercent(crm.winRate)}, in the lowest quarter.`,
            said(lowDimension.higherIsBetter ? "coaching.reason.lowWithWinRate" : "coaching.reason.highWithWinRate", {
              dimension: inSentence(lowDimension.name),
              rate: crm.winRate,
            }),
          ),
        );
      } else if (highStale !== null && crm.staleShare !== null && crm.staleShare >= highStale) {
        reasons.push(
          reasonOf(
            "crm",
            lowDimension,
            `${worse} together with ${formatPercent(crm.staleShare)} stale pipeline, in the highest quarter.`,
            said(lowDimension.higherIsBetter ? "coaching.reason.lowWithStale" : "coaching.reason.highWithStale", {
              dimension: inSentence(lowDimension.name),
              share: crm.staleShare,
            }),
          ),
        );
      }
    }
    // One reason is said once, however many rules or gap rows lead to it.
    const seen = new Set<string>();
    const unique = reasons.filter((r) => !seen.has(r.text) && seen.add(r.text));
    if (unique.length > 0) out.push({ teamId: team.id, teamName: team.name, reasons: unique });
  }
  return out.sort((a, b) => b.reasons.length - a.reasons.length || a.teamName.localeCompare(b.teamName));
}
