import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { suppressTree, type GroupNode } from "./anonymity";
import { teamPeriodScores, type WaveScoreCell } from "./culture-outcomes";

// One viewer asks for everything the engine releases about an organisation — every group in every wave
// (heatmaps, team pages) and every group in the period that pools those waves (exports, the API) — and
// compares all of it. Whatever the tree and the answers, no released number and no difference of two
// released numbers that cover nested sets of answers may come to fewer than k answers.

interface Released {
  label: string;
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
  })
  .map(({ shape, waves, k, seed }) => {
    const teams = shape.map((parent, i) => ({ id: `t${i}`, parentId: i === 0 ? null : `t${parent % i}` }));
    // Answers per team and wave, 0–9, from the seed.
    const answers = (team: number, wave: number) => seed[(team * 3 + wave * 7) % seed.length]!;
    return { teams, waves, k, answers };
  });

function subtree(teams: Array<{ id: string; parentId: string | null }>, id: string): string[] {
  const out = [id];
  for (let i = 0; i < out.length; i++) for (const t of teams) if (t.parentId === out[i]) out.push(t.id);
  return out;
}

describe("anonymity across every request one viewer can make", () => {
  it("releases no group, and no difference of two nested released groups, under k answers (property)", () => {
    fc.assert(
      fc.property(organisation, ({ teams, waves, k, answers }) => {
        const released: Released[] = [];
        const cells: WaveScoreCell[] = [];
        for (let w = 0; w < waves; w++) {
          const nodes: GroupNode[] = teams.map((t, i) => ({ id: t.id, parentId: t.parentId, own: answers(i, w) }));
          const visibility = suppressTree(nodes, k);
          for (const t of teams) {
            const v = visibility.get(t.id)!;
            const covers = new Set(subtree(teams, t.id).map((id) => `${id}@${w}`));
            // Every answer scores 4, so moments follow from n.
            cells.push({ waveId: `w${w}`, team: t.id, dimension: "d", shown: v.shown, n: v.n, sum: v.shown ? 4 * v.n : null, sumsq: v.shown ? 16 * v.n : null, alpha: null, rwgJ: null });
            if (v.shown) released.push({ label: `${t.id} in w${w}`, covers, n: v.n });
          }
        }
        const periodOf = new Map(Array.from({ length: waves }, (_, w) => [`w${w}`, "2026-01-01"]));
        for (const p of teamPeriodScores(cells, periodOf)) {
          if (p.suppressed) continue;
          const covers = new Set(Array.from({ length: waves }, (_, w) => subtree(teams, p.team).map((id) => `${id}@${w}`)).flat());
          released.push({ label: `${p.team} in the period`, covers, n: p.n! });
        }
        const size = (keys: Iterable<string>) => [...keys].reduce((s, key) => s + answers(Number(key.slice(1, key.indexOf("@"))), Number(key.slice(key.indexOf("@") + 1))), 0);
        for (const r of released) {
          expect(r.n, r.label).toBeGreaterThanOrEqual(k);
          expect(size(r.covers), r.label).toBe(r.n);
        }
        for (const a of released) {
          for (const b of released) {
            if (a === b || a.covers.size >= b.covers.size || ![...a.covers].every((key) => b.covers.has(key))) continue;
            const difference = b.n - a.n;
            expect(difference === 0 || difference >= k, `${b.label} − ${a.label} = ${difference}`).toBe(true);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });
});
