import { describe, expect, it } from "vitest";
import { momentsOf } from "./moments";
import { buildWaveResults, ORG, pooledReliability, scaleReliability, type DimensionAggregate, type ItemAggregate, type WaveAggregates } from "./results";
import { cronbachAlpha, rwgJ } from "./statistics";
import { attitude } from "./statistics/fixtures/r-datasets";

const teams = [
  { id: "region", name: "Region", parentId: null },
  { id: "a", name: "A", parentId: "region" },
  { id: "b", name: "B", parentId: "region" },
  { id: "c", name: "C", parentId: "region" },
];
// Scale scores per team (dimension "ps", single item "i1" carrying the same values).
const scores: Record<string, number[]> = { a: [4, 5, 4, 5, 4, 6], b: [2, 3, 3, 2, 3], c: [6, 7] };
const dim = (values: number[]) => ({ ...momentsOf(values), completeN: values.length, completeTotalSum: momentsOf(values).sum, completeTotalSumsq: momentsOf(values).sumsq });
const item = (values: number[]) => ({ ...momentsOf(values), completeN: values.length, completeSum: momentsOf(values).sum, completeSumsq: momentsOf(values).sumsq });
const wave: WaveAggregates = {
  waveId: "w1",
  minGroupSize: 5,
  minCommentGroupSize: 6,
  teams: new Map(
    Object.entries(scores).map(([id, v]) => [
      id,
      { responses: v.length, enpsN: v.length, promoters: v.filter((x) => x >= 6).length, detractors: v.filter((x) => x <= 3).length, comments: 1 },
    ]),
  ),
  dimensions: new Map(Object.entries(scores).map(([id, v]) => [id, new Map([["ps", dim(v)]])])),
  items: new Map(Object.entries(scores).map(([id, v]) => [id, new Map([["i1", item(v)]])])),
};

describe("buildWaveResults", () => {
  const results = buildWaveResults(teams, wave, new Map([["ps", ["i1"]]]));
  const ps = results.dimensions.get("ps")!;

  it("rolls scores up the tree and pools the responses exactly", () => {
    const all = [...scores.a!, ...scores.b!, ...scores.c!];
    expect(ps.get("region")!.n).toBe(13);
    expect(ps.get("region")!.mean).toBeCloseTo(all.reduce((x, y) => x + y, 0) / 13, 12);
    expect(ps.get(ORG)!.mean).toBeCloseTo(ps.get("region")!.mean!, 12);
    expect(ps.get("a")).toMatchObject({ n: 6, shown: true, mean: 28 / 6 });
  });

  it("hides small teams, and the next smallest so they cannot be subtracted, with no numbers", () => {
    // C (2) is below 5. Alone it could be worked out as Region − A − B, so B (5) is hidden too.
    expect(ps.get("c")).toMatchObject({ shown: false, reason: "below-threshold", mean: null, sd: null, ciLow: null, moments: null });
    expect(ps.get("b")).toMatchObject({ shown: false, reason: "protects-another-group", mean: null });
    expect(results.enps.get("b")).toEqual({ n: 5, shown: false, enps: null });
    expect(results.enps.get("a")!.enps).toBeCloseTo(((1 - 0) / 6) * 100, 9);
  });

  it("shows comments only where the comment minimum holds, with the same differencing rule", () => {
    expect(results.comments.get("a")).toBe(true);
    expect(results.comments.get("b")).toBe(false);
    expect(results.comments.get("region")).toBe(true);
  });
});

describe("reliability pooled over a period", () => {
  // psych::alpha(attitude) raw α = 0.8431428 (the reference case): the 30 rows split over two waves and two teams
  // must pool back to the same α.
  const aggregatesOf = (rows: ReadonlyArray<ReadonlyArray<number | null>>) => {
    const complete = rows as number[][];
    const totals = complete.map((r) => r.reduce((s, v) => s + v, 0));
    const dimension: DimensionAggregate = {
      n: complete.length,
      sum: totals.reduce((s, t) => s + t / 7, 0),
      sumsq: totals.reduce((s, t) => s + (t / 7) ** 2, 0),
      completeN: complete.length,
      completeTotalSum: totals.reduce((s, t) => s + t, 0),
      completeTotalSumsq: totals.reduce((s, t) => s + t * t, 0),
    };
    const items = new Map<string, ItemAggregate>();
    for (let i = 0; i < 7; i++) {
      const values = complete.map((r) => r[i]!);
      const sum = values.reduce((s, v) => s + v, 0);
      const sumsq = values.reduce((s, v) => s + v * v, 0);
      items.set(`i${i}`, { n: values.length, sum, sumsq, completeN: values.length, completeSum: sum, completeSumsq: sumsq });
    }
    return { dimension, items };
  };
  const itemIds = Array.from({ length: 7 }, (_, i) => `i${i}`);
  const wave = (a: ReadonlyArray<ReadonlyArray<number | null>>, b: ReadonlyArray<ReadonlyArray<number | null>>) => {
    const ta = aggregatesOf(a);
    const tb = aggregatesOf(b);
    return {
      itemIds,
      dimensions: new Map([
        ["ta", ta.dimension],
        ["tb", tb.dimension],
      ]),
      items: new Map([
        ["ta", ta.items],
        ["tb", tb.items],
      ]),
    };
  };

  it("gives the α of all the answers together (psych::alpha(attitude) = 0.8431428)", () => {
    const waves = [wave(attitude.slice(0, 8), attitude.slice(8, 15)), wave(attitude.slice(15, 22), attitude.slice(22))];
    const pooled = pooledReliability(["ta", "tb"], waves, 5);
    expect(pooled.alpha).toBeCloseTo(0.8431428, 6);
    expect(pooled.alpha).toBeCloseTo(cronbachAlpha(attitude).alpha, 10);
    expect(pooled.rwgJ).toBeCloseTo(rwgJ(attitude, 7).rwgJ, 10);
  });

  it("says nothing when the waves asked different items", () => {
    const changed = { ...wave(attitude.slice(0, 15), attitude.slice(15)), itemIds: itemIds.slice(0, 6) };
    expect(pooledReliability(["ta", "tb"], [wave(attitude.slice(0, 15), attitude.slice(15)), changed], 5)).toEqual({ alpha: null, rwgJ: null });
  });

  it("says nothing when fewer complete answer sets than the minimum were pooled", () => {
    const waves = [wave(attitude.slice(0, 8), attitude.slice(8, 15)), wave(attitude.slice(15, 22), attitude.slice(22))];
    expect(pooledReliability(["ta", "tb"], waves, 31)).toEqual({ alpha: null, rwgJ: null });
    expect(pooledReliability(["ta", "tb"], waves, 30).alpha).toBeCloseTo(0.8431428, 6);
  });
});

describe("α and rwg(j) of a wave's cell", () => {
  // Team "t": six answers of a two-item scale, of which only `complete` answered both items.
  const cellWith = (complete: number) => {
    const rows = [
      [4, 5],
      [6, 6],
      [3, 4],
      [5, 7],
      [2, 3],
      [6, 5],
    ].slice(0, complete);
    const totals = rows.map((r) => r[0]! + r[1]!);
    const itemOf = (i: number) => {
      const values = rows.map((r) => r[i]!);
      return { ...momentsOf([...values, 4]), completeN: complete, completeSum: momentsOf(values).sum, completeSumsq: momentsOf(values).sumsq };
    };
    const aggregates: WaveAggregates = {
      waveId: "w",
      minGroupSize: 5,
      minCommentGroupSize: 5,
      teams: new Map([["t", { responses: 6, enpsN: 0, promoters: 0, detractors: 0, comments: 0 }]]),
      dimensions: new Map([
        [
          "t",
          new Map([["d", { ...momentsOf([4.5, 6, 3.5, 6, 2.5, 5.5]), completeN: complete, completeTotalSum: momentsOf(totals).sum, completeTotalSumsq: momentsOf(totals).sumsq }]]),
        ],
      ]),
      items: new Map([
        [
          "t",
          new Map([
            ["i1", itemOf(0)],
            ["i2", itemOf(1)],
          ]),
        ],
      ]),
    };
    return buildWaveResults([{ id: "t", name: "T", parentId: null }], aggregates, new Map([["d", ["i1", "i2"]]]))
      .dimensions.get("d")!
      .get("t")!;
  };

  it("are null on a shown cell where fewer than the minimum group answered every item", () => {
    for (const complete of [2, 3, 4]) expect(cellWith(complete), `${complete} complete`).toMatchObject({ n: 6, shown: true, alpha: null, rwgJ: null });
    const five = cellWith(5);
    expect(five.shown).toBe(true);
    expect(five.alpha).not.toBeNull();
    expect(five.rwgJ).not.toBeNull();
  });

  it("scaleReliability: the same rule on its own, with at least two complete answers whatever the minimum", () => {
    const items = [momentsOf([4, 6]), momentsOf([5, 6])];
    const total = momentsOf([9, 12]);
    expect(scaleReliability(items, total, 5)).toEqual({ alpha: null, rwgJ: null });
    expect(scaleReliability(items, total, 2).alpha).not.toBeNull();
    expect(scaleReliability([momentsOf([4])], momentsOf([4]), 1)).toEqual({ alpha: null, rwgJ: null });
  });
});
