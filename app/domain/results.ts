import { suppressTree, type HiddenReason } from "./anonymity";
import { addMoments, alphaFromMoments, EMPTY_MOMENTS, enpsFromCounts, rwgFromMoments, summarizeMoments, type Moments } from "./moments";

/** The virtual group above every top-level team: the whole organisation. */
export const ORG = "org";

export interface ResultTeam {
  id: string;
  name: string;
  parentId: string | null;
}

export interface DimensionAggregate extends Moments {
  completeN: number;
  completeTotalSum: number;
  completeTotalSumsq: number;
}

export interface ItemAggregate extends Moments {
  completeN: number;
  completeSum: number;
  completeSumsq: number;
}

/** One closed wave's aggregates, per team the responses counted for (before any roll-up). */
export interface WaveAggregates {
  waveId: string;
  minGroupSize: number;
  minCommentGroupSize: number;
  teams: Map<string, { responses: number; enpsN: number; promoters: number; detractors: number; comments: number }>;
  dimensions: Map<string, Map<string, DimensionAggregate>>;
  items: Map<string, Map<string, ItemAggregate>>;
}

export interface ScoreCell {
  n: number;
  shown: boolean;
  reason: HiddenReason | null;
  /** Null whenever the cell is hidden: hidden numbers never leave the engine. */
  mean: number | null;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** The moments behind a shown cell (for changes and roll-ups inside the engine), never exported. */
  moments: Moments | null;
}

export interface WaveResults {
  waveId: string;
  /** Responses per group (rolled up), shown or not. */
  responses: Map<string, { n: number; shown: boolean; reason: HiddenReason | null }>;
  /** dimension key → group → cell; groups are team ids and ORG. */
  dimensions: Map<string, Map<string, ScoreCell & { alpha: number | null; rwgJ: number | null }>>;
  /** item id → group → cell. */
  items: Map<string, Map<string, ScoreCell>>;
  enps: Map<string, { n: number; shown: boolean; enps: number | null }>;
  /** Whether a group's comments may be shown (comment minimum, with the same differencing rule). */
  comments: Map<string, boolean>;
}

const hiddenCell = (n: number, reason: HiddenReason | null): ScoreCell => ({ n, shown: false, reason, mean: null, sd: null, ciLow: null, ciHigh: null, moments: null });

/**
 * Cronbach's α and rwg(j) of a group from the moments of its complete answer sets (every item of the
 * scale answered), or null for both when fewer than `minComplete` — the reporting minimum — answered
 * every item: on two or three complete sets they describe how those few people disagree, whoever they
 * are, while the cell's mean rests on more answers.
 */
export function scaleReliability(items: readonly Moments[], complete: Moments, minComplete: number): { alpha: number | null; rwgJ: number | null } {
  if (complete.n < Math.max(minComplete, 2)) return { alpha: null, rwgJ: null };
  return { alpha: alphaFromMoments(items, complete), rwgJ: rwgFromMoments(items, 7) };
}

/**
 * Rolls a measure up the team tree (a group = its team and every team below it, ORG = everyone), and
 * applies the anonymity rules to it (suppressTree with the wave's locked threshold, on this measure's own
 * counts). Returns the rolled-up value and the visibility per group.
 */
function rollUp<T>(teams: readonly ResultTeam[], own: (teamId: string) => T | undefined, zero: T, add: (a: T, b: T) => T, count: (value: T) => number, k: number) {
  const nodes = [{ id: ORG, parentId: null, own: 0 }, ...teams.map((t) => ({ id: t.id, parentId: t.parentId ?? ORG, own: count(own(t.id) ?? zero), name: t.name }))];
  const visibility = suppressTree(nodes, k);
  const children = new Map<string, string[]>();
  for (const node of nodes) {
    if (node.parentId === null) continue;
    const list = children.get(node.parentId) ?? [];
    list.push(node.id);
    children.set(node.parentId, list);
  }
  const rolled = new Map<string, T>();
  const total = (id: string): T => {
    const known = rolled.get(id);
    if (known !== undefined) return known;
    let value = id === ORG ? zero : (own(id) ?? zero);
    for (const child of children.get(id) ?? []) value = add(value, total(child));
    rolled.set(id, value);
    return value;
  };
  for (const node of nodes) total(node.id);
  return { rolled, visibility };
}

const addDimension = (a: DimensionAggregate, b: DimensionAggregate): DimensionAggregate => ({
  ...addMoments(a, b),
  completeN: a.completeN + b.completeN,
  completeTotalSum: a.completeTotalSum + b.completeTotalSum,
  completeTotalSumsq: a.completeTotalSumsq + b.completeTotalSumsq,
});
const addItem = (a: ItemAggregate, b: ItemAggregate): ItemAggregate => ({
  ...addMoments(a, b),
  completeN: a.completeN + b.completeN,
  completeSum: a.completeSum + b.completeSum,
  completeSumsq: a.completeSumsq + b.completeSumsq,
});
const ZERO_DIMENSION: DimensionAggregate = { ...EMPTY_MOMENTS, completeN: 0, completeTotalSum: 0, completeTotalSumsq: 0 };
const ZERO_ITEM: ItemAggregate = { ...EMPTY_MOMENTS, completeN: 0, completeSum: 0, completeSumsq: 0 };

/**
 * A closed wave's results for every group of the organisation: scores per dimension and item with n,
 * mean, sd and 95% interval, Cronbach's alpha and rwg(j) per dimension, eNPS, and whether comments may
 * show — each group shown only where the anonymity rules allow, on its own counts. Hidden cells carry n
 * and the reason only; their numbers are not computed into the output at all.
 */
export function buildWaveResults(teams: readonly ResultTeam[], wave: WaveAggregates, dimensionItems: ReadonlyMap<string, readonly string[]>): WaveResults {
  const k = wave.minGroupSize;
  const responses = rollUp(
    teams,
    (id) => wave.teams.get(id)?.responses,
    0,
    (a, b) => a + b,
    (n) => n,
    k,
  );
  const responseCells = new Map([...responses.visibility.values()].map((v) => [v.id, { n: v.n, shown: v.shown, reason: v.reason }]));

  const dimensions: WaveResults["dimensions"] = new Map();
  for (const [dimensionKey, itemIds] of dimensionItems) {
    const { rolled, visibility } = rollUp(
      teams,
      (id) => wave.dimensions.get(id)?.get(dimensionKey),
      ZERO_DIMENSION,
      addDimension,
      (d) => d.n,
      k,
    );
    const itemRolled = itemIds.map(
      (itemId) =>
        rollUp(
          teams,
          (id) => wave.items.get(id)?.get(itemId),
          ZERO_ITEM,
          addItem,
          (d) => d.n,
          k,
        ).rolled,
    );
    const cells = new Map<string, ScoreCell & { alpha: number | null; rwgJ: number | null }>();
    for (const [id, v] of visibility) {
      if (!v.shown) {
        cells.set(id, { ...hiddenCell(v.n, v.reason), alpha: null, rwgJ: null });
        continue;
      }
      const agg = rolled.get(id)!;
      const summary = summarizeMoments(agg);
      const completeItems = itemRolled.map((r) => {
        const item = r.get(id) ?? ZERO_ITEM;
        return { n: item.completeN, sum: item.completeSum, sumsq: item.completeSumsq };
      });
      const total = { n: agg.completeN, sum: agg.completeTotalSum, sumsq: agg.completeTotalSumsq };
      cells.set(id, {
        n: v.n,
        shown: true,
        reason: null,
        mean: summary.mean,
        sd: summary.sd,
        ciLow: summary.ciLow,
        ciHigh: summary.ciHigh,
        moments: { n: agg.n, sum: agg.sum, sumsq: agg.sumsq },
        ...scaleReliability(completeItems, total, k),
      });
    }
    dimensions.set(dimensionKey, cells);
  }

  const items: WaveResults["items"] = new Map();
  for (const itemIds of dimensionItems.values()) {
    for (const itemId of itemIds) {
      const { rolled, visibility } = rollUp(
        teams,
        (id) => wave.items.get(id)?.get(itemId),
        ZERO_ITEM,
        addItem,
        (d) => d.n,
        k,
      );
      const cells = new Map<string, ScoreCell>();
      for (const [id, v] of visibility) {
        if (!v.shown) {
          cells.set(id, hiddenCell(v.n, v.reason));
          continue;
        }
        const m = rolled.get(id)!;
        const s = summarizeMoments(m);
        cells.set(id, { n: v.n, shown: true, reason: null, mean: s.mean, sd: s.sd, ciLow: s.ciLow, ciHigh: s.ciHigh, moments: { n: m.n, sum: m.sum, sumsq: m.sumsq } });
      }
      items.set(itemId, cells);
    }
  }

  type Enps = { n: number; promoters: number; detractors: number };
  const enpsRoll = rollUp<Enps>(
    teams,
    (id) => {
      const t = wave.teams.get(id);
      return t && { n: t.enpsN, promoters: t.promoters, detractors: t.detractors };
    },
    { n: 0, promoters: 0, detractors: 0 },
    (a, b) => ({ n: a.n + b.n, promoters: a.promoters + b.promoters, detractors: a.detractors + b.detractors }),
    (v) => v.n,
    k,
  );
  const enps = new Map<string, { n: number; shown: boolean; enps: number | null }>();
  for (const [id, v] of enpsRoll.visibility) {
    const r = enpsRoll.rolled.get(id)!;
    enps.set(id, { n: v.n, shown: v.shown, enps: v.shown ? enpsFromCounts(r.n, r.promoters, r.detractors) : null });
  }

  const commentRoll = rollUp(
    teams,
    (id) => wave.teams.get(id)?.responses,
    0,
    (a, b) => a + b,
    (n) => n,
    wave.minCommentGroupSize,
  );
  const comments = new Map([...commentRoll.visibility.values()].map((v) => [v.id, v.shown]));

  return { waveId: wave.waveId, responses: responseCells, dimensions, items, enps, comments };
}

/** One wave's aggregates of a dimension, for pooling over a period: per team, and the items it asked. */
export interface WaveDimensionAggregates {
  itemIds: readonly string[];
  dimensions: ReadonlyMap<string, DimensionAggregate>;
  items: ReadonlyMap<string, ReadonlyMap<string, ItemAggregate>>;
}

/** The pooled complete-case moments of waves that asked the same items, and their α and rwg(j). */
function pooledOfOneSet(teamIds: readonly string[], waves: readonly WaveDimensionAggregates[], minComplete: number) {
  // The first wave's order (the form's), not the ids': the sums over items then run in the same order in every
  // organisation, so the same answers give the same α to the last digit.
  const itemIds = waves[0]!.itemIds;
  let total = ZERO_DIMENSION;
  const items = itemIds.map(() => ZERO_ITEM);
  for (const wave of waves) {
    for (const team of teamIds) {
      total = addDimension(total, wave.dimensions.get(team) ?? ZERO_DIMENSION);
      itemIds.forEach((itemId, i) => {
        items[i] = addItem(items[i]!, wave.items.get(team)?.get(itemId) ?? ZERO_ITEM);
      });
    }
  }
  const completeItems = items.map((item) => ({ n: item.completeN, sum: item.completeSum, sumsq: item.completeSumsq }));
  const complete = { n: total.completeN, sum: total.completeTotalSum, sumsq: total.completeTotalSumsq };
  return { ...scaleReliability(completeItems, complete, minComplete), n: complete.n };
}

/**
 * Cronbach's α and rwg(j) of a group over several waves (a reporting period): the complete-case moments
 * of its teams' answers in all those waves pooled, as if they were one wave, when the waves asked the same
 * items of the dimension. Waves of a rotated program (ADR 052) ask different items, in the same number:
 * the waves that asked the same items are pooled together, each such set gives its α and rwg(j) over its
 * own items (null below `minComplete` complete answer sets, scaleReliability), and the period's are their
 * mean weighted by complete answer sets, over the sets that gave one. Null when the waves asked different
 * numbers of items (α depends on the number of items: they would not describe the same scale length), and
 * when no set has `minComplete` complete answer sets.
 */
export function pooledReliability(teamIds: readonly string[], waves: readonly WaveDimensionAggregates[], minComplete: number): { alpha: number | null; rwgJ: number | null } {
  if (waves.length === 0) return { alpha: null, rwgJ: null };
  const k = waves[0]!.itemIds.length;
  if (waves.some((w) => w.itemIds.length !== k)) return { alpha: null, rwgJ: null };
  const sets = new Map<string, WaveDimensionAggregates[]>();
  for (const wave of waves) {
    const key = [...wave.itemIds].sort().join("\u0000");
    sets.set(key, [...(sets.get(key) ?? []), wave]);
  }
  if (sets.size === 1) {
    const { alpha, rwgJ } = pooledOfOneSet(teamIds, waves, minComplete);
    return { alpha, rwgJ };
  }
  const weighted = (values: Array<{ value: number | null; n: number }>) => {
    const given = values.filter((v): v is { value: number; n: number } => v.value !== null);
    const n = given.reduce((sum, v) => sum + v.n, 0);
    return n > 0 ? given.reduce((sum, v) => sum + v.value * v.n, 0) / n : null;
  };
  const perSet = [...sets.values()].map((set) => pooledOfOneSet(teamIds, set, minComplete));
  return { alpha: weighted(perSet.map((p) => ({ value: p.alpha, n: p.n }))), rwgJ: weighted(perSet.map((p) => ({ value: p.rwgJ, n: p.n }))) };
}
