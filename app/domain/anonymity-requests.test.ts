import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openWaveCount, suppressTree, type GroupNode } from "./anonymity";
import { teamPeriodScores, type WaveScoreCell } from "./culture-outcomes";
import { computeGap, type TeamCell } from "./gap";

// One viewer asks for everything the engine releases about an organisation — every group in every wave
// (heatmaps, team pages), every group in the period that pools those waves (exports, the API), and every
// team's perception gap (gap page, the API's gaps) — and compares all of it. Whatever the tree and the
// answers, no released number and no difference of two released numbers that cover nested sets of
// answers may come to fewer than k answers. Dimension scores and item scores are separate measures
// (an item is answered by fewer people than its dimension), each checked against its own kind.

interface Released {
  label: string;
  /** Which measure the number counts: the dimension's scale scores, or one item's answers. */
  measure: "dimension" | "item";
  /** The (team, wave) answer sets the number covers. */
  covers: Set<string>;
  n: number;
}

const organisation = fc
  .record({
    shape: fc.array(fc.nat(), { minLength: 1, maxLength: 10 }),
    waves: fc.integer({ min: 1, max: 3 }),
    k: fc.integer({ min: 3, max: 6 }),
    seed: fc.array(fc.nat({ max: 9 }), { minLength: 30, maxLength: 30 }),
    skips: fc.array(fc.nat({ max: 3 }), { minLength: 30, maxLength: 30 }),
  })
  .map(({ shape, waves, k, seed, skips }) => {
    const teams = shape.map((parent, i) => ({ id: `t${i}`, parentId: i === 0 ? null : `t${parent % i}` }));
    // Answers per team and wave, 0–9, from the seed; of them, 0–3 skip the dimension's one mirrored item.
    const answers = (team: number, wave: number) => seed[(team * 3 + wave * 7) % seed.length]!;
    const itemAnswers = (team: number, wave: number) => Math.max(0, answers(team, wave) - skips[(team * 5 + wave * 11) % skips.length]!);
    return { teams, waves, k, answers, itemAnswers };
  });

function subtree(teams: Array<{ id: string; parentId: string | null }>, id: string): string[] {
  const out = [id];
  for (let i = 0; i < out.length; i++) for (const t of teams) if (t.parentId === out[i]) out.push(t.id);
  return out;
}

describe("anonymity across every request one viewer can make", () => {
  it("releases no group, and no difference of two nested released groups, under k answers (property)", () => {
    fc.assert(
      fc.property(organisation, ({ teams, waves, k, answers, itemAnswers }) => {
        const released: Released[] = [];
        const cells: WaveScoreCell[] = [];
        for (let w = 0; w < waves; w++) {
          const visibility = suppressTree(
            teams.map((t, i): GroupNode => ({ id: t.id, parentId: t.parentId, own: answers(i, w) })),
            k,
          );
          const itemVisibility = suppressTree(
            teams.map((t, i): GroupNode => ({ id: t.id, parentId: t.parentId, own: itemAnswers(i, w) })),
            k,
          );
          for (const t of teams) {
            const v = visibility.get(t.id)!;
            const iv = itemVisibility.get(t.id)!;
            const covers = new Set(subtree(teams, t.id).map((id) => `${id}@${w}`));
            // Every answer scores 4, so moments follow from n.
            cells.push({
              waveId: `w${w}`,
              team: t.id,
              dimension: "d",
              shown: v.shown,
              n: v.n,
              sum: v.shown ? 4 * v.n : null,
              sumsq: v.shown ? 16 * v.n : null,
              alpha: null,
              rwgJ: null,
            });
            if (v.shown) released.push({ label: `${t.id} in w${w}`, measure: "dimension", covers, n: v.n });
            if (iv.shown) released.push({ label: `${t.id}'s item in w${w}`, measure: "item", covers, n: iv.n });
            // The team's gap page: built from the engine's shown cells of the team, and nothing else.
            const cell = (shown: boolean, n: number): Map<string, TeamCell> => new Map(shown ? [["d", { n, mean: 4, ciLow: null, ciHigh: null }]] : []);
            const gap = computeGap({
              dimensions: [{ key: "d", name: "D", higherIsBetter: true }],
              items: [{ code: "i", dimensionKey: "d", reverseKeyed: false, text: "i", managerText: "i (manager)" }],
              dimensionItemCounts: new Map([["d", 2]]),
              team: { n: v.n, dimensions: cell(v.shown, v.n), items: new Map([...cell(iv.shown, iv.n)].map(([, c]) => ["i", c])) },
              manager: { i: 6 },
            });
            for (const row of gap.dimensions) released.push({ label: `${t.id}'s gap in w${w}`, measure: "dimension", covers, n: row.n });
            for (const row of gap.items) released.push({ label: `${t.id}'s item gap in w${w}`, measure: "item", covers, n: row.n });
          }
        }
        const periodOf = new Map(Array.from({ length: waves }, (_, w) => [`w${w}`, "2026-01-01"]));
        for (const p of teamPeriodScores(cells, periodOf)) {
          if (p.suppressed) continue;
          const covers = new Set(Array.from({ length: waves }, (_, w) => subtree(teams, p.team).map((id) => `${id}@${w}`)).flat());
          released.push({ label: `${p.team} in the period`, measure: "dimension", covers, n: p.n! });
        }
        const size = (keys: Iterable<string>, measure: Released["measure"]) =>
          [...keys].reduce((s, key) => s + (measure === "item" ? itemAnswers : answers)(Number(key.slice(1, key.indexOf("@"))), Number(key.slice(key.indexOf("@") + 1))), 0);
        for (const r of released) {
          expect(r.n, r.label).toBeGreaterThanOrEqual(k);
          expect(size(r.covers, r.measure), r.label).toBe(r.n);
        }
        for (const a of released) {
          for (const b of released) {
            if (a === b || a.measure !== b.measure || a.covers.size >= b.covers.size || ![...a.covers].every((key) => b.covers.has(key))) continue;
            const difference = b.n - a.n;
            expect(difference === 0 || difference >= k, `${b.label} − ${a.label} = ${difference}`).toBe(true);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });

  // The program page, loaded as often as the viewer likes while a wave is open: answers arrive on random
  // days between the loads; each load sees every answer stored so far (its answered_on day) and shows
  // openWaveCount of those from before the day it is loaded on. No submit moves the number on the day it
  // is made, and no two loads differ by fewer than k answers.
  it("shows an open wave's count so that no single submit can be seen (property)", () => {
    const days = fc.array(fc.array(fc.nat({ max: 4 }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(days, fc.integer({ min: 2, max: 7 }), (batchesPerDay, k) => {
        const answeredOn: number[] = [];
        const loads: Array<{ day: number; stored: number; shown: number | null }> = [];
        batchesPerDay.forEach((batches, day) => {
          for (const batch of batches) {
            for (let i = 0; i < batch; i++) answeredOn.push(day);
            loads.push({ day, stored: answeredOn.length, shown: openWaveCount(answeredOn.filter((d) => d < day).length, k) });
          }
        });
        const problems: string[] = [];
        for (const a of loads) {
          if (a.shown !== null && (a.shown % k !== 0 || a.shown < k)) problems.push(`day ${a.day}: ${a.shown} is not a multiple of ${k}`);
          for (const b of loads) {
            if (a.day === b.day && a.shown !== b.shown) problems.push(`day ${a.day}: ${a.shown} with ${a.stored} stored, ${b.shown} with ${b.stored}`);
            const difference = Math.abs((a.shown ?? 0) - (b.shown ?? 0));
            if (difference !== 0 && difference < k) problems.push(`day ${a.day} vs day ${b.day}: ${a.shown} and ${b.shown}`);
          }
        }
        expect(problems).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});
