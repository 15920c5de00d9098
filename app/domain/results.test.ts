import { describe, expect, it } from "vitest";
import { momentsOf } from "./moments";
import { buildWaveResults, ORG, type WaveAggregates } from "./results";

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
  teams: new Map(Object.entries(scores).map(([id, v]) => [id, { responses: v.length, enpsN: v.length, promoters: v.filter((x) => x >= 6).length, detractors: v.filter((x) => x <= 3).length, comments: 1 }])),
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
