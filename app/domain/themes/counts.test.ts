import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { suppressTree, type GroupNode } from "../anonymity";
import { descendantIds } from "../team-tree";
import { countThemes, effectiveTags, groupThemeCounts } from "./counts";
import { THEME_KEYS } from "./taxonomy";

describe("effectiveTags and countThemes", () => {
  it("a correction counts instead of the machine's tags", () => {
    const machine = { machineThemes: ["forecasting"], machineSentiment: "negative", correctedThemes: null, correctedSentiment: null };
    const corrected = { ...machine, correctedThemes: ["recognition", "tools-crm"], correctedSentiment: "positive" };
    expect(effectiveTags(machine)).toEqual({ themes: ["forecasting"], sentiment: "negative", corrected: false });
    expect(effectiveTags(corrected)).toEqual({ themes: ["tools-crm", "recognition"], sentiment: "positive", corrected: true });
    const counts = countThemes([machine, corrected, machine]);
    expect(counts.comments).toBe(3);
    expect(counts.themes.find((t) => t.theme === "forecasting")).toEqual({ theme: "forecasting", comments: 2, sentiment: { positive: 0, negative: 2, mixed: 0, neutral: 0 } });
    expect(counts.themes.find((t) => t.theme === "recognition")!.sentiment.positive).toBe(1);
  });
});

describe("groupThemeCounts", () => {
  // For any team tree, answers per team, comments with any themes and any comment minimum k: a group's
  // theme counts are there exactly when the comment rules show its comments, they are its subtree's
  // comments counted, and whatever subtraction of shown groups' counts reveals covers no responses or
  // at least k — the same guarantee the comments themselves have. A hidden group gets no number at all.
  it("counts appear only where the comment rules show the comments, and never isolate fewer than k (property)", () => {
    const team = fc.record({ own: fc.nat({ max: 9 }), parent: fc.nat(), themes: fc.array(fc.subarray([...THEME_KEYS]), { maxLength: 9 }) });
    fc.assert(
      fc.property(fc.array(team, { minLength: 1, maxLength: 12 }), fc.integer({ min: 3, max: 7 }), (specs, k) => {
        const nodes: GroupNode[] = specs.map((s, i) => ({ id: `t${i}`, own: s.own, parentId: i === 0 ? null : `t${s.parent % i}` }));
        // Each response may carry a comment: at most as many comments as responses.
        const tags = specs.flatMap((s, i) =>
          s.themes.slice(0, s.own).map((themes) => ({ teamId: `t${i}`, machineThemes: themes, machineSentiment: "neutral", correctedThemes: null, correctedSentiment: null })),
        );
        const visibility = suppressTree(nodes, k);
        const tree = nodes.map((n) => ({ id: n.id, parentId: n.parentId, name: n.id }));
        const groups = nodes.map((n) => ({ id: n.id, members: descendantIds(tree, [n.id]) }));
        const counts = groupThemeCounts(groups, (id) => visibility.get(id)!.shown, tags);
        for (const node of nodes) {
          const v = visibility.get(node.id)!;
          const c = counts.get(node.id)!;
          if (!v.shown) {
            expect(c).toBeNull();
            continue;
          }
          expect(v.n).toBeGreaterThanOrEqual(k);
          const members = groups.find((g) => g.id === node.id)!.members;
          expect(c!.comments).toBe(tags.filter((t) => members.has(t.teamId)).length);
          // What subtracting the shown groups nearest below reveals: their region's responses are 0 or ≥ k.
          const frontier: string[] = [];
          let region = node.own;
          const stack = nodes.filter((n) => n.parentId === node.id);
          while (stack.length > 0) {
            const child = stack.pop()!;
            if (visibility.get(child.id)!.shown) frontier.push(child.id);
            else {
              region += child.own;
              stack.push(...nodes.filter((n) => n.parentId === child.id));
            }
          }
          expect(region === 0 || region >= k).toBe(true);
          for (const theme of THEME_KEYS) {
            const rest = c!.themes.find((t) => t.theme === theme)!.comments - frontier.reduce((s, id) => s + counts.get(id)!.themes.find((t) => t.theme === theme)!.comments, 0);
            expect(rest).toBeGreaterThanOrEqual(0);
            if (region === 0) expect(rest).toBe(0);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
