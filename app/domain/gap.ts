import { scaleScore, scoreItem } from "./scoring";
import { meanInterval } from "./statistics";

export interface GapItem {
  code: string;
  dimensionKey: string;
  reverseKeyed: boolean;
  /** What reps rated. */
  text: string;
  /** What the manager rated (the item mirrored from their side). */
  managerText: string;
}

export interface GapDimension {
  key: string;
  name: string;
  /** False for forecast pressure: there, the manager seeing less pressure than the team is the blind spot. */
  higherIsBetter: boolean;
}

export type GapReading = "blind-spot" | "hidden-strength" | "no-clear-gap" | "no-manager-answer";

export interface GapRow {
  /** Dimension key, or item code. */
  key: string;
  label: string;
  dimensionKey: string;
  higherIsBetter: boolean;
  managerScore: number | null;
  n: number;
  teamMean: number;
  ciLow: number | null;
  ciHigh: number | null;
  /** Manager's score − team mean (scored, reverse-keyed items turned around). */
  gap: number | null;
  reading: GapReading;
}

export type GapResult =
  | { status: "hidden"; reason: string }
  | { status: "shown"; n: number; dimensions: GapRow[]; items: GapRow[]; blindSpots: GapRow[]; hiddenStrengths: GapRow[]; hiddenItems: number };

/**
 * Where a manager's score stands against the team's mean: a gap is clear only when the manager's score
 * lies outside the 95% interval of the team mean. A clear gap in the manager's favour (they see the team
 * better than the team sees itself; for forecast pressure, less pressure than the team feels) is a blind
 * spot; the opposite is a hidden strength.
 */
export function readGap(managerScore: number | null, teamMean: number, ciLow: number | null, ciHigh: number | null, higherIsBetter: boolean): GapReading {
  if (managerScore === null) return "no-manager-answer";
  if (ciLow === null || ciHigh === null || (managerScore >= ciLow && managerScore <= ciHigh)) return "no-clear-gap";
  const favourable = (managerScore - teamMean) * (higherIsBetter ? 1 : -1);
  return favourable > 0 ? "blind-spot" : "hidden-strength";
}

function row(
  key: string,
  label: string,
  dimension: GapDimension,
  teamScores: number[],
  managerScore: number | null,
): GapRow {
  const { n, mean, ciLow, ciHigh } = meanInterval(teamScores);
  return {
    key,
    label,
    dimensionKey: dimension.key,
    higherIsBetter: dimension.higherIsBetter,
    managerScore,
    n,
    teamMean: mean,
    ciLow,
    ciHigh,
    gap: managerScore === null ? null : managerScore - mean,
    reading: readGap(managerScore, mean, ciLow, ciHigh, dimension.higherIsBetter),
  };
}

/**
 * The perception gap of one team in one wave: per dimension and per item, the manager's score minus
 * the team's mean with the mean's 95% interval, and the three largest blind spots and hidden strengths.
 * Shown only when the team's answers reach the wave's minimum reporting group; an item answered by fewer
 * people than that is left out (counted in hiddenItems), never shown.
 *
 * `responses` are the team's raw answers (item code → 1–7, not reverse-coded); `manager` the manager's.
 */
export function computeGap(input: {
  dimensions: GapDimension[];
  items: GapItem[];
  responses: Array<Record<string, number>>;
  manager: Record<string, number> | null;
  minGroupSize: number;
}): GapResult {
  const n = input.responses.length;
  if (n < input.minGroupSize) {
    return { status: "hidden", reason: `Fewer than ${input.minGroupSize} people of this team answered, so its results stay hidden to protect their anonymity.` };
  }
  const dimensionRows: GapRow[] = [];
  const itemRows: GapRow[] = [];
  let hiddenItems = 0;
  for (const dimension of input.dimensions) {
    const items = input.items.filter((i) => i.dimensionKey === dimension.key);
    if (items.length === 0) continue;
    const scored = (answers: Record<string, number>) => items.map((i) => (answers[i.code] === undefined ? null : scoreItem(answers[i.code]!, i.reverseKeyed)));
    const teamScales = input.responses.map((r) => scaleScore(scored(r), items.length)).filter((s): s is number => s !== null);
    const managerScale = input.manager ? scaleScore(scored(input.manager), items.length) : null;
    if (teamScales.length >= input.minGroupSize) dimensionRows.push(row(dimension.key, dimension.name, dimension, teamScales, managerScale));
    for (const item of items) {
      const values = input.responses.filter((r) => r[item.code] !== undefined).map((r) => scoreItem(r[item.code]!, item.reverseKeyed));
      if (values.length < input.minGroupSize) {
        hiddenItems++;
        continue;
      }
      const managerValue = input.manager?.[item.code];
      itemRows.push(row(item.code, item.text, dimension, values, managerValue === undefined ? null : scoreItem(managerValue, item.reverseKeyed)));
    }
  }
  const byFavourableGap = (a: GapRow, b: GapRow) => Math.abs(b.gap ?? 0) - Math.abs(a.gap ?? 0);
  return {
    status: "shown",
    n,
    dimensions: dimensionRows,
    items: itemRows,
    blindSpots: itemRows.filter((r) => r.reading === "blind-spot").sort(byFavourableGap).slice(0, 3),
    hiddenStrengths: itemRows.filter((r) => r.reading === "hidden-strength").sort(byFavourableGap).slice(0, 3),
    hiddenItems,
  };
}
