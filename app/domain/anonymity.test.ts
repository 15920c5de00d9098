import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openWaveCount, presentComments, suppressBreakdown, suppressTree, type GroupNode } from "./anonymity";

const shown = (result: Map<string, { id: string; shown: boolean }>) =>
  [...result.values()]
    .filter((v) => v.shown)
    .map((v) => v.id)
    .sort();

describe("suppressTree", () => {
  it("hides groups under the threshold and, next to a hidden one, the next smallest", () => {
    // Region (12) = A (6) + B (4) + C (2): B and C are below 5. Hiding them leaves A and Region, whose
    // difference is B + C = 6 ≥ 5: fine.
    const nodes: GroupNode[] = [
      { id: "region", parentId: null, own: 0 },
      { id: "a", parentId: "region", own: 6 },
      { id: "b", parentId: "region", own: 4 },
      { id: "c", parentId: "region", own: 2 },
    ];
    const result = suppressTree(nodes, 5);
    expect(shown(result)).toEqual(["a", "region"]);
    expect(result.get("b")).toEqual({ id: "b", n: 4, shown: false, reason: "below-threshold" });
    expect(result.get("region")!.n).toBe(12);
  });

  it("hides the next-smallest group when only one is hidden, so it cannot be worked out by subtraction", () => {
    // Region = A 9 + B 7 + C 3. C alone hidden → Region − A − B = C. Hide B (the next smallest) too.
    const nodes: GroupNode[] = [
      { id: "region", parentId: null, own: 0 },
      { id: "a", parentId: "region", own: 9 },
      { id: "b", parentId: "region", own: 7 },
      { id: "c", parentId: "region", own: 3 },
    ];
    const result = suppressTree(nodes, 5);
    expect(shown(result)).toEqual(["a", "region"]);
    expect(result.get("b")!.reason).toBe("protects-another-group");
  });

  it("between two groups of the same size, hides the one whose name comes first, whatever the ids", () => {
    // Region = Beta 7 + Alpha 7 + Gamma 3: one of the two 7s must go. Two imports of the same roster give
    // the teams different ids, and must still hide the same team (Alpha), so their exports agree.
    for (const [alphaId, betaId] of [
      ["id-2", "id-1"],
      ["id-1", "id-2"],
    ] as const) {
      const nodes: GroupNode[] = [
        { id: "region", parentId: null, own: 0, name: "Region" },
        { id: betaId, parentId: "region", own: 7, name: "Beta" },
        { id: alphaId, parentId: "region", own: 7, name: "Alpha" },
        { id: "gamma", parentId: "region", own: 3, name: "Gamma" },
      ];
      const result = suppressTree(nodes, 5);
      expect(result.get(alphaId)).toMatchObject({ shown: false, reason: "protects-another-group" });
      expect(result.get(betaId)!.shown).toBe(true);
    }
  });

  it("protects a parent's own members and hidden grandchildren from subtraction", () => {
    // P has 2 own members, child Q 10 (shown) → P − Q = 2 people: Q must be hidden.
    const p = suppressTree(
      [
        { id: "p", parentId: null, own: 2 },
        { id: "q", parentId: "p", own: 10 },
      ],
      5,
    );
    expect(shown(p)).toEqual(["p"]);
    // P → Q (own 1, subtree 9) → R (own 8): showing R would reveal Q's one own member (Q − R), so R is
    // hidden; P and Q (both 9) may show.
    const deep = suppressTree(
      [
        { id: "p", parentId: null, own: 0 },
        { id: "q", parentId: "p", own: 1 },
        { id: "r", parentId: "q", own: 8 },
      ],
      5,
    );
    expect(shown(deep)).toEqual(["p", "q"]);
    // P (own 0) → Q (own 1, subtree 4: hidden) → R (own 3, hidden) and S (own 6) under P: P − S = Q's 4.
    const hiddenMiddle = suppressTree(
      [
        { id: "p", parentId: null, own: 0 },
        { id: "q", parentId: "p", own: 1 },
        { id: "r", parentId: "q", own: 3 },
        { id: "s", parentId: "p", own: 6 },
      ],
      5,
    );
    expect(shown(hiddenMiddle)).toEqual(["p"]);
  });

  it("rejects a nonsense threshold", () => {
    expect(() => suppressTree([], 0)).toThrow("suppressTree requires a positive whole minimum group size");
  });

  // For any tree, threshold and sizes: nothing under k is shown, and no shown group's region (what
  // subtraction of shown groups reveals) holds between 1 and k − 1 responses.
  it("never reveals fewer than k responses, directly or by subtraction (property)", () => {
    const tree = fc
      .array(fc.tuple(fc.nat({ max: 9 }), fc.nat()), { minLength: 1, maxLength: 16 })
      .map((specs) => specs.map(([own, parent], i): GroupNode => ({ id: `g${i}`, own, parentId: i === 0 ? null : `g${parent % i}` })));
    fc.assert(
      fc.property(tree, fc.integer({ min: 3, max: 7 }), (nodes, k) => {
        const result = suppressTree(nodes, k);
        const children = (id: string) => nodes.filter((n) => n.parentId === id);
        for (const node of nodes) {
          const v = result.get(node.id)!;
          if (!v.shown) continue;
          expect(v.n).toBeGreaterThanOrEqual(k);
          let region = node.own;
          const stack = children(node.id);
          while (stack.length) {
            const c = stack.pop()!;
            if (result.get(c.id)!.shown) continue;
            region += c.own;
            stack.push(...children(c.id));
          }
          expect(region === 0 || region >= k).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  // A planted canary: one response in a group of 1. Whatever else is shown, the canary's group is never
  // shown, and it can never be isolated as the difference of two shown groups.
  it("never lets a planted canary answer be isolated (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 3, max: 6 }), (sizes, k) => {
        const nodes: GroupNode[] = [
          { id: "org", parentId: null, own: 0 },
          { id: "canary", parentId: "org", own: 1 },
          ...sizes.map((own, i) => ({ id: `t${i}`, parentId: "org", own })),
        ];
        const result = suppressTree(nodes, k);
        expect(result.get("canary")!.shown).toBe(false);
        if (result.get("org")!.shown) {
          const hiddenSiblings = nodes.filter((n) => n.parentId === "org" && !result.get(n.id)!.shown).reduce((s, n) => s + n.own, 0);
          expect(hiddenSiblings).toBeGreaterThanOrEqual(k);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("suppressBreakdown", () => {
  it("applies the same rules to a flat list of groups", () => {
    const result = suppressBreakdown(
      [
        { id: "x", n: 10 },
        { id: "y", n: 6 },
        { id: "z", n: 2 },
      ],
      5,
    );
    expect([...result.values()].map((v) => [v.id, v.shown])).toEqual([
      ["x", true],
      ["y", false],
      ["z", false],
    ]);
  });
});

describe("openWaveCount", () => {
  it("counts an open wave's answers in steps of the minimum group, and nothing below it", () => {
    expect(openWaveCount(7, 5)).toBe(5);
    expect(openWaveCount(10, 5)).toBe(10);
    expect(openWaveCount(14, 5)).toBe(10);
    expect(openWaveCount(4, 5)).toBeNull();
    expect(openWaveCount(0, 3)).toBeNull();
    expect(() => openWaveCount(7, 0)).toThrow("openWaveCount requires a positive whole minimum group size");
  });
});

describe("presentComments", () => {
  it("shows comments only from the comment minimum, shuffled, dated by the close date", () => {
    const comments = ["first", "second", "third"];
    let seed = 0.3;
    const random = () => (seed = (seed * 9301 + 0.49297) % 1);
    const result = presentComments(comments, { responses: 5, commentMinimum: 5, closeDate: "2026-03-31", random });
    expect(result.shown).toBe(true);
    if (!result.shown) return;
    expect(result.comments.map((c) => c.text).sort()).toEqual(["first", "second", "third"]);
    expect(result.comments.every((c) => c.date === "2026-03-31")).toBe(true);
    expect(presentComments(comments, { responses: 4, commentMinimum: 5, closeDate: "2026-03-31", random })).toEqual({ shown: false });
  });
});
