// The results engine over rotated waves (ADR 052): a wave that asks a subset of a dimension's items scores,
// suppresses and measures reliability over the items it asked, and says nothing about the others.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildWaveResults, ORG, pooledReliability, type DimensionAggregate, type ItemAggregate, type WaveAggregates, type WaveDimensionAggregates } from "./results";
import { cronbachAlpha, rwgJ } from "./statistics";
import { attitude } from "./statistics/fixtures/r-datasets";

type Row = ReadonlyArray<number | null>;

/**
 * A team's aggregates as db/queries/aggregates.ts writes them, for the items `asked` (indexes into each
 * row) of one dimension: a response's score is the mean of its answered asked items when it answered at
 * least half of them; complete = answered every asked item.
 */
function aggregate(rows: readonly Row[], asked: readonly number[]): { dimension: DimensionAggregate; items: Map<string, ItemAggregate> } {
  const dimension: DimensionAggregate = { n: 0, sum: 0, sumsq: 0, completeN: 0, completeTotalSum: 0, completeTotalSumsq: 0 };
  const items = new Map<string, ItemAggregate>(asked.map((i) => [`i${i}`, { n: 0, sum: 0, sumsq: 0, completeN: 0, completeSum: 0, completeSumsq: 0 }]));
  for (const row of rows) {
    const values = asked.map((i) => row[i] ?? null);
    const answered = values.filter((v): v is number => v !== null);
    const complete = answered.length === asked.length;
    asked.forEach((i, j) => {
      const v = values[j];
      if (v === null || v === undefined) return;
      const item = items.get(`i${i}`)!;
      item.n++;
      item.sum += v;
      item.sumsq += v * v;
      if (complete) {
        item.completeN++;
        item.completeSum += v;
        item.completeSumsq += v * v;
      }
    });
    if (answered.length === 0 || answered.length * 2 < asked.length) continue;
    const total = answered.reduce((s, v) => s + v, 0);
    const score = total / answered.length;
    dimension.n++;
    dimension.sum += score;
    dimension.sumsq += score * score;
    if (complete) {
      dimension.completeN++;
      dimension.completeTotalSum += total;
      dimension.completeTotalSumsq += total * total;
    }
  }
  return { dimension, items };
}

describe("reliability pooled over a period of rotated waves", () => {
  // Two teams' answers to attitude's 7 items; waves ask 4 of them: items 0 and 1 always (anchors), then
  // {2, 3} or {4, 5} in turn.
  const turns = [
    [0, 1, 2, 3],
    [0, 1, 4, 5],
  ];
  const waveOf = (rows: readonly Row[], asked: readonly number[]): WaveDimensionAggregates => {
    const a = aggregate(rows.slice(0, rows.length / 2), asked);
    const b = aggregate(rows.slice(rows.length / 2), asked);
    return {
      itemIds: asked.map((i) => `i${i}`),
      dimensions: new Map([
        ["ta", a.dimension],
        ["tb", b.dimension],
      ]),
      items: new Map([
        ["ta", a.items],
        ["tb", b.items],
      ]),
    };
  };
  const only = (rows: readonly Row[], asked: readonly number[]) => rows.map((r) => asked.map((i) => r[i]!));

  it("gives each turn's α and rwg(j) over its own items, weighted by complete answers", () => {
    // Waves 1 and 3 ask turn 1 (attitude rows 0–9 and 10–19), wave 2 asks turn 2 (rows 20–29).
    const waves = [waveOf(attitude.slice(0, 10), turns[0]!), waveOf(attitude.slice(20), turns[1]!), waveOf(attitude.slice(10, 20), turns[0]!)];
    const first = only(attitude.slice(0, 20), turns[0]!);
    const second = only(attitude.slice(20), turns[1]!);
    const pooled = pooledReliability(["ta", "tb"], waves, 5);
    expect(pooled.alpha).toBeCloseTo((cronbachAlpha(first).alpha * 20 + cronbachAlpha(second).alpha * 10) / 30, 10);
    expect(pooled.rwgJ).toBeCloseTo((rwgJ(first, 7).rwgJ * 20 + rwgJ(second, 7).rwgJ * 10) / 30, 10);
  });

  it("leaves out a turn with fewer complete answers than the minimum", () => {
    const waves = [waveOf(attitude.slice(0, 20), turns[0]!), waveOf(attitude.slice(20, 24), turns[1]!)];
    expect(pooledReliability(["ta", "tb"], waves, 5).alpha).toBeCloseTo(cronbachAlpha(only(attitude.slice(0, 20), turns[0]!)).alpha, 10);
    expect(pooledReliability(["ta", "tb"], waves, 21)).toEqual({ alpha: null, rwgJ: null });
  });

  it("says nothing when the waves asked different numbers of items", () => {
    const waves = [waveOf(attitude.slice(0, 20), turns[0]!), waveOf(attitude.slice(20), [0, 1, 4])];
    expect(pooledReliability(["ta", "tb"], waves, 5)).toEqual({ alpha: null, rwgJ: null });
  });
});

// Any tree of up to 8 teams, each with up to 9 responses to a 6-item dimension (some skipped), a wave that
// asks any 2 to 6 of the items, and a threshold of 3 to 6.
const rotatedWaves = fc.record({
  parents: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
  responses: fc.array(fc.array(fc.array(fc.option(fc.integer({ min: 1, max: 7 }), { freq: 6 }), { minLength: 6, maxLength: 6 }), { maxLength: 9 }), {
    minLength: 8,
    maxLength: 8,
  }),
  asked: fc.subarray([0, 1, 2, 3, 4, 5], { minLength: 2 }),
  k: fc.integer({ min: 3, max: 6 }),
});

describe("suppression and scores over a rotated wave (property)", () => {
  it("shows only groups of at least k, with no number in a hidden cell, scores and α over the asked items only, and no cell for an item not asked", () => {
    fc.assert(
      fc.property(rotatedWaves, ({ parents, responses, asked, k }) => {
        const teams = parents.map((p, i) => ({ id: `t${i}`, name: `T${i}`, parentId: i === 0 ? null : `t${p % i}` }));
        const own = new Map(teams.map((t, i) => [t.id, responses[i]!]));
        const aggregates = new Map(teams.map((t) => [t.id, aggregate(own.get(t.id)!, asked)]));
        const wave: WaveAggregates = {
          waveId: "w",
          minGroupSize: k,
          minCommentGroupSize: k,
          teams: new Map(teams.map((t) => [t.id, { responses: own.get(t.id)!.length, enpsN: 0, promoters: 0, detractors: 0, comments: 0 }])),
          dimensions: new Map(teams.map((t) => [t.id, new Map([["d", aggregates.get(t.id)!.dimension]])])),
          items: new Map(teams.map((t) => [t.id, aggregates.get(t.id)!.items])),
        };
        const results = buildWaveResults(teams, wave, new Map([["d", asked.map((i) => `i${i}`)]]));
        expect([...results.items.keys()].sort()).toEqual(asked.map((i) => `i${i}`).sort());
        const below = (id: string): Row[] =>
          (id === ORG ? teams.map((t) => t.id) : [id]).flatMap((t) => [...own.get(t)!, ...teams.filter((c) => c.parentId === t).flatMap((c) => below(c.id))]);
        for (const [group, cell] of results.dimensions.get("d")!) {
          if (!cell.shown) {
            expect([cell.mean, cell.sd, cell.ciLow, cell.ciHigh, cell.alpha, cell.rwgJ, cell.moments]).toEqual([null, null, null, null, null, null, null]);
            continue;
          }
          expect(cell.n).toBeGreaterThanOrEqual(k);
          // The mean of every response's score over the items this wave asked.
          const rows = group === ORG ? teams.flatMap((t) => own.get(t.id)!) : below(group);
          const scores = rows
            .map((r) => asked.map((i) => r[i]).filter((v): v is number => v !== null && v !== undefined))
            .filter((a) => a.length > 0 && a.length * 2 >= asked.length)
            .map((a) => a.reduce((s, v) => s + v, 0) / a.length);
          expect(cell.n).toBe(scores.length);
          expect(cell.mean!).toBeCloseTo(scores.reduce((s, v) => s + v, 0) / scores.length, 9);
          const complete = rows.map((r) => asked.map((i) => r[i] ?? null)).filter((r) => r.every((v) => v !== null)) as number[][];
          if (complete.length < k) expect(cell.alpha).toBeNull();
          else if (cell.alpha !== null) expect(cell.alpha).toBeCloseTo(cronbachAlpha(complete).alpha, 8);
        }
        for (const cells of results.items.values()) {
          for (const cell of cells.values()) {
            if (!cell.shown) expect([cell.mean, cell.sd, cell.moments]).toEqual([null, null, null]);
            else expect(cell.n).toBeGreaterThanOrEqual(k);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
