import { scaleScore, scoreItem } from "./scoring";

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

export const GAP_READINGS = ["blind-spot", "hidden-strength", "no-clear-gap", "no-manager-answer"] as const;
export type GapReading = (typeof GAP_READINGS)[number];

export interface GapRow {
  /** Dimension key, or item code. */
  key: string;
  label: string;
  dimensionKey: string;
  higherIsBetter: boolean;
  /** An item turned round in scoring (false for a dimension): its page shows agreement with the wording (app/domain/reading.ts). */
  reverseKeyed: boolean;
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
  | {
      status: "shown";
      n: number;
      dimensions: GapRow[];
      items: GapRow[];
      blindSpots: GapRow[];
      hiddenStrengths: GapRow[];
      hiddenItems: number;
      /** Rated items of the shown dimensions that the team was asked and the manager was not (they have no manager version). */
      teamOnlyItems: number;
    };

/** A team's score as the results engine released it (a shown cell); the gap never computes one itself. */
export interface TeamCell {
  n: number;
  mean: number;
  ciLow: number | null;
  ciHigh: number | null;
}

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

function row(key: string, label: string, dimension: GapDimension, team: TeamCell, managerScore: number | null, reverseKeyed = false): GapRow {
  return {
    key,
    label,
    dimensionKey: dimension.key,
    higherIsBetter: dimension.higherIsBetter,
    reverseKeyed,
    managerScore,
    n: team.n,
    teamMean: team.mean,
    ciLow: team.ciLow,
    ciHigh: team.ciHigh,
    gap: managerScore === null ? null : managerScore - team.mean,
    reading: readGap(managerScore, team.mean, team.ciLow, team.ciHigh, dimension.higherIsBetter),
  };
}

/**
 * The perception gap of one team in one wave: per dimension and per item, the manager's score minus
 * the team's mean with the mean's 95% interval, and the three largest blind spots and hidden strengths.
 *
 * The team's side is only ever the results engine's shown cells (`team`): the same numbers as the
 * team page and the heatmap, suppressed on their own counts over the team tree. A dimension or item
 * whose cell the engine hid is left out (items counted in hiddenItems), so the gap can release nothing
 * that subtraction of shown groups could narrow down to fewer people than the minimum.
 *
 * The manager's scale score follows the rule a rep's does (scaleScore): the mean of the items answered,
 * out of all the rated items the wave asked of that dimension — the items with no manager version count
 * as not answered, so a dimension mostly made of custom items gets no manager score.
 *
 * `items` are the wave's items with a manager version; `manager` the manager's raw answers (code → 1–7).
 */
export function computeGap(input: {
  dimensions: GapDimension[];
  items: GapItem[];
  /** Rated items the wave asked per dimension key, with a manager version or not. */
  dimensionItemCounts: ReadonlyMap<string, number>;
  /** The engine's shown cells of the team: responses, and by dimension key and item code. */
  team: { n: number; dimensions: ReadonlyMap<string, TeamCell>; items: ReadonlyMap<string, TeamCell> };
  manager: Record<string, number> | null;
}): Extract<GapResult, { status: "shown" }> {
  const dimensionRows: GapRow[] = [];
  const itemRows: GapRow[] = [];
  let hiddenItems = 0;
  let teamOnlyItems = 0;
  for (const dimension of input.dimensions) {
    const items = input.items.filter((i) => i.dimensionKey === dimension.key);
    if (items.length === 0) continue;
    const asked = Math.max(input.dimensionItemCounts.get(dimension.key) ?? items.length, items.length);
    const teamCell = input.team.dimensions.get(dimension.key);
    if (teamCell) {
      const manager = input.manager;
      const scored = items.map((i) => (manager?.[i.code] === undefined ? null : scoreItem(manager[i.code]!, i.reverseKeyed)));
      dimensionRows.push(row(dimension.key, dimension.name, dimension, teamCell, manager ? scaleScore(scored, asked) : null));
      teamOnlyItems += asked - items.length;
    }
    for (const item of items) {
      const cell = input.team.items.get(item.code);
      if (!cell) {
        hiddenItems++;
        continue;
      }
      const managerValue = input.manager?.[item.code];
      itemRows.push(row(item.code, item.text, dimension, cell, managerValue === undefined ? null : scoreItem(managerValue, item.reverseKeyed), item.reverseKeyed));
    }
  }
  const byFavourableGap = (a: GapRow, b: GapRow) => Math.abs(b.gap ?? 0) - Math.abs(a.gap ?? 0);
  return {
    status: "shown",
    n: input.team.n,
    dimensions: dimensionRows,
    items: itemRows,
    blindSpots: itemRows
      .filter((r) => r.reading === "blind-spot")
      .sort(byFavourableGap)
      .slice(0, 3),
    hiddenStrengths: itemRows
      .filter((r) => r.reading === "hidden-strength")
      .sort(byFavourableGap)
      .slice(0, 3),
    hiddenItems,
    teamOnlyItems,
  };
}
