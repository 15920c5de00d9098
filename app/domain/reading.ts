import type { GapReading } from "./gap";

// How a score is put into words, so that nobody reads a number backwards (ADR 033). The statistics stay
// as they are: a dimension's score is the mean of its scored items (reverse-keyed ones turned round, 8 −
// answer), and that is what the engine stores. An item, though, is shown next to its own wording, so it is
// shown as agreement with that wording, with the direction of that agreement said in words.

/** One end of a 1–7 score in words. */
export type Direction = "higher is better" | "lower is better";

/**
 * Which way a dimension's score is good, in words: "higher is better", or "higher is worse" for a
 * dimension such as forecast-honesty pressure, where a higher score means more pressure to sandbag.
 *
 * @example dimensionDirection(false) // "higher is worse"
 */
export function dimensionDirection(higherIsBetter: boolean): "higher is better" | "higher is worse" {
  return higherIsBetter ? "higher is better" : "higher is worse";
}

/**
 * A dimension's name with its direction, for every place that shows the dimension's number next to it.
 *
 * @example withDirection("Forecast-honesty pressure", false) // "Forecast-honesty pressure (higher is worse)"
 */
export function withDirection(name: string, higherIsBetter: boolean): string {
  return `${name} (${dimensionDirection(higherIsBetter)})`;
}

/**
 * Whether agreeing with an item's wording is good: the dimension's direction, turned round when the item
 * is reverse-keyed ("…it counts against them afterwards" on psychological safety: agreeing is bad; "My
 * manager wants my honest best estimate" on forecast pressure: agreeing is good).
 */
export function agreementDirection(reverseKeyed: boolean, higherIsBetter: boolean): Direction {
  return reverseKeyed === higherIsBetter ? "lower is better" : "higher is better";
}

/**
 * An item's score as agreement with its own wording (1 = strongly disagree … 7 = strongly agree): the
 * scored mean itself, or 8 − it for a reverse-keyed item, whose interval ends swap places. The same
 * numbers as the engine's, read from the other end of the scale; null stays null.
 *
 * @example agreementOf({ mean: 5.9, ciLow: 5.5, ciHigh: 6.3 }, true) // { mean: 2.1, ciLow: 1.7, ciHigh: 2.5 } (to rounding)
 */
export function agreementOf(
  score: { mean: number | null; ciLow: number | null; ciHigh: number | null },
  reverseKeyed: boolean,
): { mean: number | null; ciLow: number | null; ciHigh: number | null } {
  if (!reverseKeyed) return { mean: score.mean, ciLow: score.ciLow, ciHigh: score.ciHigh };
  const turn = (v: number | null) => (v === null ? null : 8 - v);
  return { mean: turn(score.mean), ciLow: turn(score.ciHigh), ciHigh: turn(score.ciLow) };
}

/**
 * An item's agreement in words, with its direction: what a reader needs to read the number the right
 * way round.
 *
 * @example describeAgreement(2.1, true, true) // "agreement 2.1 of 7 — lower is better"
 */
export function describeAgreement(agreement: number, reverseKeyed: boolean, higherIsBetter: boolean, digits = 1): string {
  return `agreement ${agreement.toFixed(digits)} of 7 — ${agreementDirection(reverseKeyed, higherIsBetter)}`;
}

/** Who the gap page speaks to: the manager themself ("you"), or someone else reading about them. */
export interface GapAudience {
  viewerIsManager: boolean;
  managerName: string | null;
}

/** A row of the gap as the page shows it: a dimension (its score) or an item (agreement with its wording). */
export type GapRowToRead =
  | { kind: "dimension"; name: string; higherIsBetter: boolean; reading: GapReading; managerScore: number | null; teamMean: number }
  | { kind: "item"; reverseKeyed: boolean; higherIsBetter: boolean; reading: GapReading; managerScore: number | null; teamMean: number };

const CATEGORY: Record<GapReading, string> = {
  "blind-spot": "Blind spot",
  "hidden-strength": "Hidden strength",
  "no-clear-gap": "No clear gap",
  "no-manager-answer": "Not rated",
};

/** A dimension's name inside a sentence: "Psychological safety" → "psychological safety"; "CRM hygiene" stays. */
export function inSentence(name: string): string {
  return /^[A-Z][a-z]/.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name;
}

/**
 * A gap row in words: its category ("Blind spot", "Hidden strength", …) and a sentence that says what
 * differs, the dimension's direction taken into account — "You see less forecast-honesty pressure than
 * your team feels", "Your team rates psychological safety higher than you do". An item's sentence is
 * about agreement with its wording and says whether agreeing is the better or the worse answer.
 * Scores in are the gap's scored values (reverse-keyed items turned round), as computeGap gives them.
 */
export function describeGap(row: GapRowToRead, audience: GapAudience): { category: string; sentence: string } {
  const category = CATEGORY[row.reading];
  const you = audience.viewerIsManager;
  const manager = audience.managerName ?? "The manager";
  const gap = gapCase(row);
  if (gap.case === "not-rated") return { category, sentence: you ? "You did not rate this." : `${manager} did not rate this.` };
  if (gap.case === "inside") {
    return { category, sentence: you ? "Your score is inside the team's 95% interval." : `${manager}'s score is inside the team's 95% interval.` };
  }
  if (gap.case === "rates-higher") {
    const name = inSentence(gap.name);
    if (gap.managerHigher) return { category, sentence: you ? `You rate ${name} higher than your team does.` : `${manager} rates ${name} higher than the team does.` };
    return { category, sentence: you ? `Your team rates ${name} higher than you do.` : `The team rates ${name} higher than ${manager} does.` };
  }
  if (gap.case === "sees-more") {
    const name = inSentence(gap.name);
    const more = gap.managerHigher ? "more" : "less";
    return { category, sentence: you ? `You see ${more} ${name} than your team feels.` : `${manager} sees ${more} ${name} than the team feels.` };
  }
  const who = gap.managerAgreesMore
    ? you
      ? "You agree more than your team does"
      : `${manager} agrees more than the team does`
    : you
      ? "Your team agrees more than you do"
      : `The team agrees more than ${manager} does`;
  return { category, sentence: `${who}, and agreeing is the ${gap.agreeing} answer here.` };
}

/** Which of describeGap's sentences a gap row reads as (the rule, apart from its words: pages in other languages say the same case). */
export type GapCase =
  | { case: "not-rated" }
  | { case: "inside" }
  /** A dimension where higher is better: who rates it higher. */
  | { case: "rates-higher"; name: string; managerHigher: boolean }
  /** A dimension where higher is worse: whether the manager sees more of it than the team feels. */
  | { case: "sees-more"; name: string; managerHigher: boolean }
  /** An item: who agrees more with its wording, and whether agreeing is the better answer. */
  | { case: "agrees-more"; managerAgreesMore: boolean; agreeing: "better" | "worse" };

export function gapCase(row: GapRowToRead): GapCase {
  if (row.reading === "no-manager-answer") return { case: "not-rated" };
  if (row.reading === "no-clear-gap") return { case: "inside" };
  const managerHigher = (row.managerScore ?? row.teamMean) > row.teamMean;
  if (row.kind === "dimension") return { case: row.higherIsBetter ? "rates-higher" : "sees-more", name: row.name, managerHigher };
  // Items: compare agreement with the wording, which for a reverse-keyed item runs against the score.
  const managerAgreesMore = row.reverseKeyed ? !managerHigher : managerHigher;
  return { case: "agrees-more", managerAgreesMore, agreeing: agreementDirection(row.reverseKeyed, row.higherIsBetter) === "higher is better" ? "better" : "worse" };
}

/**
 * An item's gap (the manager's score minus the team's mean) as a difference in agreement with the item's
 * wording: the same size, its sign turned for a reverse-keyed item.
 *
 * @example agreementGap(1, true) // -1
 */
export function agreementGap(gap: number | null, reverseKeyed: boolean): number | null {
  if (gap === null) return null;
  return reverseKeyed ? -gap : gap;
}
