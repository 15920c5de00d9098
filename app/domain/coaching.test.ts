import { describe, expect, it } from "vitest";
import { coachingPriorities, lowerQuartile, type CoachingTeamScores } from "./coaching";

const dims = [
  { key: "ps", name: "Psychological safety", higherIsBetter: true },
  { key: "fp", name: "Forecast pressure", higherIsBetter: false },
];
const team = (id: string, ps: number | null, fp: number | null, change: CoachingTeamScores["scores"][string]["change"] = null): CoachingTeamScores => ({
  id,
  name: `Team ${id}`,
  scores: { ps: { mean: ps, change }, fp: { mean: fp, change: null } },
});

describe("coaching priorities", () => {
  it("takes the 25th percentile like R's quantile(type = 7)", () => {
    // quantile(c(1, 2, 3, 4, 10), 0.25) = 2; quantile(c(4.1, 5, 5.5, 6), 0.25) = 4.775
    expect(lowerQuartile([10, 1, 3, 2, 4])).toBe(2);
    expect(lowerQuartile([4.1, 5, 5.5, 6])).toBeCloseTo(4.775, 12);
    expect(lowerQuartile([])).toBeNull();
  });

  it("lists low, falling, blind-spot and CRM reasons, most reasons first, never from hidden scores", () => {
    const teams = [
      team("a", 3.2, 5.9, { diff: -0.8, ciLow: -1.3, ciHigh: -0.3 }),
      team("b", 5.5, 3.0),
      team("c", 5.8, 3.2, { diff: -0.4, ciLow: -0.9, ciHigh: 0.1 }),
      team("d", 6.0, 2.5),
      team("e", null, null),
    ];
    const result = coachingPriorities({
      dimensions: dims,
      teams,
      gaps: [
        { teamId: "a", dimension: "ps", gap: 2.1, reading: "blind-spot" },
        { teamId: "b", dimension: "ps", gap: 0.6, reading: "blind-spot" },
        { teamId: "d", dimension: "ps", gap: -1.5, reading: "hidden-strength" },
      ],
      crm: [
        { teamId: "a", winRate: 0.12, staleShare: 0.4 },
        { teamId: "b", winRate: 0.3, staleShare: 0.2 },
        { teamId: "c", winRate: 0.35, staleShare: 0.1 },
        { teamId: "d", winRate: 0.4, staleShare: 0.15 },
      ],
    });
    // ps: quartile of 3.2, 5.5, 5.8, 6.0 = 4.775 → a is low; fp (turned around): −5.9, −3.2, −3.0, −2.5 → quartile −3.875 → a is high.
    expect(result.map((r) => r.teamId)).toEqual(["a"]);
    expect(result[0]!.reasons.map((r) => r.kind)).toEqual(["low", "falling", "low", "gap", "crm"]);
    expect(result[0]!.reasons[0]!.text).toBe("Psychological safety 3.2 of 7: among the lowest quarter of teams.");
    expect(result[0]!.reasons[1]!.text).toBe("Psychological safety fell 0.8 since the last wave, more than chance would explain.");
    expect(result[0]!.reasons[2]!.text).toBe("Forecast pressure 5.9 of 7: among the highest quarter of teams.");
    expect(result[0]!.reasons[3]!.text).toBe("Manager rates psychological safety 2.1 points more favourably than the team does.");
    expect(result[0]!.reasons[4]!.text).toBe("Low psychological safety together with a win rate of 12%, in the lowest quarter.");
  });

  it("says nothing about quartiles with fewer than four shown teams", () => {
    const result = coachingPriorities({ dimensions: dims, teams: [team("a", 2, 6), team("b", 6, 2), team("c", null, null)], gaps: [], crm: [] });
    expect(result).toEqual([]);
  });
});
